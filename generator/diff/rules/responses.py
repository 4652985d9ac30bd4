"""Rules about what a client receives: status codes and response bodies, which evolve additively."""

from __future__ import annotations

from generator.diff.model import Finding, rule
from generator.diff.rules.common import delta_findings, object_at
from generator.spec.lines import join


def _deltas(d):
    return d.response_deltas if d.matched else []


def _status_changes(d, present_in: int):
    """Statuses only in the new (present_in=1) or only in the old (0) spec, with both pointers."""
    if d.matched:
        old, new = d.responses
        only = (new.keys() - old.keys()) if present_in else (old.keys() - new.keys())
        for status in sorted(only):
            old_pointer = old[status][1] if status in old else join(d.old_pointer, "responses", status)
            new_pointer = new[status][1] if status in new else join(d.new_pointer, "responses", status)
            yield status, old_pointer, new_pointer


def _success(status: str) -> bool:
    return status.startswith("2") or status.upper() == "2XX"


@rule("response-status-added", "additive", "a response status code was added",
      mirrors=("response-success-status-removed", "response-error-status-removed"))
def response_status_added(d):
    for status, old_pointer, new_pointer in _status_changes(d, 1):
        yield Finding(f"may now respond {status}", old_pointer, new_pointer)


@rule("response-success-status-removed", "breaking", "a success (2xx) response status code was removed",
      mirrors=("response-status-added",))
def response_success_status_removed(d):
    for status, old_pointer, new_pointer in _status_changes(d, 0):
        if _success(status):
            yield Finding(f"no longer responds {status}", old_pointer, new_pointer)


@rule("response-error-status-removed", "info", "a non-success response status code was removed",
      mirrors=("response-status-added",))
def response_error_status_removed(d):
    for status, old_pointer, new_pointer in _status_changes(d, 0):
        if not _success(status):
            yield Finding(f"no longer documents a {status} response", old_pointer, new_pointer)


def _headers(d, change: str):
    """(status, name, old pointer, new pointer) of each header (of a status both sides document) whose
    `_header_change` is `change`; a missing side's pointer is where the header would be."""
    if not d.matched:
        return
    old_responses, new_responses = d.responses
    for status, old, new in d.response_headers:
        if _header_change(old and old[1], new and new[1]) != change:
            continue
        name = (old or new)[0]
        old_pointer = old[2] if old else join(old_responses[status][1], "headers", name)
        new_pointer = new[2] if new else join(new_responses[status][1], "headers", name)
        yield status, name, old_pointer, new_pointer


def _header_change(old: dict | None, new: dict | None) -> str | None:
    """What happened to a header between the two sides: one of the header rules' cases, or None."""
    if old is None:
        return "added"
    if new is None:
        return "required-removed" if _required(old) else "optional-removed"
    return {(True, False): "made-optional",
            (False, True): "made-required"}.get((_required(old), _required(new)))


def _required(header: dict) -> bool:
    return header.get("required") is True


@rule("response-header-added", "additive", "a response header was added",
      mirrors=("response-required-header-removed", "response-optional-header-removed"))
def response_header_added(d):
    for status, name, old_pointer, new_pointer in _headers(d, "added"):
        yield Finding(f"the {status} response has a new header {name}", old_pointer, new_pointer)


@rule("response-required-header-removed", "breaking",
      "a response header the old release always sent (`required: true`) was removed",
      mirrors=("response-header-added",))
def response_required_header_removed(d):
    for status, name, old_pointer, new_pointer in _headers(d, "required-removed"):
        yield Finding(f"the {status} response no longer sends the header {name}, which it always sent",
                      old_pointer, new_pointer)


@rule("response-optional-header-removed", "warning",
      "an optional response header was removed (clients that read it when present lose it)",
      mirrors=("response-header-added",))
def response_optional_header_removed(d):
    for status, name, old_pointer, new_pointer in _headers(d, "optional-removed"):
        yield Finding(f"the {status} response no longer documents the header {name}", old_pointer,
                      new_pointer)


@rule("response-header-made-optional", "breaking",
      "a response header that was always sent (`required: true`) may now be missing",
      mirrors=("response-header-made-required",))
def response_header_made_optional(d):
    for status, name, old_pointer, new_pointer in _headers(d, "made-optional"):
        yield Finding(f"the {status} response may now leave out the header {name}",
                      join(old_pointer, "required"), new_pointer)


@rule("response-header-made-required", "additive", "an optional response header is now always sent",
      mirrors=("response-header-made-optional",))
def response_header_made_required(d):
    for status, name, old_pointer, new_pointer in _headers(d, "made-required"):
        yield Finding(f"the {status} response now always sends the header {name}",
                      old_pointer, join(new_pointer, "required"))


def _in(delta) -> str:
    return f"{delta.root} response" if delta.root else "response"


@rule("response-property-added", "additive",
      "a property was added to a response body (clients ignore unknown keys)",
      mirrors=("response-property-removed", "response-optional-property-removed"))
def response_property_added(d):
    return delta_findings(_deltas(d), "property-added",
                          lambda x: f"property {x.where()} was added to the {_in(x)}")


@rule("response-property-removed", "breaking", "a required property was removed from a response body",
      mirrors=("response-property-added",))
def response_property_removed(d):
    return delta_findings(_deltas(d), "property-removed", lambda x: None if not x.old else
                          f"property {x.where()} was removed from the {_in(x)}")


@rule("response-optional-property-removed", "warning",
      "an optional property was removed from a response body (clients that read it when present lose it)",
      mirrors=("response-property-added",))
def response_optional_property_removed(d):
    return delta_findings(_deltas(d), "property-removed", lambda x: None if x.old else
                          f"optional property {x.where()} was removed from the {_in(x)}")


@rule("response-property-type-changed", "breaking",
      "a response value may now have a type it could not have before")
def response_property_type_changed(d):
    def message(x):
        novel = x.new - x.old - {"null"}
        if novel and not (novel == {"integer"} and "number" in x.old):
            return (f"{x.where()} in the {_in(x)} changed type from {' or '.join(sorted(x.old))} "
                    f"to {' or '.join(sorted(x.new))}")
        return None
    return delta_findings(_deltas(d), "type-changed", message)


@rule("response-property-made-nullable", "breaking", "a response value may now be null")
def response_property_made_nullable(d):
    return delta_findings(_deltas(d), "type-changed", lambda x: f"{x.where()} in the {_in(x)} may now be null"
                          if "null" in x.new and "null" not in x.old else None)


@rule("response-property-made-optional", "breaking",
      "a required response property became optional (it may be absent)")
def response_property_made_optional(d):
    return delta_findings(_deltas(d), "made-optional",
                          lambda x: f"property {x.where()} of the {_in(x)} is no longer always present")


@rule("response-enum-widened", "warning", "a response value may take enum values it could not before "
      "(clients may not handle them)")
def response_enum_widened(d):
    def message(x):
        if x.old is None:
            return None
        gained = "any value" if x.new is None else ", ".join(sorted(x.new - x.old))
        return f"{x.where()} in the {_in(x)} may now be {gained}" if gained else None
    return delta_findings(_deltas(d), "enum-changed", message)


@rule("response-extensible-enum-widened", "info",
      "an `x-extensible-enum` in a response lists more values (clients already expect unlisted ones)")
def response_extensible_enum_widened(d):
    def message(x):
        gained = ", ".join(sorted((x.new or frozenset()) - (x.old or frozenset())))
        if not gained or x.old is None:
            return None
        return f"{x.where()} in the {_in(x)} lists more values: {gained}"
    return delta_findings(_deltas(d), "extensible-enum-changed", message)


@rule("response-object-opened", "warning",
      "a response object that listed all its properties (`additionalProperties: false`) may now hold others",
      mirrors=("response-object-closed",))
def response_object_opened(d):
    return delta_findings(_deltas(d), "closed-changed", lambda x: None if x.new else
                          f"{object_at(x, _in(x))} may now hold properties it does not list "
                          "(strict clients may refuse it)")


@rule("response-object-closed", "info", "a response object now lists every property it may hold",
      mirrors=("response-object-opened",))
def response_object_closed(d):
    return delta_findings(_deltas(d), "closed-changed", lambda x: None if not x.new else
                          f"{object_at(x, _in(x))} now lists every property it may hold")
