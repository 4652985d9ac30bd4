"""The `aviato-docs build` command, end to end on the small pinned fixture releases."""

import hashlib
import re
import json
import shutil

import pytest

from generator.cli import main
from tests.conftest import FIXTURES, PROJECT


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("out") / "site"
    assert main(["build", "--project", str(PROJECT), "--specs", str(FIXTURES / "pinned"),
                 "--site", str(site), "--quiet"]) == 0
    return site


@pytest.fixture
def specs(tmp_path):
    folder = tmp_path / "specs"
    shutil.copytree(FIXTURES / "pinned", folder)
    return folder


def build(specs, site, *extra):
    return main(["build", "--project", str(PROJECT), "--specs", str(specs), "--site", str(site), "--quiet", *extra])


def test_versions_json_lists_every_release_newest_first_with_latest_alias(built):
    assert json.loads((built / "versions.json").read_text()) == [
        {"version": "v1.1.0", "title": "v1.1.0", "aliases": ["latest"]},
        {"version": "v1.0.0", "title": "v1.0.0", "aliases": []},
    ]


def test_netlify_rules_serve_latest_and_unversioned_docs_from_the_newest_release(built):
    rules = [line.split() for line in (built / "_redirects").read_text().splitlines()]
    assert ["/latest/*", "/v1.1.0/:splat", "200"] in rules
    assert ["/docs/*", "/v1.1.0/docs/:splat", "200"] in rules
    assert ["/", "/latest/docs/developer/", "302!"] in rules


def test_each_version_publishes_its_exact_document_and_pages(built):
    for tag in ("v1.0.0", "v1.1.0"):
        assert (built / tag / "docs/developer/api/openapi.json").read_bytes() == \
            (FIXTURES / "pinned" / f"{tag}.json").read_bytes()
        assert (built / tag / "docs/developer/index.html").is_file()
        assert (built / tag / "docs/developer/api/index.html").is_file()
        assert (built / tag / "sitemap.xml").is_file()
    assert (built / "404.html").is_file() and (built / "index.html").is_file()


def test_the_scalar_modules_are_shipped_once_in_a_content_hashed_folder_without_source_maps(built):
    (folder,) = [p for p in (built / "_shared/scalar").iterdir() if p.is_dir()]
    source = PROJECT / "node_modules/@scalar/api-reference/dist/browser"
    shipped = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert shipped == sorted(p.relative_to(source).as_posix() for p in [source / "standalone.esm.js",
                                                                      *(source / "chunks").glob("*.js")])
    assert (folder / "standalone.esm.js").read_bytes() == (source / "standalone.esm.js").read_bytes()
    assert not list((built / "_shared").rglob("*.map"))
    page = (built / "v1.0.0/docs/developer/api/index.html").read_text()
    assert f'<script type="module" src="../../../../_shared/scalar/{folder.name}/standalone.esm.js"></script>' in page
    # Every module the entry imports up front is named for preloading, and only those.
    preloaded = re.findall(r'<link rel="modulepreload" href="../../../../_shared/scalar/[^/]+/([^"]+)">', page)
    entry = (folder / "standalone.esm.js").read_text()
    direct = set(re.findall(r'from\s*"\./(chunks/[^"]+\.js)"', entry))
    assert direct and direct <= set(preloaded)
    assert all((folder / name).is_file() for name in preloaded)
    assert len(preloaded) < len(shipped) - 1, "the chunks loaded on demand are not preloaded"


def test_an_older_release_shows_the_outdated_banner_text(built):
    assert "older Aviato release (v1.0.0)" in (built / "v1.0.0/docs/developer/index.html").read_text()


@pytest.mark.parametrize("damage, code", [
    # a pinned file edited after it was pinned
    (lambda specs: (specs / "v1.1.0.json").write_bytes(b"{}"), "pin-sha256-mismatch"),
    # a pinned file that is not JSON, re-pinned to match
    (lambda specs: repin(specs, "v1.1.0.json", b'{"openapi": "3.1.0",\n  "info": }'), "spec-parse-error"),
    # a Swagger 2.0 document
    (lambda specs: repin(specs, "v1.0.0.json", b'{"swagger": "2.0", "info": {}}'), "spec-not-openapi"),
])
def test_bad_input_fails_with_a_located_message_and_leaves_the_previous_site(specs, tmp_path, capsys, damage, code):
    site = tmp_path / "site"
    assert build(specs, site) == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    capsys.readouterr()
    damage(specs)
    assert build(specs, site) == 1
    err = capsys.readouterr().err
    assert f"error[{code}]" in err
    assert str(specs) in err and "Traceback" not in err
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []


def test_json_format_reports_problems_with_their_fields(specs, tmp_path, capsys):
    (specs / "v1.1.0.json").write_bytes(b"{}")
    assert build(specs, tmp_path / "site", "--format", "json") == 1
    (problem,) = json.loads(capsys.readouterr().out)["problems"]
    assert problem["code"] == "pin-sha256-mismatch"
    assert problem["location"]["pointer"] == "/releases/1/sha256"
    assert isinstance(problem["location"]["line"], int)


def test_usage_errors_exit_2():
    assert main(["build", "--format", "xml"]) == 2
    assert main([]) == 2


def repin(specs, name, data):
    (specs / name).write_bytes(data)
    manifest = json.loads((specs / "manifest.json").read_text())
    for entry in manifest["releases"]:
        if entry["file"] == name:
            entry["sha256"] = hashlib.sha256(data).hexdigest()
            entry["size"] = len(data)
    (specs / "manifest.json").write_text(json.dumps(manifest, indent=2))
