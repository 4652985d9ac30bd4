"""`$ref`s, followed the one way every stage follows them.

A `$ref` is a URI reference; an internal one is a fragment holding an RFC 6901 JSON pointer, itself
percent-encoded (RFC 6901 section 6): `#/paths/~1keys~1%7Bid%7D/get` names the `get` of `/keys/{id}`.
External references (`other.json#/X`, `https://...`) are never fetched: the `ref-external` rule
reports them and everything else treats them as unresolved, as it treats a missing target or a cycle.

The keywords written beside a `$ref` (its siblings) follow `with_siblings`, the one place that rule is
written. Only this package walks a pointer (`walk_pointer`); every other module asks a `Resolver`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from urllib.parse import unquote

from generator.spec.lines import unescape

REF_CYCLE, REF_MISSING, REF_EXTERNAL = "ref-cycle", "ref-missing", "ref-external"
REFERENCE_OVERRIDES = ("summary", "description")  # what a 3.1 Reference Object may override
COMPONENTS = "#/components/"
_MISSING = object()


def target_pointer(ref: str) -> str | None:
    """The JSON pointer an internal `$ref` names (its fragment, percent-decoded); None when external."""
    if not ref.startswith("#"):
        return None
    return unquote(ref[1:]) if "%" in ref else ref[1:]


def walk_pointer(document: object, pointer: str, default: object = None) -> object:
    """The node at a JSON pointer (already decoded from a URI fragment), or `default`."""
    node: object = document
    for part in pointer.split("/")[1:] if pointer else ():
        key = unescape(part)
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        else:
            return default
    return node


def tokens(pointer: str) -> list[str]:
    """The reference tokens of a JSON pointer, unescaped: `/paths/~1a~1{id}` -> ["paths", "/a/{id}"]."""
    return [unescape(part) for part in pointer.split("/")[1:]] if pointer else []


def ref_name(ref: str | None) -> str | None:
    """The last token a `$ref` names (`#/components/schemas/Pet` -> `Pet`), for a label."""
    if not ref:
        return None
    pointer = target_pointer(ref)
    if pointer is None:
        return ref.rsplit("/", 1)[-1]  # an external reference, as written
    last = tokens(pointer)
    return last[-1] if last else ""


@cache
def component(ref: object) -> tuple[str, str, str] | None:
    """(kind, name, rest) of a `$ref` into the components: `#/components/schemas/Pet` -> ("schemas",
    "Pet", ""); `#/components/schemas/Pet/properties/id` -> ("schemas", "Pet", "/properties/id")."""
    if not (isinstance(ref, str) and ref.startswith(COMPONENTS)):
        return None
    pointer = target_pointer(ref) or ""
    _, _, kind, *name = pointer.split("/", 3)
    if not name:
        return None
    token, _, rest = name[0].partition("/")
    return unescape(kind), unescape(token), "/" + rest if rest else ""


def is_reference(node: object) -> bool:
    return isinstance(node, dict) and isinstance(node.get("$ref"), str)


def with_siblings(reference: dict, target: object, openapi: str, schema: bool) -> object:
    """The target of `reference` with the keywords written beside its `$ref`, as OpenAPI defines them.

    - OpenAPI 3.0: siblings of `$ref` are ignored (a Reference Object cannot be extended).
    - OpenAPI 3.1, a Schema Object: `$ref` is one keyword among the others, which apply together with
      it; shown as the target with the siblings over it (a description beside `$ref` wins).
    - OpenAPI 3.1, any other Reference Object: `summary` and `description` override the target's,
      other siblings are ignored.
    """
    if len(reference) == 1 or not isinstance(target, dict) or openapi.startswith("3.0"):
        return target
    siblings = {k: v for k, v in reference.items() if k != "$ref" and (schema or k in REFERENCE_OVERRIDES)}
    return {**target, **siblings} if siblings else target


@dataclass(frozen=True)
class Resolved:
    """Where a chain of `$ref`s ends."""

    node: object  # the target, siblings applied; for a broken chain, the reference that breaks it
    pointer: str  # where `node` is written
    chain: tuple[str, ...] = ()  # the `$ref`s followed, in order (the broken one last)
    problem: str | None = None  # REF_CYCLE, REF_MISSING or REF_EXTERNAL

    @property
    def ref(self) -> str | None:
        """The last `$ref` followed (or the one that could not be)."""
        return self.chain[-1] if self.chain else None

    @property
    def cycle(self) -> tuple[str, ...]:
        """The `$ref`s that lead back to themselves, for a chain that ends in a cycle."""
        return self.chain[self.chain.index(self.chain[-1]):-1] if self.problem == REF_CYCLE else ()

    @property
    def message(self) -> str | None:
        ref = self.ref
        return {REF_CYCLE: f"$ref cycle through {ref}", REF_MISSING: f"$ref target {ref} does not exist",
                REF_EXTERNAL: f"external $ref {ref!r} is not followed"}.get(self.problem or "")


class Resolver:
    """Follows the `$ref`s of one document; `cache` keeps each target found (for a document that no
    one changes while it is being read, as the checks read it)."""

    def __init__(self, document: dict, cache: bool = False):
        self.document = document
        self.openapi = str(document.get("openapi", ""))
        self._targets: dict[str, object] | None = {} if cache else None

    def target(self, ref: str, default: object = None) -> object:
        """The node an internal `$ref` names, or `default` when it is external or missing."""
        if self._targets is None:
            return self._find(ref, default)
        found = self._targets.get(ref, _MISSING)
        if found is _MISSING:
            found = self._targets[ref] = self._find(ref, _MISSING)
        return default if found is _MISSING else found

    def _find(self, ref: str, default: object) -> object:
        pointer = target_pointer(ref)
        return default if pointer is None else walk_pointer(self.document, pointer, default)

    def follow(self, node: object, pointer: str = "", *, schema: bool = False) -> Resolved:
        """Follow `$ref`s from `node` (written at `pointer`) to a node that is not one; never raises."""
        chain: list[str] = []
        while is_reference(node):
            assert isinstance(node, dict)
            ref = node["$ref"]
            chain.append(ref)
            if ref in chain[:-1]:
                return Resolved(node, pointer, tuple(chain), REF_CYCLE)
            target = self.target(ref, _MISSING)
            if target is _MISSING:
                return Resolved(node, pointer, tuple(chain), REF_EXTERNAL if ref[:1] != "#" else REF_MISSING)
            node, pointer = with_siblings(node, target, self.openapi, schema), str(target_pointer(ref))
        return Resolved(node, pointer, tuple(chain))

