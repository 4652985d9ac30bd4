"""The rule registry: every rule is complete (id, level, description, good and bad fixture), no fixture is
orphaned."""

import pytest

from generator.checks import RULES
from generator.findings import CHECK_LEVELS as LEVELS
from generator.findings import RULE_ID as KEBAB  # the one rule-id pattern of checks and diff rules
from tests.conftest import FIXTURES

CHECK_FIXTURES = FIXTURES / "checks"


def fixture(rule_id: str, verdict: str):
    matches = sorted((CHECK_FIXTURES / rule_id).glob(f"{verdict}.*"))
    return matches[0] if matches else None


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_a_kebab_case_id_a_level_a_one_line_description_and_both_fixtures(rule_id):
    rule = RULES[rule_id]
    assert KEBAB.match(rule.id) and rule.id == rule_id
    assert rule.level in LEVELS
    assert rule.description and "\n" not in rule.description and len(rule.description) <= 100
    assert rule.kind in ("structural", "house")
    for verdict in ("good", "bad"):
        assert fixture(rule_id, verdict) is not None, \
            f"tests/fixtures/checks/{rule_id}/{verdict}.json (or .yaml) is missing"


def test_every_fixture_folder_belongs_to_a_rule():
    folders = {path.name for path in CHECK_FIXTURES.iterdir() if path.is_dir()}
    assert folders - set(RULES) == set()


def test_the_house_rules_of_the_overview_are_all_registered():
    promised = {"operation-bearer-required", "public-route-unmarked", "error-response-shape",
                "response-not-json", "operation-id-missing", "operation-id-unique", "operation-tag-missing",
                "operation-summary-missing",
                "info-version-tag", "path-version-prefix", "example-invalid"}
    assert promised <= set(RULES)
