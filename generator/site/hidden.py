"""What Scalar leaves out of its reference, shown there as on the site's own pages.

Scalar (@scalar/workspace-store's navigation, `isHidden`) drops every operation, webhook, tag and
named schema marked `x-internal` or `x-scalar-ignore` from its reference, so an operation page's
"Open in the interactive reference" (`#tag/<tag>/<METHOD><path>`) opened on the introduction alone
for such an operation. The site documents every operation of the spec it publishes (one page each,
the spec byte for byte): Scalar gets a copy without those marks, as it gets one without foreign
images (images.py).
"""

from __future__ import annotations

import copy

MARKS = ("x-internal", "x-scalar-ignore")  # Scalar's isHidden reads these two, nothing else


def for_scalar(document: dict) -> dict | None:
    """A copy of `document` in which nothing Scalar's navigation hides carries its mark, or None when
    nothing does (Scalar then gets the document itself)."""
    if not any(_marked(node) for node in _entries(document)):
        return None
    shown = copy.deepcopy(document)
    for node in _entries(shown):
        for mark in MARKS:
            node.pop(mark, None)
    return shown


def _marked(node: dict) -> bool:
    return any(node.get(mark) for mark in MARKS)


def _entries(document: dict):
    """The objects Scalar's navigation lists: operations of paths and webhooks, tags, named schemas."""
    for items in (document.get("paths"), document.get("webhooks")):
        for item in _dicts(items):
            yield from (operation for operation in item.values() if isinstance(operation, dict))
    yield from (tag for tag in document.get("tags") or () if isinstance(tag, dict))
    components = document.get("components")
    yield from _dicts(components.get("schemas") if isinstance(components, dict) else None)


def _dicts(mapping: object):
    if isinstance(mapping, dict):
        yield from (value for value in mapping.values() if isinstance(value, dict))
