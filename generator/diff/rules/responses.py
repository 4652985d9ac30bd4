"""Rules about what a client receives: status codes and response bodies, which evolve additively."""

from __future__ import annotations

from generator.diff.model import Finding, rule
from generator.spec.lines import join


def _deltas(d, kind: str):
    if d.matched:
        return [delta for delta in d.response_deltas if delta.kind == kind]
    return []


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
    for delta in _deltas(d, "property-added"):
        yield Finding(f"property {delta.where()} was added to the {_in(delta)}",
                      delta.old_pointer, delta.new_pointer)


@rule("response-property-removed", "breaking", "a property was removed from a response body",
      mirrors=("response-property-added",))
def response_property_removed(d):
    for delta in _deltas(d, "property-removed"):
        yield Finding(f"property {delta.where()} was removed from the {_in(delta)}",
                      delta.old_pointer, delta.new_pointer)


@rule("response-property-type-changed", "breaking", "a response value may now have a type it could not have before")
def response_property_type_changed(d):
    for delta in _deltas(d, "type-changed"):
        novel = delta.new - delta.old - {"null"}
        if novel and not (novel == {"integer"} and "number" in delta.old):
            yield Finding(f"{delta.where()} in the {_in(delta)} changed type from "
                          f"{' or '.join(sorted(delta.old))} to {' or '.join(sorted(delta.new))}",
                          delta.old_pointer, delta.new_pointer)


@rule("response-property-made-nullable", "breaking", "a response value may now be null")
def response_property_made_nullable(d):
    for delta in _deltas(d, "type-changed"):
        if "null" in delta.new and "null" not in delta.old:
            yield Finding(f"{delta.where()} in the {_in(delta)} may now be null",
                          delta.old_pointer, delta.new_pointer)


@rule("response-property-made-optional", "breaking", "a required response property became optional (it may be absent)")
def response_property_made_optional(d):
    for delta in _deltas(d, "made-optional"):
        yield Finding(f"property {delta.where()} of the {_in(delta)} is no longer always present",
                      delta.old_pointer, delta.new_pointer)


@rule("response-enum-widened", "warning", "a response value may take enum values it could not before "
      "(clients may not handle them)")
def response_enum_widened(d):
    for delta in _deltas(d, "enum-changed"):
        if delta.old is not None:
            gained = "any value" if delta.new is None else ", ".join(sorted(delta.new - delta.old))
            if gained:
                yield Finding(f"{delta.where()} in the {_in(delta)} may now be {gained}",
                              delta.old_pointer, delta.new_pointer)
