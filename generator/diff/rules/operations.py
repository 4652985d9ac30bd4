"""Rules about operations as a whole: added, removed, deprecated, renamed, secured."""

from __future__ import annotations

from generator.diff import operations as ops
from generator.diff.context import STABILITY, stability, sunset
from generator.diff.model import Finding, rule
from generator.spec.lines import join


@rule("operation-added", "additive", "an operation was added",
      mirrors=("operation-removed", "operation-removed-without-deprecation"))
def operation_added(d):
    if d.old is None:
        yield Finding("the operation was added", d.old_pointer, d.new_pointer)


@rule("operation-removed", "deprecation", "a deprecated operation was removed, as the policy allows",
      mirrors=("operation-added",))
def operation_removed(d):
    if d.new is None and d.old.deprecated and not _before_sunset(d):
        yield Finding("the operation was removed after the release that deprecated it", d.old_pointer,
                      d.new_pointer)


@rule("operation-removed-without-deprecation", "error",
      "an operation was removed without a release that deprecated it first (policy violation)",
      mirrors=("operation-added",))
def operation_removed_without_deprecation(d):
    if d.new is None and not d.old.deprecated:
        yield Finding("the operation was removed but the old release did not deprecate it; "
                      "the versioning policy removes routes only after a release that deprecates them",
                      d.old_pointer, d.new_pointer)


@rule("operation-removed-before-sunset", "error",
      "a deprecated operation was removed before its `x-sunset` date (policy violation)",
      mirrors=("operation-added",))
def operation_removed_before_sunset(d):
    if d.new is None and d.old.deprecated and _before_sunset(d):
        yield Finding(f"the operation was removed on {d.date}, before its sunset date {sunset(d.old)}",
                      join(d.old_pointer, "x-sunset"), d.new_pointer)


def _before_sunset(d) -> bool:
    """Whether the new release comes before the old one's sunset date (unknown dates judge nothing)."""
    date = sunset(d.old)
    return bool(date and d.date and d.date < date)


@rule("operation-deprecated", "deprecation", "an operation was marked deprecated")
def operation_deprecated(d):
    if d.matched and d.new.deprecated and not d.old.deprecated:
        date = sunset(d.new)
        yield Finding("the operation is deprecated" + (f", sunset on {date}" if date else ""),
                      d.old_pointer, join(d.new_pointer, "deprecated"))


@rule("sunset-moved-earlier", "breaking", "an operation's `x-sunset` date moved earlier")
def sunset_moved_earlier(d):
    if d.matched and sunset(d.old) and sunset(d.new) and sunset(d.new) < sunset(d.old):
        yield Finding(f"the sunset date moved from {sunset(d.old)} to {sunset(d.new)}",
                      join(d.old_pointer, "x-sunset"), join(d.new_pointer, "x-sunset"))


@rule("stability-lowered", "breaking",
      "an operation's `x-stability-level` went down (draft < alpha < beta < stable; it may only rise)")
def stability_lowered(d):
    if d.matched and STABILITY.index(stability(d.new)) < STABILITY.index(stability(d.old)):
        yield Finding(f"the stability level went down from {stability(d.old)} to {stability(d.new)}",
                      join(d.old_pointer, "x-stability-level"), join(d.new_pointer, "x-stability-level"))


@rule("operation-undeprecated", "info", "an operation is no longer deprecated")
def operation_undeprecated(d):
    if d.matched and d.old.deprecated and not d.new.deprecated:
        yield Finding("the operation is no longer deprecated", join(d.old_pointer, "deprecated"),
                      d.new_pointer)


@rule("operation-route-changed", "breaking",
      "an operation kept its operationId but moved to another method or path")
def operation_route_changed(d):
    if d.matched and d.old.template != d.new.template:
        yield Finding(f"moved from {d.old.route} to {d.new.route}; "
                      "clients calling the old route fail", d.old_pointer, d.new_pointer)


@rule("path-parameter-renamed", "info",
      "a path parameter was renamed: the same route, the same operation (`/items/{id}` -> `/items/{itemId}`)")
def path_parameter_renamed(d):
    if d.matched and d.old.route != d.new.route and d.old.template == d.new.template:
        for old, new in ops.renamed_path_parameters(d.old.path, d.new.path).items():
            yield Finding(f"path parameter {old} is now called {new}", d.old_pointer, d.new_pointer)


@rule("operation-id-changed", "warning",
      "an operation kept its method and path but changed its operationId (generated clients rename it)")
def operation_id_changed(d):
    if d.matched and d.old.operation_id != d.new.operation_id:
        yield Finding(f"operationId {d.old.operation_id} became {d.new.operation_id}",
                      join(d.old_pointer, "operationId"), join(d.new_pointer, "operationId"))


@rule("security-added-to-public-route", "breaking",
      "a public operation (`security: []`) now requires credentials")
def security_added_to_public_route(d):
    if d.matched and ops.is_public(d.old_spec, d.old) and not ops.is_public(d.new_spec, d.new):
        yield Finding("now requires credentials; it was public",
                      join(d.old_pointer, "security"), join(d.new_pointer, "security"))


@rule("security-removed", "warning", "an operation that required credentials is now public")
def security_removed(d):
    if d.matched and not ops.is_public(d.old_spec, d.old) and ops.is_public(d.new_spec, d.new):
        yield Finding("now public: it no longer requires credentials",
                      join(d.old_pointer, "security"), join(d.new_pointer, "security"))


@rule("description-changed", "info", "an operation's summary or description changed")
def description_changed(d):
    if not d.matched:
        return
    for field in ("summary", "description"):
        if d.old.node.get(field) != d.new.node.get(field):
            yield Finding(f"the {field} changed",
                          join(d.old_pointer, field), join(d.new_pointer, field))
