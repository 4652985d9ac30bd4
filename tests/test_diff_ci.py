"""`aviato-docs diff --format github|junit`: annotations on the new spec's lines and a JUnit report for CI."""

import json
import xml.etree.ElementTree as ET

from generator.cli import main
from tests.conftest import FIXTURES, PROJECT

PAIRS = FIXTURES / "diff"


def run(capsys, *args):
    code = main(["diff", "--project", str(PROJECT), *args])
    out, err = capsys.readouterr()
    return code, out, err


def pair(rule: str) -> list[str]:
    return [str((PAIRS / rule / name).relative_to(PROJECT)) for name in ("old.json", "new.json")]


def test_github_format_annotates_the_new_specs_line_and_fails_as_the_exit_code_says(capsys, monkeypatch):
    monkeypatch.chdir(PROJECT)
    old, new = pair("operation-removed-without-deprecation")
    assert run(capsys, old, new, "--format", "github") == (1, (
        f"::error file={new},line=24,col=5,title=error[operation-removed-without-deprecation]::"
        "error: GET /api/things/{id}: the operation was removed but the old release did not deprecate it; "
        "the versioning policy removes routes only after a release that deprecates them "
        "(at /paths/~1api~1things~1{id}/get; id 5426575baab5)"
        f"%0Awas: {old}:35:7 (at /paths/~1api~1things~1{{id}}/get)\n"), "")


def test_github_format_levels_follow_fail_on(capsys, monkeypatch):
    monkeypatch.chdir(PROJECT)
    # a breaking change is a warning annotation by default, an error with --fail-on breaking
    old, new = pair("response-property-removed")
    assert run(capsys, old, new, "--format", "github")[1].startswith("::warning file=")
    code, out, _ = run(capsys, old, new, "--format", "github", "--fail-on", "breaking")
    assert code == 1 and out.startswith("::error file=")
    # an addition is a notice
    assert run(capsys, *pair("operation-added"), "--format", "github")[1].startswith("::notice file=")


def test_github_format_escapes_what_the_runner_would_read_as_commands(capsys, tmp_path):
    document = json.loads((PAIRS / "tags-changed/new.json").read_text())
    document["tags"].append({"name": "50%\r\n::error::forged"})
    folder = tmp_path / "a,b:c"
    folder.mkdir()
    (folder / "new.json").write_text(json.dumps(document))
    _, out, _ = run(capsys, str(PAIRS / "tags-changed/old.json"), str(folder / "new.json"), "--format", "github")
    (line,) = out.splitlines()
    assert f"file={tmp_path}/a%2Cb%3Ac/new.json," in line
    assert "50%25%0D%0A::error::forged" in line


def test_junit_format_has_a_testcase_per_change_and_a_failure_for_each_at_or_above_fail_on(capsys, monkeypatch):
    monkeypatch.chdir(PROJECT)
    code, out, _ = run(capsys, "v1.1.0", "v1.2.0", "--format", "junit", "--fail-on", "deprecation")
    assert code == 1
    suites = ET.fromstring(out.encode())
    (suite,) = suites.findall("testsuite")
    cases = suite.findall("testcase")
    failures = [case for case in cases if case.find("failure") is not None]
    assert len(cases) == int(suite.get("tests")) == 20
    assert len(failures) == int(suite.get("failures")) == 2
    assert {f.find("failure").get("type") for f in failures} == {"operation-removed", "operation-deprecated"}
    assert all(case.get("file") == "specs/v1.2.0.json" and int(case.get("line")) > 0 for case in cases)


def test_junit_format_stays_well_formed_xml_with_control_characters_from_the_spec(capsys, tmp_path):
    document = json.loads((PAIRS / "tags-changed/new.json").read_text())
    document["tags"].append({"name": "bell\x07 esc\x1b[31m <&>"})
    (tmp_path / "new.json").write_text(json.dumps(document))
    _, out, _ = run(capsys, str(PAIRS / "tags-changed/old.json"), str(tmp_path / "new.json"), "--format", "junit")
    (case,) = ET.fromstring(out.encode()).iter("testcase")
    assert "bell\\x07 esc\\x1b[31m <&>" in case.get("name")
