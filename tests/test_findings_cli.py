"""What the commands print from findings: each `--format json` document matches its schema in
generator/findings_schema.py, and an unexpected I/O error is one located line with exit 3."""

import json

import pytest

from generator import findings_schema
from generator.cli import main
from generator.errors import EXIT_CANNOT_RUN
from generator.verbs import validate as validate_verb
from tests.conftest import FIXTURES, PROJECT
from tests.test_clients import pinned_outcomes
from tests.test_clients_cli import check as clients_check

PINNED = FIXTURES / "pinned"
CHECKS = FIXTURES / "checks"


def printed_json(capsys, argv: list[str]) -> dict:
    main(argv)
    return json.loads(capsys.readouterr().out)


def test_validate_json_matches_its_schema_and_its_problems_are_findings(capsys):
    report = printed_json(capsys, ["validate", "--project", str(PROJECT), "--format", "json",
                                   *map(str, sorted(CHECKS.glob("*/bad.json")))])
    assert report["problems"] and findings_schema.errors_in("validate", report) == []


@pytest.mark.parametrize("argv", [
    [str(PINNED / "v1.0.0.json"), str(PINNED / "v1.1.0.json")],  # two pinned files
    [str(FIXTURES / "diff" / "operation-removed" / "old.json"),
     str(FIXTURES / "diff" / "operation-removed" / "new.json")],
])
def test_diff_json_matches_its_schema(capsys, argv):
    report = printed_json(capsys, ["diff", "--project", str(PROJECT), "--format", "json", *argv])
    assert report["changes"] and findings_schema.errors_in("diff", report) == []


def test_diff_history_json_matches_its_schema(capsys):
    report = printed_json(capsys, ["diff", "--project", str(PROJECT), "--specs", str(PINNED), "--history",
                                   "--format", "json"])
    assert report["steps"] and findings_schema.errors_in("diff-history", report) == []


def test_clients_json_matches_its_schema(capsys):
    pinned_outcomes()  # the cache test_clients fills: nothing is generated again
    clients_check("1.2.0", "--format", "json")
    report = json.loads(capsys.readouterr().out)
    assert report["problems"] and findings_schema.errors_in("clients", report) == []


def test_a_document_off_its_schema_is_reported_at_the_pointer_of_the_wrong_field():
    report = {"specs": [], "counts": {"error": 0, "warning": 0, "info": 0},
              "problems": [{"code": "x", "level": "fatal", "message": "m", "hint": None,
                            "location": {"source": "a", "pointer": "", "line": None, "column": None}}]}
    (error,) = findings_schema.errors_in("validate", report)
    assert error.startswith("/problems/0/level: ")


@pytest.mark.parametrize(("fmt", "stream"), [("text", "err"), ("json", "out")])
def test_an_unexpected_io_error_is_one_located_problem_with_exit_3(tmp_path, monkeypatch, capsys, fmt,
                                                                   stream):
    missing = tmp_path / "gone" / "spec.json"
    monkeypatch.setattr(validate_verb, "run", lambda args: missing.read_bytes())  # a real FileNotFoundError
    assert main(["validate", "--format", fmt, str(missing)]) == EXIT_CANNOT_RUN
    printed = getattr(capsys.readouterr(), stream)
    if fmt == "text":
        assert printed == f"{missing}: error[io-failed] No such file or directory\n"
    else:
        assert findings_schema.errors_in("problems", json.loads(printed)) == []
        assert json.loads(printed)["problems"][0]["location"]["source"] == str(missing)
