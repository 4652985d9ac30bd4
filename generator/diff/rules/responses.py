"""Rules about what a client receives: status codes and response bodies, which evolve additively."""

from __future__ import annotations

from generator.diff.model import Finding, rule
from generator.diff.rules.common import delta_findings
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


def _in(delta) -> str:
    return f"{delta.root} response" if delta.root else "response"


@rule("response-property-added", "additive", "a property was added to a response body (clients ignore unknown keys)",
      mirrors=("response-property-removed",))
def response_property_added(d):
    return delta_findings(_deltas(d), "property-added", lambda x: f"property {x.where()} was added to the {_in(x)}")


@rule("response-property-removed", "breaking", "a property was removed from a response body",
      mirrors=("response-property-added",))
def response_property_removed(d):
    return delta_findings(_deltas(d), "property-removed",
                          lambda x: f"property {x.where()} was removed from the {_in(x)}")


@rule("response-property-type-changed", "breaking", "a response value may now have a type it could not have before")
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


@rule("response-property-made-optional", "breaking", "a required response property became optional (it may be absent)")
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
