"""Rules about the constraints on values (bounds, lengths, counts, patterns, 2020-12 keywords) and defaults:
narrowing what a client may send is breaking, widening what it may receive a warning."""

from __future__ import annotations

from generator.diff.keywords import CONSTRAINTS, canonical
from generator.diff.model import rule
from generator.diff.rules.common import delta_findings


def _in_request(delta) -> str:
    if delta.parameter:
        return delta.root
    return f"request body ({delta.root})" if delta.root else "request body"


def _in_response(delta) -> str:
    return f"{delta.root} response" if delta.root else "response"


def _what(delta, container) -> str:
    if delta.parameter and not delta.path:
        return delta.root
    return f"{delta.where()} in the {container(delta)}"


def _change(delta) -> str:
    if delta.keyword not in CONSTRAINTS:
        return f"{delta.keyword} was {'added' if delta.old is None else 'removed'}"
    if delta.old is None:
        return f"{delta.keyword} {canonical(delta.new)} was added"
    if delta.new is None:
        return f"{delta.keyword} {canonical(delta.old)} was removed"
    return f"{delta.keyword} changed from {canonical(delta.old)} to {canonical(delta.new)}"


@rule("request-constraint-narrowed", "breaking",
      "a request value's constraint refuses values it accepted (bounds, lengths, counts, pattern, "
      "multipleOf, uniqueItems, contains, propertyNames, prefixItems, dependentRequired, "
      "content encoding, ...)")
def request_constraint_narrowed(d):
    requests = d.request_deltas if d.matched else []
    return delta_findings(requests, "constraint-changed", lambda x: None if x.direction == "widened" else
                          f"{_what(x, _in_request)}: {_change(x)}; requests it accepted may be refused")


@rule("response-constraint-widened", "warning",
      "a response value's constraint allows values it did not (clients may not handle them)")
def response_constraint_widened(d):
    responses = d.response_deltas if d.matched else []
    return delta_findings(responses, "constraint-changed", lambda x: None if x.direction == "narrowed" else
                          f"{_what(x, _in_response)}: {_change(x)}; it may now hold values it could not")


@rule("request-default-changed", "warning",
      "the default of a parameter or request property changed (clients that leave it out get another value)")
def request_default_changed(d):
    requests = d.request_deltas if d.matched else []
    return delta_findings(requests, "default-changed", lambda x: f"the default of {_what(x, _in_request)} "
                          f"changed from {x.old or 'none'} to {x.new or 'none'}")
