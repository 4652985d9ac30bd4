"""The rule registry: every diff rule is complete, and its fixture pair shows exactly that rule."""

import json
from pathlib import Path

import pytest

from generator import diff
from generator.findings import RULE_ID
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES

RULE_FIXTURES = FIXTURES / "diff"
KEBAB = RULE_ID  # the one rule-id pattern of checks and diff rules


def load_pair(folder: Path):
    return [load(RawSpec(str(folder / name), (folder / name).read_bytes()))
            for name in ("old.json", "new.json")]


def fixture_policy(folder: Path) -> diff.Policy:
    """The pair's `policy.json`, when its rule needs one: the new release's date, whether both are
    releases."""
    path = folder / "policy.json"
    return diff.Policy(**json.loads(path.read_text())) if path.is_file() else diff.Policy()


@pytest.mark.parametrize("rule", list(diff.RULES.values()), ids=list(diff.RULES))
def test_every_rule_has_an_id_a_level_a_description_and_a_fixture_pair(rule):
    assert KEBAB.match(rule.id)
    assert rule.level in diff.LEVELS
    assert rule.description and "\n" not in rule.description
    assert rule.scope in ("operation", "document", "release")
    assert (RULE_FIXTURES / rule.id / "old.json").is_file()
    assert (RULE_FIXTURES / rule.id / "new.json").is_file()
    assert set(rule.mirrors) <= set(diff.RULES)


def test_no_fixture_folder_belongs_to_no_rule():
    folders = {p.name for p in RULE_FIXTURES.iterdir() if p.is_dir()}
    assert folders - set(diff.RULES) == set()
    for folder in RULE_FIXTURES.iterdir():
        assert {p.name for p in folder.iterdir()} <= {"old.json", "new.json", "policy.json"}


@pytest.mark.parametrize("rule_id", list(diff.RULES))
def test_a_rule_fixture_pair_reports_that_rule_and_nothing_else(rule_id):
    old, new = load_pair(RULE_FIXTURES / rule_id)
    changes = diff.compare(old, new, policy=fixture_policy(RULE_FIXTURES / rule_id))
    assert changes
    if diff.RULES[rule_id].scope == "release":  # the versioning rules judge the pair's other changes
        changes = [c for c in changes if diff.RULES[c.rule].scope == "release"]
    assert {c.rule for c in changes} == {rule_id}
    for change in changes:
        assert change.level == diff.RULES[rule_id].level
        # Both locations, each with the line of the pointer (or of its nearest ancestor) in its own file.
        assert change.old.source.endswith("old.json") and change.new.source.endswith("new.json")
        assert change.old.pointer and change.new.pointer
        assert change.old.line and change.new.line
        assert (change.operation is None) == (diff.RULES[rule_id].scope != "operation")


def test_reading_the_operation_added_pair_backwards_is_a_removal_without_deprecation():
    old, new = load_pair(RULE_FIXTURES / "operation-added")
    assert [c.rule for c in diff.compare(new, old)] == ["operation-removed-without-deprecation"]
