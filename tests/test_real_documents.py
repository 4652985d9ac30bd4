"""Shapes of public documents that every stage must accept: percent-encoded `$ref`s, YAML releases.

Each test pins a variant of the small Aviato fixture release into a fresh `specs/` and runs the
verbs a user runs on it: `validate`, then `build`.
"""

import json
import re

import yaml

from generator.cli import main
from generator.pins.write import pin
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES, PROJECT

# The parameter of `/api/keys/{id}`, its braces percent-encoded as a URI fragment must have them.
PERCENT_ENCODED_REF = "#/paths/~1api~1keys~1%7Bid%7D/parameters/0"


def fixture_release() -> dict:
    return json.loads((FIXTURES / "pinned" / "v1.0.0.json").read_text(encoding="utf-8"))


def with_percent_encoded_ref() -> dict:
    document = fixture_release()
    document["paths"]["/api/libraries/{id}/scan"]["parameters"][0] = {"$ref": PERCENT_ENCODED_REF}
    return document


def pinned(tmp_path, name: str, data: bytes):
    specs = tmp_path / "specs"
    specs.mkdir()
    pin(specs, RawSpec(name, data, "v1.0.0"), "test")
    return specs


def build(specs, site) -> int:
    return main(["build", "--project", str(PROJECT), "--specs", str(specs), "--site", str(site), "--quiet",
                 "--no-cache"])


def test_a_percent_encoded_ref_resolves_to_the_node_it_names():
    spec = load(RawSpec("spec.json", json.dumps(with_percent_encoded_ref()).encode()))
    assert spec.pointer(PERCENT_ENCODED_REF)["name"] == "id"
    assert spec.resolve({"$ref": PERCENT_ENCODED_REF})["in"] == "path"


def test_a_release_with_a_percent_encoded_ref_validates_and_builds(tmp_path, capsys):
    specs = pinned(tmp_path, "v1.0.0.json", json.dumps(with_percent_encoded_ref(), indent=2).encode())
    assert main(["validate", "--project", str(PROJECT), "--specs", str(specs), "--quiet"]) == 0
    assert build(specs, tmp_path / "site") == 0, capsys.readouterr().err
    page = (tmp_path / "site" / "v1.0.0" / "docs" / "developer" / "api" / "operations" / "scanLibrary" / "index.html")
    assert "ref-missing" not in capsys.readouterr().err
    assert page.is_file()


def test_a_yaml_release_builds_and_its_reference_page_links_the_yaml_document(tmp_path, capsys):
    specs = pinned(tmp_path, "v1.0.0.yaml", yaml.safe_dump(fixture_release(), sort_keys=False).encode())
    assert build(specs, tmp_path / "site") == 0, capsys.readouterr().err
    api = tmp_path / "site" / "v1.0.0" / "docs" / "developer" / "api"
    noscript = re.search(r"<noscript>.*?</noscript>", (api / "index.html").read_text(encoding="utf-8"), re.S)
    assert noscript and 'href="openapi.yaml"' in noscript.group()
    assert (api / "openapi.yaml").read_bytes() == (specs / "v1.0.0.yaml").read_bytes()
