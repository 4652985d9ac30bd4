"""The write side of specs/: atomic pins, immutability of a release, unsafe tags, concurrent pulls."""

import hashlib
import json
import multiprocessing
import shutil

import pytest

from generator import pins
from generator.errors import GeneratorError
from generator.spec import RawSpec
from tests.conftest import FIXTURES
from tests.peers.project import snapshot, spec_bytes


@pytest.fixture
def specs(tmp_path):
    folder = tmp_path / "specs"
    shutil.copytree(FIXTURES / "pinned", folder)
    return folder


def raw(tag: str, data: bytes | None = None, name: str = "openapi.json") -> RawSpec:
    return RawSpec(f"test:{tag}/{name}", data if data is not None else spec_bytes(tag.lstrip("v")), tag)


def test_a_new_pin_writes_the_exact_bytes_and_a_manifest_entry_in_version_order(specs):
    result = pins.pin(specs, raw("v1.0.1"), "github:aviato-media/aviato")
    assert result.status == "pinned"
    assert (specs / "v1.0.1.json").read_bytes() == spec_bytes("1.0.1")
    entries = json.loads((specs / "manifest.json").read_text())["releases"]
    assert [e["tag"] for e in entries] == ["v1.0.0", "v1.0.1", "v1.1.0"]
    entry = entries[1]
    assert set(entry) == {"tag", "file", "sha256", "size", "source", "pulled_at"}
    assert entry["sha256"] == hashlib.sha256(spec_bytes("1.0.1")).hexdigest()
    assert entry["size"] == len(spec_bytes("1.0.1")) and entry["source"] == "github:aviato-media/aviato"
    assert [r.tag for r in pins.releases(specs)] == ["v1.0.0", "v1.0.1", "v1.1.0"]  # the read side agrees
    assert sorted(p.name for p in specs.iterdir()) == ["manifest.json", "v1.0.0.json", "v1.0.1.json", "v1.1.0.json"]


def test_a_yaml_document_is_pinned_under_a_yaml_name(specs):
    assert pins.pin(specs, raw("v2.0.0", b"openapi: 3.1.0\n", "openapi.yaml"), "x").entry["file"] == "v2.0.0.yaml"


def test_re_pinning_identical_bytes_changes_nothing(specs):
    pins.pin(specs, raw("v1.2.0"), "x")
    before = snapshot(specs)
    assert pins.pin(specs, raw("v1.2.0"), "x").status == "unchanged"
    assert snapshot(specs) == before


def test_re_pinning_different_bytes_is_refused_and_changes_nothing(specs):
    before = snapshot(specs)
    with pytest.raises(GeneratorError) as caught:
        pins.pin(specs, raw("v1.1.0", spec_bytes("1.1.0") + b"\n"), "x")
    (problem,) = caught.value.problems
    assert problem.code == "pin-differs" and "--force" in problem.hint
    assert snapshot(specs) == before


def test_force_re_pins_different_bytes_and_keeps_what_it_replaced(specs):
    old = json.loads((specs / "manifest.json").read_text())["releases"][1]
    result = pins.pin(specs, raw("v1.1.0", spec_bytes("1.1.0") + b"\n"), "x", force=True)
    assert (result.status, result.previous) == ("re-pinned", old)
    assert (specs / "v1.1.0.json").read_bytes() == spec_bytes("1.1.0") + b"\n"
    pins.releases(specs)  # verifies


def test_unpin_puts_back_the_manifest_and_files_as_they_were(specs):
    before = snapshot(specs)
    pins.unpin(specs, pins.pin(specs, raw("v1.3.0"), "x"))
    pins.unpin(specs, pins.pin(specs, raw("v1.1.0", b"{}"), "x", force=True))
    assert snapshot(specs) == before


def test_a_damaged_file_under_a_right_pin_is_restored(specs):
    (specs / "v1.1.0.json").write_bytes(b"damaged")
    assert pins.pin(specs, raw("v1.1.0", (FIXTURES / "pinned/v1.1.0.json").read_bytes()), "x").status == "restored"
    pins.releases(specs)


@pytest.mark.parametrize("tag", [
    "../escape",  # climbs out of specs/
    "v1/../../x",  # a separator and `..`
    "a\\b",  # a Windows separator
    "v1.2.0\n",  # a control character
    "v1..2",  # `..` alone
    "-v1.2.0",  # would read as an option to git
    "",  # nothing
    "manifest",  # would overwrite the manifest
    ".hidden",  # starts with a dot
])
def test_an_unsafe_tag_is_refused_before_any_file_is_touched(tmp_path, tag):
    specs = tmp_path / "specs"
    with pytest.raises(GeneratorError) as caught:
        pins.pin(specs, raw(tag, b"{}"), "x")
    assert caught.value.problems[0].code == "tag-unsafe" and caught.value.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def _pin_many(specs, first: int) -> None:
    for minor in range(first, first + 10):
        pins.pin(specs, raw(f"v2.{minor}.0"), "race")


def test_two_pulls_at_once_both_land_and_the_manifest_stays_whole(specs):
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_pin_many, args=(specs, first)) for first in (0, 10)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(30)
    assert [w.exitcode for w in workers] == [0, 0]
    tags = [r.tag for r in pins.releases(specs)]
    assert tags == ["v1.0.0", "v1.1.0", *[f"v2.{minor}.0" for minor in range(20)]]
    assert not [p for p in specs.iterdir() if p.name.startswith(".")]  # no lock or temporary file left
