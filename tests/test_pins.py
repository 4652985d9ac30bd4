import json
import shutil

import pytest

from generator import pins
from generator.errors import GeneratorError
from tests.conftest import FIXTURES


@pytest.fixture
def pinned(tmp_path):
    folder = tmp_path / "specs"
    shutil.copytree(FIXTURES / "pinned", folder)
    return folder


def test_pinned_releases_load_oldest_first_with_their_exact_bytes(pinned):
    releases = pins.releases(pinned)
    assert [r.tag for r in releases] == ["v1.0.0", "v1.1.0"]
    assert releases[1].spec.raw.data == (pinned / "v1.1.0.json").read_bytes()


def test_a_file_that_no_longer_matches_its_pin_is_refused_at_the_manifest_line(pinned):
    (pinned / "v1.1.0.json").write_bytes((pinned / "v1.1.0.json").read_bytes() + b" ")
    with pytest.raises(GeneratorError) as caught:
        pins.releases(pinned)
    (problem,) = caught.value.problems
    assert problem.code == "pin-sha256-mismatch"
    assert problem.location.source.endswith("manifest.json")
    assert problem.location.pointer == "/releases/1/sha256"
    lines = (pinned / "manifest.json").read_text().splitlines()
    assert '"sha256"' in lines[problem.location.line - 1]
    assert "v1.1.0.json" in problem.message


def test_a_missing_spec_file_is_named(pinned):
    (pinned / "v1.0.0.json").unlink()
    with pytest.raises(GeneratorError) as caught:
        pins.releases(pinned)
    assert caught.value.problems[0].code == "pin-file-missing"
    assert "v1.0.0.json" in caught.value.problems[0].message


def test_a_manifest_that_is_not_json_is_located(pinned):
    (pinned / "manifest.json").write_text('{"releases": [\n  {"tag": }\n]}')
    with pytest.raises(GeneratorError) as caught:
        pins.releases(pinned)
    assert caught.value.problems[0].location.line == 2


def test_a_manifest_entry_without_a_file_is_refused(pinned):
    manifest = json.loads((pinned / "manifest.json").read_text())
    del manifest["releases"][0]["file"]
    (pinned / "manifest.json").write_text(json.dumps(manifest, indent=2))
    with pytest.raises(GeneratorError) as caught:
        pins.releases(pinned)
    assert caught.value.problems[0].code == "manifest-entry-invalid"
    assert caught.value.problems[0].location.pointer == "/releases/0"


@pytest.mark.parametrize("tags, latest", [
    (["v1.0.0", "v1.10.0", "v1.9.0"], "v1.10.0"),  # numeric, not string, order
    (["v1.2.0", "v1.3.0-rc.1"], "v1.2.0"),  # a prerelease never becomes latest
    (["v2.0.0-beta.1"], None),  # nothing stable yet
])
def test_latest_is_the_newest_stable_release(tags, latest):
    assert pins.latest_stable(tags) == latest


def test_a_prerelease_sorts_before_its_release():
    assert sorted(["v1.3.0", "v1.3.0-rc.2", "v1.3.0-rc.10", "v1.2.9"], key=pins.version_key) == \
        ["v1.2.9", "v1.3.0-rc.2", "v1.3.0-rc.10", "v1.3.0"]


@pytest.mark.parametrize("ordered", [
    ["v1.0.0", "v1.1.0", "v1.2.0"],  # the pinned tags (specs/manifest.json)
    ["1.0.0-alpha", "v1.0.0-alpha.1", "1.0.0-alpha.beta", "v1.0.0-beta", "1.0.0-beta.2", "v1.0.0-beta.11",
     "1.0.0-rc.1", "v1.0.0"],  # semver.org's precedence example, with and without a leading v
    ["v1.0.0-1", "v1.0.0-2", "v1.0.0-10", "v1.0.0-alpha"],  # numeric identifiers as numbers, before letters
    ["v1.9.0", "v1.10.0-rc.1", "v1.10.0", "v2.0.0"],  # numbers, not text
    ["2023-12-31", "2024-06-20", "2024-10-01", "v8", "v70", "v0.1.0"],  # other tags first, numbers as numbers
])
def test_releases_sort_in_semver_precedence_and_other_tags_keep_their_numeric_order(ordered):
    for shuffled in (list(reversed(ordered)), ordered[1::2] + ordered[::2]):
        assert sorted(shuffled, key=pins.version_key) == ordered


def test_the_release_order_starts_with_the_major_version():
    # The versioning policy compares majors by it (diff/rules/policy.py).
    assert [pins.version_key(t)[0] for t in ("v2.0.0-rc.1", "3.1.4", "2024-06-20")] == [2, 3, -1]
