"""Rules about the document as a whole: servers, tags and the API's description (info level)."""

from __future__ import annotations

from generator.diff.model import Finding, rule


def _names(document: dict, key: str, field: str) -> list[str]:
    items = document.get(key)
    if not isinstance(items, list):
        return []
    return [str(item.get(field)) for item in items if isinstance(item, dict)]


def _list_change(old: list[str], new: list[str]) -> str:
    parts = []
    if added := [n for n in new if n not in old]:
        parts.append("added " + ", ".join(added))
    if removed := [n for n in old if n not in new]:
        parts.append("removed " + ", ".join(removed))
    return "; ".join(parts)


@rule("servers-changed", "info", "servers were added to or removed from the document", scope="document")
def servers_changed(old, new):
    change = _list_change(_names(old.document, "servers", "url"), _names(new.document, "servers", "url"))
    if change:
        yield Finding(f"servers: {change}", "/servers", "/servers")


@rule("tags-changed", "info", "tags were added to or removed from the document", scope="document")
def tags_changed(old, new):
    change = _list_change(_names(old.document, "tags", "name"), _names(new.document, "tags", "name"))
    if change:
        yield Finding(f"tags: {change}", "/tags", "/tags")


@rule("api-description-changed", "info", "the API's title or description changed", scope="document")
def api_description_changed(old, new):
    old_info, new_info = old.document.get("info", {}), new.document.get("info", {})
    for field in ("title", "description"):
        if old_info.get(field) != new_info.get(field):
            yield Finding(f"the API's {field} changed", f"/info/{field}", f"/info/{field}")
