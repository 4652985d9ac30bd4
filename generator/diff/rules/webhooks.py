"""Rules about webhooks: the requests Aviato sends to subscribers, whose payloads they read as a client
reads a response (a value that may now be missing or take another type breaks them, a new enum value
may surprise them, a new property they ignore)."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import cast

from generator.diff.model import Finding, rule
from generator.diff.operations import deref, media_schemas
from generator.diff.schemas import Delta, SchemaDiff, covers
from generator.spec import Spec, operations
from generator.spec.lines import join


def _webhooks(spec: Spec) -> dict[tuple[str, str], tuple[dict, str]]:
    """(name, METHOD) -> (operation, pointer) of every webhook the document declares."""
    return {(op.path, op.method.upper()): (op.operation, join(op.item_written_at, op.method))
            for op in operations(spec.resolver) if op.webhook}


@rule("webhook-added", "additive", "a webhook was added", scope="document", mirrors=("webhook-removed",))
def webhook_added(old: Spec, new: Spec):
    before, after = _webhooks(old), _webhooks(new)
    for key in sorted(after.keys() - before.keys()):
        yield Finding(f"webhook {key[1]} {key[0]} was added", join("/webhooks", key[0]), after[key][1])


@rule("webhook-removed", "breaking", "a webhook was removed: subscribers no longer receive it",
      scope="document",
      mirrors=("webhook-added",))
def webhook_removed(old: Spec, new: Spec):
    before, after = _webhooks(old), _webhooks(new)
    for key in sorted(before.keys() - after.keys()):
        yield Finding(f"webhook {key[1]} {key[0]} is no longer sent", before[key][1],
                      join("/webhooks", key[0]))


@rule("webhook-payload-changed", "breaking",
      "a webhook's payload lost a required property or changed a value's type (subscribers read it)",
      scope="document")
def webhook_payload_changed(old: Spec, new: Spec):
    def message(delta: Delta) -> str | None:
        if delta.kind == "property-removed" and delta.old:
            return f"no longer carries {delta.where()}"
        if delta.kind == "type-changed":
            before, after = cast(frozenset, delta.old), cast(frozenset, delta.new)  # a type delta's sets
            if not covers(before, after):
                return f"{delta.where()} may now be {', '.join(sorted(after - before))}"
        return None
    return _payload_findings(old, new, message)


@rule("webhook-payload-optional-property-removed", "warning",
      "a webhook's payload lost an optional property (subscribers that read it when present lose it)",
      scope="document")
def webhook_payload_optional_property_removed(old: Spec, new: Spec):
    return _payload_findings(old, new, lambda delta: f"no longer carries the optional {delta.where()}"
                             if delta.kind == "property-removed" and not delta.old else None)


@rule("webhook-payload-property-made-optional", "breaking",
      "a property a webhook's payload always carried may now be missing (subscribers read it)",
      scope="document")
def webhook_payload_property_made_optional(old: Spec, new: Spec):
    return _payload_findings(old, new, lambda delta: f"may now leave out {delta.where()}"
                             if delta.kind == "made-optional" else None)


@rule("webhook-payload-enum-widened", "warning",
      "a value of a webhook's payload may take enum values it could not before "
      "(subscribers may not handle them)",
      scope="document")
def webhook_payload_enum_widened(old: Spec, new: Spec):
    def message(delta: Delta) -> str | None:
        if delta.kind != "enum-changed" or delta.old is None:
            return None
        after = cast(frozenset | None, delta.new)  # an enum delta's sets; None: any value
        gained = "any value" if after is None else ", ".join(sorted(after - cast(frozenset, delta.old)))
        return f"{delta.where()} may now be {gained}" if gained else None
    return _payload_findings(old, new, message)


@rule("webhook-payload-property-added", "additive",
      "a webhook's payload carries a new property (subscribers ignore unknown keys)", scope="document")
def webhook_payload_property_added(old: Spec, new: Spec):
    return _payload_findings(old, new, lambda delta: f"carries a new property {delta.where()}"
                             if delta.kind == "property-added" else None)


def _payload_findings(old: Spec, new: Spec, message: Callable[[Delta], str | None]):
    """A finding for each payload delta of a webhook both specs send, when `message` names it."""
    for (name, method), delta in _payload_deltas(old, new):
        text = message(delta)
        if text is not None:
            yield Finding(f"webhook {method} {name}: the payload {text}", delta.old_pointer,
                          delta.new_pointer)


@lru_cache(maxsize=1)  # the payload rules of one comparison walk the payloads once
def _payload_deltas(old: Spec, new: Spec) -> tuple[tuple[tuple[str, str], Delta], ...]:
    before, after = _webhooks(old), _webhooks(new)
    schemas = SchemaDiff(old, new)
    found = []
    for key in sorted(before.keys() & after.keys()):
        old_body, new_body = (_body(spec, *hook[key]) for spec, hook in ((old, before), (new, after)))
        if old_body is None or new_body is None:
            continue
        old_media, new_media = media_schemas(*old_body), media_schemas(*new_body)
        roots = [(media, old_media[media], new_media[media]) for media in old_media if media in new_media]
        found += [(key, delta) for delta in schemas.walk(roots)]
    return tuple(found)


def _body(spec: Spec, operation: dict, pointer: str) -> tuple[dict, str] | None:
    if "requestBody" not in operation:
        return None
    node, where = deref(spec, operation["requestBody"], join(pointer, "requestBody"))
    return (node, where) if isinstance(node, dict) else None
