"""Rules about webhooks: the requests Aviato sends to subscribers, whose payloads they read."""

from __future__ import annotations

from generator.diff.model import Finding, rule
from generator.diff.operations import deref, media_schemas
from generator.diff.schemas import SchemaDiff, covers
from generator.facts import METHODS
from generator.spec import Spec
from generator.spec.lines import join


def _webhooks(spec: Spec) -> dict[tuple[str, str], tuple[dict, str]]:
    """(name, METHOD) -> (operation, pointer) of every webhook the document declares."""
    found = {}
    hooks = spec.document.get("webhooks")
    for name, item in (hooks.items() if isinstance(hooks, dict) else ()):
        item, pointer = deref(spec, item, join("/webhooks", str(name)))
        for method in METHODS:
            if isinstance(item, dict) and isinstance(item.get(method), dict):
                found[(str(name), method.upper())] = (item[method], join(pointer, method))
    return found


@rule("webhook-added", "additive", "a webhook was added", scope="document", mirrors=("webhook-removed",))
def webhook_added(old: Spec, new: Spec):
    before, after = _webhooks(old), _webhooks(new)
    for key in sorted(after.keys() - before.keys()):
        yield Finding(f"webhook {key[1]} {key[0]} was added", join("/webhooks", key[0]), after[key][1])


@rule("webhook-removed", "breaking", "a webhook was removed: subscribers no longer receive it", scope="document",
      mirrors=("webhook-added",))
def webhook_removed(old: Spec, new: Spec):
    before, after = _webhooks(old), _webhooks(new)
    for key in sorted(before.keys() - after.keys()):
        yield Finding(f"webhook {key[1]} {key[0]} is no longer sent", before[key][1], join("/webhooks", key[0]))


@rule("webhook-payload-changed", "breaking",
      "a webhook's payload lost a property or changed a value's type (subscribers read it)", scope="document")
def webhook_payload_changed(old: Spec, new: Spec):
    before, after = _webhooks(old), _webhooks(new)
    schemas = SchemaDiff(old, new)
    for key in sorted(before.keys() & after.keys()):
        bodies = [_body(spec, *hook[key]) for spec, hook in ((old, before), (new, after))]
        if None in bodies:
            continue
        old_media, new_media = (media_schemas(*body) for body in bodies)
        roots = [(media, old_media[media], new_media[media]) for media in old_media if media in new_media]
        for delta in schemas.walk(roots):
            if delta.kind == "property-removed":
                text = f"no longer carries {delta.where()}"
            elif delta.kind == "type-changed" and not covers(delta.old, delta.new):
                text = f"{delta.where()} may now be {', '.join(sorted(delta.new - delta.old))}"
            else:
                continue
            yield Finding(f"webhook {key[1]} {key[0]}: the payload {text}", delta.old_pointer, delta.new_pointer)


def _body(spec: Spec, operation: dict, pointer: str) -> tuple[dict, str] | None:
    if "requestBody" not in operation:
        return None
    node, where = deref(spec, operation["requestBody"], join(pointer, "requestBody"))
    return (node, where) if isinstance(node, dict) else None
