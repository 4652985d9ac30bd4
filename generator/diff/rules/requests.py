"""Rules about what a client sends: the request body and the values parameters accept."""

from __future__ import annotations

from generator.diff.model import Finding, rule
from generator.diff.rules.common import delta_findings, object_at
from generator.diff.schemas import covers
from generator.spec.lines import join


def _deltas(d):
    return d.request_deltas if d.matched else []


def _in(delta) -> str:
    if delta.parameter:
        return delta.root
    return f"request body ({delta.root})" if delta.root else "request body"


@rule("request-body-made-required", "breaking",
      "the request body became required, or a required one was added")
def request_body_made_required(d):
    if not d.matched:
        return
    old, new = d.request_bodies
    if new is None or new[0].get("required") is not True:
        return
    if old is None:
        yield Finding("the operation now takes a required request body (it took none)",
                      join(d.old_pointer, "requestBody"), new[1])
    elif old[0].get("required") is not True:
        yield Finding("the request body is now required (it was optional)",
                      join(old[1], "required"), join(new[1], "required"))


@rule("request-property-added", "additive", "an optional property was added to the request body",
      mirrors=("request-property-removed",))
def request_property_added(d):
    return delta_findings(_deltas(d), "property-added", lambda x: None if x.new else
                          f"optional property {x.where()} was added to the {_in(x)}")


@rule("request-required-property-added", "breaking", "a required property was added to the request body",
      mirrors=("request-property-removed",))
def request_required_property_added(d):
    return delta_findings(_deltas(d), "property-added", lambda x: None if not x.new else
                          f"required property {x.where()} was added to the {_in(x)}; "
                          "existing requests lack it")


@rule("request-property-made-required", "breaking", "an optional request body property became required")
def request_property_made_required(d):
    return delta_findings(_deltas(d), "made-required",
                          lambda x: f"property {x.where()} of the {_in(x)} is now required")


@rule("request-property-removed", "warning",
      "a property was removed from the request body (clients that send it may be refused)",
      mirrors=("request-property-added", "request-required-property-added"))
def request_property_removed(d):
    return delta_findings(_deltas(d), "property-removed",
                          lambda x: f"property {x.where()} was removed from the {_in(x)}")


@rule("request-property-type-narrowed", "breaking",
      "a request body value no longer accepts a type it accepted (integer is narrower than number)")
def request_property_type_narrowed(d):
    # A parameter's own type is parameter-type-changed's.
    return delta_findings(_deltas(d), "type-changed", lambda x: None if covers(x.new, x.old) or
                          (x.parameter and not x.path) else
                          f"{x.where()} in the {_in(x)} accepts {' or '.join(sorted(x.new))}, "
                          f"no longer {' or '.join(sorted(x.old - x.new))}")


@rule("request-enum-narrowed", "breaking",
      "a request body value or a parameter no longer accepts an enum value it accepted")
def request_enum_narrowed(d):
    for delta in _deltas(d):
        if delta.kind in ("enum-changed", "extensible-enum-changed"):
            lost = _lost(delta.old, delta.new)
            if lost:
                what = (delta.root if delta.parameter and not delta.path
                        else f"{delta.where()} in the {_in(delta)}")
                yield Finding(f"{what} no longer accepts {lost}", delta.old_pointer, delta.new_pointer)


def _lost(old: frozenset | None, new: frozenset | None) -> str:
    """The enum values `new` refuses that `old` accepted, as text ('' when none)."""
    if new is None:
        return ""
    if old is None:
        return f"values outside {', '.join(sorted(new))}"
    return ", ".join(sorted(old - new))


@rule("request-object-closed", "breaking",
      "a request object now refuses properties it does not list (`additionalProperties: false`)",
      mirrors=("request-object-opened",))
def request_object_closed(d):
    return delta_findings(_deltas(d), "closed-changed", lambda x: None if not x.new else
                          f"{object_at(x, _in(x))} now refuses properties it does not list; "
                          "clients sending more are refused")


@rule("request-object-opened", "additive", "a request object now accepts properties it does not list",
      mirrors=("request-object-closed",))
def request_object_opened(d):
    return delta_findings(_deltas(d), "closed-changed", lambda x: None if x.new else
                          f"{object_at(x, _in(x))} now accepts properties it does not list")
