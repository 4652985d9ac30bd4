"""The diff on five pairs of consecutive public releases (the corpus manifest's `pairs`), as
`aviato-docs diff OLD NEW --format json` reports them, against changes checked by hand: each pair's
documents were compared with a script of their own (operations, parameters, properties, required
lists, enums, unions, formats, all `$ref`s followed), and each row below is a change found there,
with the rule, the operation, where inside it, and the level a client would feel it at.

What a pair must not report (the false alarms looked for and not found, or fixed) is checked beside it.
A document against itself is tests/corpus/test_diff.py's (every corpus document).
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
from collections import Counter

import pytest

from generator.cli import main
from tests.conftest import PROJECT
from tests.corpus.fetch import corpus, fetch

pytestmark = pytest.mark.corpus
CORPUS = corpus()

# pair -> rows of (level, rule id, operation (METHOD /path; None: the whole document), what the
# message names inside it). A change shared by operations (one component) is reported once per operation.
EXPECTED = {
    ("blockfrost-0.1.92", "blockfrost-0.1.93"): [
        # proposal_votes items gained `counted` (boolean, required): both vote listings return it.
        ("additive", "response-property-added", "GET /governance/proposals/{tx_hash}/{cert_index}/votes",
         "property [].counted was added to the 200 application/json response"),
        ("additive", "response-property-added", "GET /governance/proposals/{gov_action_id}/votes",
         "property [].counted was added to the 200 application/json response"),
    ],
    ("toaztr-0.109.0", "toaztr-0.110.0"): [
        # A new operation with eight new component schemas (LifeInsurance*), under a new tag.
        ("additive", "operation-added", "POST /v1/life_insurance", "the operation was added"),
        ("info", "tags-changed", None, "added standalone_life_insurance"),
    ],
    ("github-webhooks-12.0.3", "github-webhooks-12.1.0"): [
        # Six new webhooks (issue dependencies, secret scanning alert assignment).
        ("additive", "webhook-added", None, "webhook POST issue-dependencies-blocked-by-added was added"),
        ("additive", "webhook-added", None, "webhook POST secret-scanning-alert-unassigned was added"),
        ("info", "tags-changed", None, "added enterprise-team-memberships, enterprise-team-organizations"),
        # `issue` no longer requires author_association: the sub-issue payloads may leave it out.
        ("breaking", "webhook-payload-property-made-optional", None,
         "sub-issues-sub-issue-added: the payload may now leave out sub_issue.author_association"),
        ("breaking", "webhook-payload-property-made-optional", None,
         "sub-issues-parent-issue-added: the payload may now leave out parent_issue.author_association"),
        # issue.state_reason gained "duplicate"; ruleset bypass modes gained "exempt".
        ("warning", "webhook-payload-enum-widened", None,
         'sub-issues-sub-issue-removed: the payload sub_issue.state_reason may now be "duplicate"'),
        ("warning", "webhook-payload-enum-widened", None,
         'repository-ruleset-edited: the payload repository_ruleset.bypass_actors[].bypass_mode may now be "exempt"'),
        ("warning", "webhook-payload-enum-widened", None,
         'repository-ruleset-created: the payload repository_ruleset.current_user_can_bypass may now be "exempt"'),
        # New properties, a nested one and one of a shared component (minimal-repository).
        ("additive", "webhook-payload-property-added", None,
         "release-published: the payload carries a new property release.immutable"),
        ("additive", "webhook-payload-property-added", None,
         "check-run-created: the payload carries a new property check_run.check_suite.repository.custom_properties"),
    ],
    ("adyen-checkout-v70", "adyen-checkout-v71"): [
        # PaymentLinkRequest.expiresAt gained `format: date-time`: a free string is refused now.
        ("breaking", "request-constraint-narrowed", "POST /paymentLinks",
         'expiresAt in the request body (application/json): format "date-time" was added'),
        # DonationPaymentRequest lost 33 optional properties, among them:
        ("warning", "request-property-removed", "POST /donations",
         "property additionalAmount was removed from the request body (application/json)"),
        ("warning", "request-property-removed", "POST /donations",
         "property trustedShopper was removed from the request body (application/json)"),
        # PaymentAmountUpdateResponse gained lineItems.
        ("additive", "response-property-added", "POST /payments/{paymentPspReference}/amountUpdates",
         "property lineItems was added to the 201 application/json response"),
        ("info", "servers-changed", None, "added https://checkout-test.adyen.com/v71"),
        ("info", "api-description-changed", None, "the API's description changed"),
    ],
    ("adyen-transfer-v3", "adyen-transfer-v4"): [
        # Transaction: accountHolderId (required) became accountHolder (an object, required), ...
        ("breaking", "response-property-removed", "GET /transactions",
         "property data[].accountHolderId was removed from the 200 application/json response"),
        ("additive", "response-property-added", "GET /transactions",
         "property data[].accountHolder was added to the 200 application/json response"),
        ("breaking", "response-property-removed", "GET /transactions/{id}",
         "property createdAt was removed from the 200 application/json response"),
        # ... and lost optional properties (category, eventId, type, ...).
        ("warning", "response-optional-property-removed", "GET /transactions/{id}",
         "optional property eventId was removed from the 200 application/json response"),
        ("warning", "response-optional-property-removed", "GET /transactions",
         "optional property data[].category was removed from the 200 application/json response"),
        # Transfer: the deprecated balanceAccountId and paymentInstrumentId removed; categoryData (a oneOf) added.
        ("warning", "response-optional-property-removed", "POST /transfers",
         "optional property balanceAccountId was removed from the 200 application/json response"),
        ("additive", "response-property-added", "POST /transfers",
         "property categoryData was added to the 200 application/json response"),
        ("info", "servers-changed", None, "added https://balanceplatform-api-test.adyen.com/btl/v4"),
    ],
}

# pair -> (how many changes at each level, what must not be reported: (rule id or None, text)).
TOTALS = {
    ("blockfrost-0.1.92", "blockfrost-0.1.93"): (
        {"additive": 2},
        # voter's description and the examples changed: nothing a client feels.
        [(None, "voter")]),
    ("toaztr-0.109.0", "toaztr-0.110.0"): (
        {"additive": 1, "info": 1},
        # The new operation's schemas are part of it, not changes of their own.
        [(None, "LifeInsurance")]),
    ("github-webhooks-12.0.3", "github-webhooks-12.1.0"): (
        # breaking: the four sub-issues webhooks, each carrying `issue` twice (sub_issue, parent_issue),
        # reported once per webhook; warning: 4 state_reason and 3 x 2 ruleset enums.
        {"breaking": 4, "warning": 10, "additive": 271, "info": 1},
        # check_run.app: `anyOf: [integration, null]` became `type: [object, null]` with the same
        # properties; code-scanning-alert-reopened's alert may no longer be null (a narrower payload).
        [("webhook-payload-changed", ""), (None, "check_run.app"),
         (None, "code-scanning-alert-reopened: the payload alert may")]),
    ("adyen-checkout-v70", "adyen-checkout-v71"): (
        {"breaking": 1, "warning": 33, "additive": 1, "info": 2},
        # expiresAt also gained its format in PaymentLinkResponse: a narrower response, nothing to feel.
        [("response-constraint-widened", "")]),
    ("adyen-transfer-v3", "adyen-transfer-v4"): (
        # 5 required and 8 optional Transaction properties, each under both transaction operations.
        {"breaking": 10, "warning": 19, "additive": 7, "info": 2},
        # TransferInfo (what POST /transfers sends) did not change; the 202 response shares the 200's
        # component, reported once for the operation.
        [("request-", ""), (None, "202 application/json")]),
}


@functools.cache
def reported(old_id: str, new_id: str) -> tuple[dict, ...]:
    """The changes `aviato-docs diff OLD NEW --format json` prints for two corpus documents."""
    files = fetch(tuple(CORPUS.by_id(i) for i in (old_id, new_id)))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["diff", "--project", str(PROJECT), str(files[old_id]), str(files[new_id]),
                     "--format", "json", "--quiet"])
    assert code == 0  # no policy error: files, not pinned releases
    return tuple(json.loads(out.getvalue())["changes"])


def _route(change: dict) -> str | None:
    operation = change["operation"]
    return f"{operation['method']} {operation['path']}" if operation else None


def test_the_table_covers_the_manifest_pairs():
    assert set(EXPECTED) == set(TOTALS) == set(CORPUS.pairs)


@pytest.mark.parametrize("pair", list(EXPECTED), ids=[f"{a}..{b}" for a, b in EXPECTED])
def test_each_hand_checked_change_is_reported_at_its_level(pair):
    changes = reported(*pair)
    for level, rule_id, route, inside in EXPECTED[pair]:
        assert any(c["id"] == rule_id and _route(c) == route and c["level"] == level and inside in c["message"]
                   for c in changes), (level, rule_id, route, inside)


@pytest.mark.parametrize("pair", list(TOTALS), ids=[f"{a}..{b}" for a, b in TOTALS])
def test_nothing_else_is_reported(pair):
    changes = reported(*pair)
    levels, absent = TOTALS[pair]
    assert {level: n for level, n in Counter(c["level"] for c in changes).items()} == levels
    for rule_id, text in absent:
        alarms = [c["message"] for c in changes
                  if (rule_id is None or c["id"].startswith(rule_id)) and text in c["message"]]
        assert alarms == []
