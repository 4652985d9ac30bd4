"""The one findings model: its severity scale, its registry helper, its text format, and its users."""

import json

import pytest

from generator import checks, diff, findings
from generator.checks import registry as checks_registry
from generator.clients.cache import Cache
from generator.clients.findings import located
from generator.diff import model as diff_model
from generator.errors import Problem
from generator.findings import LEVELS, RULE_ID, Finding, Location, as_text, at_or_above, register

HERE = Location("spec.json", "/paths/~1a/get", 12, 5)


def test_the_scale_orders_every_level_of_checks_and_diff_most_severe_first():
    assert LEVELS == ("error", "breaking", "warning", "deprecation", "additive", "info")
    assert set(findings.CHECK_LEVELS) <= set(LEVELS)
    assert [level for level in LEVELS if at_or_above(level, "warning")] == ["error", "breaking", "warning"]
    assert at_or_above("error", "info") and not at_or_above("info", "error")


@pytest.mark.parametrize(("level", "threshold", "fails"), [
    ("warning", "error", False),  # validate --fail-on error ignores warnings
    ("warning", "warning", True),  # validate and clients --fail-on warning
    ("info", "warning", False),  # info never fails a check
    ("breaking", "deprecation", True),  # diff --fail-on deprecation
    ("additive", "deprecation", False),
    ("additive", "info", True),  # diff --fail-on any
])
def test_each_fail_on_threshold_counts_the_levels_at_or_above_it(level, threshold, fails):
    assert at_or_above(level, threshold) is fails


def test_the_checks_the_diff_and_the_clients_share_one_finding_class():
    assert Problem is Finding
    assert issubclass(checks_registry.Finding, Finding) and issubclass(diff_model.Finding, Finding)
    assert issubclass(diff.Change, Finding)
    assert type(located("typescript-compile-error", "error", "tsc TS2322: no")) is Finding


@pytest.mark.parametrize("rule_id", [
    "operation-id-missing",  # lowercase words joined by '-'
    "openapi-3-0",  # digits are words too
])
def test_a_well_formed_rule_id_is_registered(rule_id):
    registry: dict = {}
    assert register(registry, rule_id, "error", LEVELS, "rule") == "rule" and registry == {rule_id: "rule"}


@pytest.mark.parametrize("rule_id", [
    "Operation-id",  # upper case
    "operation_id",  # underscore
    "operation--id",  # an empty word
    "-operation",  # starts with '-'
    "operation-",  # ends with '-'
    "",  # nothing
])
def test_a_malformed_rule_id_is_refused(rule_id):
    with pytest.raises(ValueError, match="is not lowercase words"):
        register({}, rule_id, "error", LEVELS, "rule")


def test_a_repeated_rule_id_is_refused_and_the_first_rule_kept():
    registry = {"operation-removed": "first"}
    with pytest.raises(ValueError, match="'operation-removed' is registered twice"):
        register(registry, "operation-removed", "breaking", LEVELS, "second")
    assert registry == {"operation-removed": "first"}


def test_a_level_off_the_scale_is_refused():
    with pytest.raises(ValueError, match="level must be one of error, warning, info, not 'breaking'"):
        register({}, "operation-id-missing", "breaking", findings.CHECK_LEVELS, "rule")


def test_a_diff_rule_declared_twice_is_refused_and_the_registry_unchanged():
    before = dict(diff.RULES)
    with pytest.raises(ValueError, match="'operation-removed' is registered twice"):
        diff_model.rule("operation-removed", "info", "a second rule under the same id")(lambda d: ())
    assert diff.RULES == before


def test_a_check_declared_twice_or_with_a_malformed_id_is_refused():
    with pytest.raises(ValueError, match="'operation-id-missing' is registered twice"):
        checks_registry.rule("operation-id-missing", "error", "again")(lambda ctx: ())
    with pytest.raises(ValueError, match="is not lowercase words"):
        checks_registry.rule("operationIdMissing", "error", "camel case")(lambda ctx: ())
    assert "operationIdMissing" not in checks.RULES


def test_every_registered_id_of_checks_and_diff_matches_the_one_pattern():
    assert all(RULE_ID.match(rule_id) for rule_id in [*checks.RULES, *diff.RULES])


def test_a_finding_is_one_line_with_its_pointer_and_a_hint_line():
    finding = Finding("example-invalid", "error", "the example does not match", HERE, "see #/components")
    assert as_text(finding) == finding.format() == (
        "spec.json:12:5: error[example-invalid] the example does not match (at /paths/~1a/get)\n"
        "  hint: see #/components")


def test_a_finding_with_a_previous_place_shows_it_on_a_was_line():
    finding = Finding("operation-removed", "breaking", "gone", Location("new.json", "", 3), None,
                      Location("old.json", "", 9))
    assert as_text(finding, "GET /a: ") == ("new.json:3: breaking[operation-removed] GET /a: gone\n"
                                            "  was: old.json:9 (at /)")


def test_the_text_format_shows_control_characters_as_escapes_and_indents_further_lines():
    finding = Finding("x", "warning", "red \x1b[31m\nnext", Location("a\u202eb.json"))
    assert as_text(finding) == "a\\u202eb.json: warning[x] red \\x1b[31m\n    next"


def test_a_finding_written_as_json_reads_back_the_same():
    plain = Finding("python-type-error", "error", "mypy [arg-type]: no", HERE, "a hint")
    moved = Finding("operation-removed", "breaking", "gone", HERE, None, Location("old.json", "/paths"))
    assert plain.to_dict() == {"code": "python-type-error", "level": "error",
                               "message": "mypy [arg-type]: no",
                               "location": {"source": "spec.json", "pointer": "/paths/~1a/get", "line": 12,
                                            "column": 5},
                               "hint": "a hint"}
    assert [Finding.from_dict(f.to_dict()) for f in (plain, moved)] == [plain, moved]


def test_a_checks_finding_is_built_from_its_pointer_and_located_by_the_run():
    finding = checks_registry.Finding("/info", "no version", hint="add one")
    assert (finding.location, finding.message, finding.hint) == (Location("", "/info"), "no version",
                                                                 "add one")


def test_a_diff_finding_keeps_both_pointers_and_its_subject():
    finding = diff_model.Finding("the operation was removed", "/paths/~1a", "/paths", "GET /a")
    assert (finding.old_pointer, finding.new_pointer, finding.subject) == ("/paths/~1a", "/paths", "GET /a")
    assert finding.previous == Location("", "/paths/~1a")


def test_a_client_verdict_cached_with_the_old_flat_findings_is_made_again(tmp_path):
    """Before the one model, result.json held flat findings (pointer, file, line...): not a crash, a miss."""
    cache = Cache(tmp_path)
    folder = tmp_path / "ab" / "python"
    folder.mkdir(parents=True)
    old = {"code": "python-type-error", "level": "error", "message": "m", "pointer": "", "file": "x.py",
           "line": 1, "column": None, "hint": None}
    (folder / "result.json").write_text(json.dumps({"fingerprint": "f", "seconds": 1.0, "findings": [old]}))
    assert cache.load("ab", "python", "f") is None
    workspace = cache.workspace("ab", "python")
    stored = cache.store("ab", "python", workspace, "f", [located("c", "error", "m")], 1.0)
    assert cache.load("ab", "python", "f") == stored
