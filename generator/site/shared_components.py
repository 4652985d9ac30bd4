"""Parts that share their components instead of each carrying a copy of all it reaches.

A part (split.py) holds every component its operations reach; on a schema-heavy spec that is most
of them in every part (a payments API: each part reaches at least 485 of 775 schemas; 294 MB in all
for a 2.5 MB document when each of its 452 operations was a part). Scalar follows a relative `$ref`
to a file beside the document it loads (same origin, so within the site's `connect-src 'self'`; see
tests/browser/test_shared_components.py), so the components many parts reach go in one file per
version, COMPONENTS_FILE beside the parts, and each part keeps a copy of the others it reaches.

Scalar reads a fetched file whole and processes all of it with the part: on Microsoft Graph, whose
parts mostly reach a few dozen of its 2,147 components, a deep link took 5.8 s with one 1.8 MB
shared file and 3.6 s with only its part's own components (measured as benchmarks/bench_deep_link.py
does, under load). So a component is shared only when more than some number of parts reach it, the
largest number for which the parts and the shared file stay within the budget the caller gives
(scalar.PARTS_BUDGET). The shared file's components name only shared ones: what a shared component
reaches, at least as many parts reach.

The components of a 3.0 spec are written as 3.1 in the shared file (upgrade_schemas.py): Scalar
upgrades the part it loads, the copies in it too, and takes the files it references as they are.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

import orjson

from generator.site import upgrade_schemas
from generator.site.split import Part
from generator.spec.encode import from_json, json_bytes
from generator.spec.refs import component

# Beside the parts, so a part names it by this relative URL; a dot no part's slug has (layout.slug).
COMPONENTS_FILE = "components.shared.json"
KEPT = ("securitySchemes",)  # named by security requirements, not by `$ref`: they stay in each part
UPGRADED = "3.1.1"  # what Scalar's upgrader makes of a 3.0 document


@dataclass(frozen=True)
class Shared:
    parts: list[Part]
    components: dict  # the document written to COMPONENTS_FILE; empty when no part needs one


def share(parts: list[Part], budget: int | None = None) -> Shared:
    """The parts with the components more than some number of them reach moved out to one shared
    document, that number the largest for which the parts and the shared document together take at
    most `budget` bytes (without a budget, every component is shared). Each `$ref` to a shared
    component (in the parts and between components) is made relative to that document: Scalar
    resolves a part's `components.shared.json#/components/...` against the part's URL, and a
    `#/components/...` inside the shared document against the shared document."""
    pooled: dict[tuple[str, str], object] = {}
    reached: Counter[tuple[str, str]] = Counter()
    for part in parts:
        for kind, entries in part.document.get("components", {}).items():
            if kind not in KEPT:
                for name, entry in entries.items():
                    pooled.setdefault((kind, name), entry)
                    reached[kind, name] += 1
    shared = _most_reached(parts, pooled, reached, budget)
    if not shared:
        return Shared(parts, {})
    first = parts[0].document
    document = {key: first[key] for key in ("openapi", "info") if key in first}
    components: dict[str, dict] = {}
    for kind, name in pooled:  # in the order the parts met them
        if (kind, name) in shared:
            components.setdefault(kind, {})[name] = pooled[kind, name]
    document["components"] = from_json(json_bytes(components))  # a copy: the document's stay as they are
    if str(first.get("openapi", "")).startswith("3.0"):  # Scalar upgrades the part it loads, not this file
        document["openapi"] = UPGRADED
        upgrade_schemas.components(document["components"])
    return Shared([replace(part, document=_pointing_out(part.document, shared)) for part in parts], document)


def _most_reached(parts: list[Part], pooled: dict, reached: Counter, budget: int | None) -> set:
    """The components to share: those more than `most` parts reach, `most` as large as the budget
    allows (the more parts a component is copied into, the more bytes its copies take)."""
    if budget is None or not pooled:
        return set(pooled)
    size = {key: len(json_bytes(entry)) for key, entry in pooled.items()}
    total = sum(len(json_bytes({k: v for k, v in part.document.items() if k != "components"}))
                for part in parts) + sum(size.values())  # everything shared, each component once
    most = 0
    for count in sorted(set(reached.values())):  # copy the components `count` parts reach, fewest first
        total += sum((count - 1) * size[key] for key, n in reached.items() if n == count)
        if total > budget:
            break
        most = count
    return {key for key, n in reached.items() if n > most}


def _pointing_out(document: dict, shared: set) -> dict:
    """A copy of a part, its `$ref`s to `shared` components made to name them in COMPONENTS_FILE,
    and only the components not shared left in it."""
    kept = {}
    for kind, entries in document.get("components", {}).items():
        mine = {name: entry for name, entry in entries.items() if (kind, name) not in shared}
        if mine:
            kept[kind] = mine
    out = {key: value for key, value in document.items() if key != "components"}
    if kept:
        out["components"] = kept
    return _rewrite_refs(json_bytes(out), shared)


# In json_bytes' output a `"$ref":"#/components/...` is a `$ref` key with such a value and nothing else:
# a quote inside a string is written `\"`. Rewriting the bytes copies and rewrites a part in one go.
_LOCAL_REF = re.compile(rb'"\$ref":"(#/components/(?:[^"\\]|\\.)*)"')
_OUT = b'"$ref":"' + COMPONENTS_FILE.encode()


def _rewrite_refs(serialized: bytes, shared: set) -> dict:
    def out(match: re.Match) -> bytes:
        named = component(orjson.loads(b'"' + match.group(1) + b'"'))
        return _OUT + match.group(0)[8:] if named and named[:2] in shared else match.group(0)

    rewritten = from_json(_LOCAL_REF.sub(out, serialized))
    assert isinstance(rewritten, dict), "a part's document was written"
    return rewritten
