"""The policy tools: the versioning rules between releases, x-sunset judged on the release's date,
x-stability-level, fingerprints with --accept, and rule levels from pyproject.toml."""

import copy
import json
from dataclasses import replace

import pytest

from generator import diff
from generator.cli import main
from generator.diff import review
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES, PROJECT
from tests.test_diff import release

BASE = json.loads((FIXTURES / "diff/operation-added/old.json").read_text())


def spec(document: dict, name: str = "spec.json"):
    return load(RawSpec(name, json.dumps(document, indent=2).encode()))


def edited(*edits) -> dict:
    document = copy.deepcopy(BASE)
    for edit in edits:
        edit(document)
    return document


def get(d):
    return d["paths"]["/api/things/{id}"]["get"]


def version(value):
    return lambda d: d["info"].__setitem__("version", value)


def drop_name(d):
    d["components"]["schemas"]["Thing"]["properties"].pop("name")


def deprecate(sunset):
    return lambda d: get(d).update({"deprecated": True, "x-sunset": sunset})


def remove_get(d):
    d["paths"]["/api/things/{id}"].pop("get")


def rules(old, new, **policy):
    return [(c.rule, c.level) for c in diff.compare(spec(old), spec(new), policy=diff.Policy(**policy))]


def test_a_release_with_breaking_changes_and_the_same_major_version_breaks_the_policy():
    old, new = edited(version("1.2.0")), edited(version("1.3.0"), drop_name)
    (violation,) = [c for c in diff.compare(spec(old), spec(new), policy=diff.Policy(releases=True))
                    if c.rule == "api-major-version-not-bumped"]
    assert violation.level == "error" and violation.new.pointer == "/info/version"
    assert violation.message == (
        "info.version went from 1.2.0 to 1.3.0 with 2 breaking changes: response-property-removed "
        "(GET /api/things/{id}); response-property-removed (PATCH /api/things/{id}); breaking changes need a "
        "new major version")
    assert "api-major-version-not-bumped" not in {r for r, _ in rules(old, edited(version("2.0.0"), drop_name),
                                                                       releases=True)}


def test_the_versioning_rules_judge_releases_not_working_files():
    old, new = edited(version("1.2.0")), edited(version("1.2.0"), drop_name)
    assert {r for r, _ in rules(old, new)} == {"response-property-removed"}
    assert {r for r, _ in rules(old, new, releases=True)} == {
        "response-property-removed", "api-version-not-increased", "api-major-version-not-bumped"}


@pytest.mark.parametrize("old, new, expected", [
    ("1.2.0", "1.2.1", []),  # grew
    ("1.2.0", "1.1.9", ["api-version-not-increased"]),  # went down
    ("1.3.0-rc.1", "1.3.0", []),  # a release after its prerelease grew
    ("1.3.0", "1.3.0-rc.2", ["api-version-not-increased"]),  # a prerelease sorts before its release
    ("2024.1", "2024.2", ["api-version-not-semver"]),  # cannot judge: said at info
])
def test_info_version_must_grow_between_releases(old, new, expected):
    assert [r for r, _ in rules(edited(version(old)), edited(version(new)), releases=True)] == expected


def test_the_pinned_history_is_judged_by_the_versioning_rules():
    releases = [release("v1.0.0", BASE), release("v1.1.0", edited(drop_name))]
    ((step, violation),) = diff.history(releases).violations
    assert (step.new_tag, violation.rule) == ("v1.1.0", "api-major-version-not-bumped")


@pytest.mark.parametrize("date, expected", [
    ("2026-12-01", [("operation-removed-before-sunset", "error")]),  # the release comes before the sunset
    ("2027-01-01", [("operation-removed", "deprecation")]),  # on the day: allowed
    (None, [("operation-removed", "deprecation")]),  # no date to judge by: the clock is never read
])
def test_removing_an_operation_before_its_sunset_is_judged_by_the_release_date(date, expected):
    assert rules(edited(deprecate("2027-01-01")), edited(deprecate("2027-01-01"), remove_get), date=date) == expected


def test_a_history_judges_sunsets_by_each_release_s_pulled_at():
    old = release("v1.0.0", edited(deprecate("2027-01-01")))
    new = release("v1.1.0", edited(remove_get))
    new = replace(new, pin=replace(new.pin, pulled_at="2026-06-01T10:00:00Z"))
    assert [c.rule for s in diff.history([old, new]).steps for c in s.changes] == ["operation-removed-before-sunset"]


def test_the_changelog_message_of_a_deprecation_carries_its_sunset_date():
    (change,) = diff.compare(spec(BASE), spec(edited(deprecate("2027-01-01T00:00:00Z"))))
    assert change.message == "the operation is deprecated, sunset on 2027-01-01"


def level(value):
    return lambda d: get(d).__setitem__("x-stability-level", value)


def test_changes_to_draft_and_alpha_operations_are_reported_at_info_and_stability_may_only_rise():
    assert rules(edited(level("alpha")), edited(level("alpha"), remove_get)) == [
        ("operation-removed-without-deprecation", "info")]
    assert rules(edited(level("draft")), edited(level("beta"))) == []
    assert rules(edited(level("stable")), edited(level("beta"))) == [("stability-lowered", "breaking")]
    assert rules(edited(level("alpha")), edited(level("draft"))) == [("stability-lowered", "breaking")]


def fingerprints(old, new):
    return {(c.rule, c.operation.key if c.operation else None): c.fingerprint
            for c in diff.compare(spec(old), spec(new))}


def test_fingerprints_survive_unrelated_edits_and_tell_changes_apart():
    before = fingerprints(BASE, edited(drop_name))
    def unrelated(d):  # lines shift, another operation and schema appear, the file is renamed
        d["paths"] = {"/api/other": {"get": {"operationId": "other", "responses": {"200": {"description": "ok"}}}},
                      **d["paths"]}
        d["components"]["schemas"] = {"Aaa": {"type": "string"}, **d["components"]["schemas"]}
    after = {k: v for k, v in fingerprints(edited(unrelated), edited(unrelated, drop_name)).items()
             if k[0] != "operation-added"}
    assert after == before
    assert len(set(before.values())) == 2  # one per operation
    assert all(len(f) == 12 and int(f, 16) >= 0 for f in before.values())


def write_pair(tmp_path, old, new):
    paths = [tmp_path / "old.json", tmp_path / "new.json"]
    for path, document in zip(paths, (old, new)):
        path.write_text(json.dumps(document, indent=2))
    return [str(p) for p in paths]


def run(capsys, project, *args):
    code = main(["diff", "--project", str(project), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_accepted_changes_no_longer_count_for_fail_on(capsys, tmp_path):
    sides = write_pair(tmp_path, BASE, edited(drop_name))
    document = json.loads(run(capsys, tmp_path, *sides, "--format", "json")[1])
    ids = [c["fingerprint"] for c in document["changes"]]
    accept = tmp_path / "accepted.txt"
    accept.write_text(f"# reviewed\n{ids[0]}  getThing: the name was never filled\n")
    code, out, _ = run(capsys, tmp_path, *sides, "--fail-on", "breaking", "--accept", str(accept))
    assert code == 1  # the other operation's change still counts
    assert out.count(f"(accepted: {ids[0]})") == 1 and out.count("(accepted") == 1
    accept.write_text("\n".join(ids + ["0123456789ab"]) + "\n")
    code, out, err = run(capsys, tmp_path, *sides, "--fail-on", "breaking", "--accept", str(accept),
                         "--format", "json")
    assert code == 0 and all(c["accepted"] for c in json.loads(out)["changes"])
    assert err == f"{accept}: note: 0123456789ab matches no change\n"


def test_an_accept_file_with_something_else_than_fingerprints_is_a_located_usage_error(capsys, tmp_path):
    sides = write_pair(tmp_path, BASE, BASE)
    accept = tmp_path / "accepted.txt"
    accept.write_text("# ok\nresponse-property-removed\n")
    code, out, err = run(capsys, tmp_path, *sides, "--accept", str(accept))
    assert (code, out) == (2, "")
    assert err.startswith(f"{accept}:2:1: error[accept-invalid] 'response-property-removed' is not a change's")


def test_rule_levels_come_from_pyproject(capsys, tmp_path):
    sides = write_pair(tmp_path, BASE, edited(drop_name, deprecate("2027-01-01")))
    (tmp_path / "pyproject.toml").write_text('[tool.aviato-docs.diff.rules]\nresponse-property-removed = "info"\n'
                                             'operation-deprecated = "off"\n')
    document = json.loads(run(capsys, tmp_path, *sides, "--format", "json", "--fail-on", "breaking")[1])
    assert {(c["id"], c["level"]) for c in document["changes"]} == {("response-property-removed", "info")}


def test_an_unknown_rule_in_pyproject_is_a_located_usage_error(capsys, tmp_path):
    sides = write_pair(tmp_path, BASE, BASE)
    (tmp_path / "pyproject.toml").write_text('[tool.aviato-docs.diff.rules]\n\nno-such-rule = "info"\n')
    code, _, err = run(capsys, tmp_path, *sides)
    assert code == 2
    assert err.startswith(f"{tmp_path / 'pyproject.toml'}:3: error[config-invalid] unknown diff rule 'no-such-rule'")


def test_date_must_be_a_calendar_date(capsys, tmp_path):
    sides = write_pair(tmp_path, BASE, BASE)
    assert run(capsys, tmp_path, *sides, "--date", "next tuesday")[0] == 2
    assert run(capsys, tmp_path, *sides, "--date", "2026-12-01")[0] == 0


def test_the_date_of_a_pinned_release_is_the_day_it_was_pulled():
    from generator.diff.sides import open_side
    assert open_side("v1.2.0", PROJECT, PROJECT / "specs").date == "2026-09-14"


def test_review_levels_of_the_project_itself_are_valid():
    assert set(review.levels(PROJECT)) <= set(diff.RULES)
