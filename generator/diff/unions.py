"""The variants of a `oneOf`/`anyOf` union, matched across two releases so each is compared on its own.

Variants are paired, most telling evidence first: the discriminator's mapping (the same value names
both), the same `$ref` target, the same `const` (or one-value `enum`) of the discriminating property,
the same `title`, then the structure (the same types and mostly the same properties). What stays
unpaired was added or removed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.spec.lines import join
from generator.spec.refs import target_pointer

if TYPE_CHECKING:  # flat.py builds unions: the import runs the other way
    from generator.diff.flat import Flat


@dataclass(frozen=True)
class Union:
    keyword: str  # oneOf or anyOf
    pointer: str  # of the keyword's list
    members: tuple[tuple[object, str], ...]  # (node, pointer) of each variant, null-only variants left out
    property: str | None  # the discriminating property: the discriminator's, else one every variant fixes
    mapping: dict[str, str] = field(default_factory=dict)  # discriminator value -> target pointer
    nullable: bool = False  # a variant is `{"type": "null"}`
    declared: bool = False  # the schema has a `discriminator`


@dataclass
class Variant:
    node: object
    pointer: str  # where the variant is listed
    flat: Flat  # its flattened schema
    values: frozenset  # the discriminator values that name it (mapping, implicit name, const)
    label: str

    @property
    def target(self) -> str:
        return self.flat.pointer


def union_of(node: dict, pointer: str, keyword: str, discriminating: str | None) -> Union:
    """The union a schema declares under `keyword`; `discriminating` is the property every variant fixes
    to a value, used when the discriminator names none."""
    members = tuple((m, join(pointer, keyword, i)) for i, m in enumerate(node[keyword])
                    if not (isinstance(m, dict) and m.get("type") == "null" and len(m) == 1))
    written = node.get("discriminator")
    discriminator: dict = written if isinstance(written, dict) else {}
    listed = discriminator.get("mapping")
    written_mapping = listed.items() if isinstance(listed, dict) else ()
    targets = {str(value): target_pointer(ref) for value, ref in written_mapping if isinstance(ref, str)}
    mapping = {value: target for value, target in targets.items() if target is not None}
    name = discriminator.get("propertyName")
    return Union(keyword, join(pointer, keyword), members, str(name) if name else discriminating, mapping,
                 len(members) < len(node[keyword]), bool(discriminator))


def variant(union: Union, node: object, pointer: str, flat, const_of: Callable) -> Variant:
    values = {value for value, target in union.mapping.items() if target == flat.pointer}
    if union.declared and not union.mapping and flat.pointer.startswith("/components/schemas/"):
        values.add(flat.pointer.rsplit("/", 1)[1])  # OpenAPI's implicit mapping: the schema's name
    const = const_of(flat, union.property) if union.property else None
    if const is not None:
        values.add(const)
    title = node.get("title") if isinstance(node, dict) else None
    written = flat.pointer.rsplit("/", 1)[1] if flat.pointer != pointer else None
    label = (const if const is not None else min(values) if values
             else written if written is not None else str(title or "#" + pointer.rsplit("/", 1)[1]))
    return Variant(node, pointer, flat, frozenset(values), label)


def pair_variants(old: list[Variant], new: list[Variant]):
    """(pairs, removed, added) of two unions' variants."""
    pairs, old_left, new_left = [], list(old), list(new)
    for same in (_same_value, _same_target, _same_title, _same_structure):
        for o in list(old_left):
            partner = next((n for n in new_left if same(o, n)), None)
            if partner is not None:
                pairs.append((o, partner))
                old_left.remove(o)
                new_left.remove(partner)
    return pairs, old_left, new_left


def _same_value(old: Variant, new: Variant) -> bool:
    return bool(old.values & new.values)


def _same_target(old: Variant, new: Variant) -> bool:
    return old.flat.pointer == new.flat.pointer and old.flat.pointer != old.pointer


def _named_apart(old: Variant, new: Variant) -> bool:
    """Both variants carry discriminator values, and none in common: two different variants."""
    return bool(old.values and new.values) and not (old.values & new.values)


def _same_title(old: Variant, new: Variant) -> bool:
    if _named_apart(old, new):
        return False
    titles = [v.node.get("title") if isinstance(v.node, dict) else None for v in (old, new)]
    return titles[0] is not None and titles[0] == titles[1]


def _same_structure(old: Variant, new: Variant) -> bool:
    a, b = old.flat, new.flat
    if a.types != b.types or _named_apart(old, new):
        return False
    names_a, names_b = set(a.properties), set(b.properties)
    if not (names_a or names_b):
        return a.enum == b.enum or a.items is not None
    return len(names_a & names_b) * 2 >= max(len(names_a), len(names_b))
