"""Parts that share their components instead of each carrying a copy.

A part (split.py) used to hold every component its operations reach; on a schema-heavy spec that is
most of them in every part (a payments API: 452 parts, each reaching at least 485 of 775 schemas,
294 MB in all for a 2.5 MB document). Scalar follows a relative `$ref` to a file beside the
document it loads (same origin, so within the site's `connect-src 'self'`; see
tests/browser/test_shared_components.py), so each part keeps its operations and security schemes and
names its other components in one file per version, COMPONENTS_FILE beside the parts.

One file rather than shards: on that payments API the smallest set of components any operation
reaches is 65% of the file's bytes, and Scalar reads a fetched file whole, so shards would save a
deep link little and cost it more requests. The components of a 3.0 spec are written as 3.1
(upgrade_schemas.py): Scalar upgrades the part it loads, and takes the files it references as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import orjson

from generator.site import upgrade_schemas
from generator.site.split import Part

# Beside the parts, so a part names it by this relative URL; a dot no part's slug has (layout.slug).
COMPONENTS_FILE = "components.shared.json"
_LOCAL = "#/components/"
KEPT = ("securitySchemes",)  # named by security requirements, not by `$ref`: they stay in each part
UPGRADED = "3.1.1"  # what Scalar's upgrader makes of a 3.0 document


@dataclass(frozen=True)
class Shared:
    parts: list[Part]
    components: dict  # the document written to COMPONENTS_FILE; empty when no part needs one


def share(parts: list[Part]) -> Shared:
    """The parts with their components moved out to one shared document, each `$ref` to one of them
    (in the parts and between components) made relative to that document: Scalar resolves a part's
    `components.shared.json#/components/...` against the part's URL, and a `#/components/...` inside
    the shared document against the shared document."""
    pooled: dict[str, dict] = {}
    for part in parts:
        for kind, entries in part.document.get("components", {}).items():
            if kind not in KEPT:
                pooled.setdefault(kind, {}).update(entries)
    if not pooled:
        return Shared(parts, {})
    first = parts[0].document
    shared = {key: first[key] for key in ("openapi", "info") if key in first}
    shared["components"] = orjson.loads(orjson.dumps(pooled))  # a copy: the document's own stay as they are
    if str(first.get("openapi", "")).startswith("3.0"):  # Scalar upgrades the part it loads, not this file
        shared["openapi"] = UPGRADED
        upgrade_schemas.components(shared["components"])
    return Shared([replace(part, document=_pointing_out(part.document)) for part in parts], shared)


def _pointing_out(document: dict) -> dict:
    """A copy of a part whose components are all in the shared document but the KEPT ones."""
    out = _rewrite_refs(orjson.dumps({key: value for key, value in document.items() if key != "components"}))
    kept = {kind: entries for kind, entries in document.get("components", {}).items() if kind in KEPT}
    if kept:
        out["components"] = kept
    return out


# In orjson's output a `"$ref":"#/components/` is a `$ref` key with such a value and nothing else:
# a quote inside a string is written `\"`. Rewriting the bytes copies and rewrites a part in one go.
_LOCAL_REF = b'"$ref":"' + _LOCAL.encode()
_SHARED_REF = b'"$ref":"' + (COMPONENTS_FILE + _LOCAL).encode()


def _rewrite_refs(serialized: bytes) -> dict:
    """The document, every `$ref` to a component not KEPT made to name it in COMPONENTS_FILE."""
    rewritten = serialized.replace(_LOCAL_REF, _SHARED_REF)
    for kind in KEPT:  # back as they were: `#/components/<kind>/...` and `#/components/<kind>`
        for end in (b"/", b'"'):
            rewritten = rewritten.replace(_SHARED_REF + kind.encode() + end, _LOCAL_REF + kind.encode() + end)
    return orjson.loads(rewritten)
