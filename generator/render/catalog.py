"""Every operation and named schema of every pinned release, with the pinned history: what a
version's static pages may say about the releases up to it. Built from each release's facts and
lifecycles, derived once per release by the orchestrator (generator.commands.build)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.errors import fail
from generator.facts import ApiFacts, Operation
from generator.facts import schemas as schema_facts
from generator.facts.lifecycle import Lifecycle
from generator.pins import version_key
from generator.render.urls import OPERATIONS_DIR, SCHEMAS_DIR, url_segment


@dataclass
class Catalog:
    """Every operation of every pinned release, by operationId, with the pinned history."""

    tags: tuple[str, ...]  # oldest first
    specs: dict
    facts: dict[str, ApiFacts]
    lifecycles: dict[str, dict[str, Lifecycle]]  # by tag: generator.diff.History.lifecycles()
    by_tag: dict[str, dict[str, Operation]] = field(default_factory=dict)
    releases: tuple = ()
    schemas_by_tag: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # the named schemas, in spec order
    _uses: dict[str, schema_facts.SchemaUses] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, releases, facts: dict[str, ApiFacts], lifecycles: dict[str, dict[str, Lifecycle]]) -> Catalog:
        """The catalog of `releases` (pins.Release), given each one's facts and lifecycles by tag."""
        ordered = sorted(releases, key=lambda r: version_key(r.tag))
        catalog = cls(tuple(r.tag for r in ordered), {r.tag: r.spec for r in ordered}, facts, lifecycles,
                      releases=tuple(ordered))
        for tag, found in facts.items():
            catalog.by_tag[tag] = {}
            for op in found.operations:  # a repeated operationId keeps its first operation
                catalog.by_tag[tag].setdefault(op.operation_id, op)
            catalog.schemas_by_tag[tag] = tuple(schema_facts.schema_names(catalog.specs[tag].document))
        catalog._check_segments()
        catalog._check_schema_segments()
        return catalog

    def until(self, tag: str) -> Catalog:
        """The catalog of the releases up to `tag`: all that a version's own pages may show, so that
        publishing a newer release leaves them as they are (the pages of operations only later releases
        have are stamped in when the site is assembled: generator.site.operation_pages)."""
        if tag == self.tags[-1]:
            return self
        count = self.tags.index(tag) + 1
        kept = self.tags[:count]
        return Catalog(kept, {t: self.specs[t] for t in kept}, {t: self.facts[t] for t in kept},
                       {t: self.lifecycles[t] for t in kept}, {t: self.by_tag[t] for t in kept},
                       self.releases[:count], {t: self.schemas_by_tag[t] for t in kept}, self._uses)

    def later(self, tag: str) -> list[str]:
        """The operationIds `tag` lacks that a later release has: their pages depend on later releases."""
        after = [t for t in self.tags if version_key(t) > version_key(tag)]
        return [
            i for i in self.ids() if i not in self.by_tag[tag] and any(i in self.by_tag[t] for t in after)
        ]

    def ids(self) -> list[str]:
        """Every operationId ever published, in the order releases introduced them."""
        return list(dict.fromkeys(i for tag in self.tags for i in self.by_tag[tag]))

    def present_in(self, operation_id: str) -> list[str]:
        return [tag for tag in self.tags if operation_id in self.by_tag[tag]]

    def added_in(self, operation: Operation) -> str | None:
        lifecycle = self._lifecycle(operation)
        return lifecycle.added_in if lifecycle else next(iter(self.present_in(operation.operation_id)), None)

    def removed_in(self, operation_id: str) -> str | None:
        """The release after the last one that has the operation, if there is one."""
        last = self.present_in(operation_id)[-1]
        later = self.tags[self.tags.index(last) + 1 :]
        return later[0] if later else None

    def deprecated_since(self, operation_id: str, tag: str) -> str | None:
        """The first release of the unbroken run of releases up to `tag` that mark it deprecated."""
        since = None
        for each in self.tags[: self.tags.index(tag) + 1]:
            op = self.by_tag[each].get(operation_id)
            since = (since or each) if op is not None and op.deprecated else None
        return since

    def schema_names(self) -> list[str]:
        """Every schema name ever published, in the order releases introduced them."""
        return list(dict.fromkeys(n for tag in self.tags for n in self.schemas_by_tag[tag]))

    def schema_present_in(self, name: str) -> list[str]:
        return [tag for tag in self.tags if name in self.schemas_by_tag[tag]]

    def later_schemas(self, tag: str) -> list[str]:
        """The schemas `tag` lacks that a later release has: their pages depend on later releases."""
        after = [t for t in self.tags if version_key(t) > version_key(tag)]
        own = set(self.schemas_by_tag[tag])
        return [
            n for n in self.schema_names() if n not in own and any(n in self.schemas_by_tag[t] for t in after)
        ]

    def schema_removed_in(self, name: str) -> str | None:
        last = self.schema_present_in(name)[-1]
        later = self.tags[self.tags.index(last) + 1 :]
        return later[0] if later else None

    def uses(self, tag: str) -> schema_facts.SchemaUses:
        """Who names each schema of `tag` directly (computed once per release)."""
        if tag not in self._uses:
            operations = [(op.operation_id, op.path, op.method) for op in self.by_tag[tag].values()]
            self._uses[tag] = schema_facts.uses(self.specs[tag].document, operations)
        return self._uses[tag]

    def _lifecycle(self, operation: Operation) -> Lifecycle | None:
        """diff.history's record (it follows an operation across a renamed id or path), if it has one."""
        lifecycles = self.lifecycles[self.tags[-1]]
        for key in (operation.operation_id, operation.route):
            found = lifecycles.get(key)
            if found is not None and (found.method, found.path) == (operation.method, operation.path):
                return found
        return None

    def _check_segments(self) -> None:
        """Two ids must not share a folder, even where file names ignore case (macOS, Windows)."""
        seen: dict[str, str] = {}
        for tag in self.tags:
            for operation_id, op in self.by_tag[tag].items():
                segment = url_segment(operation_id)
                first = seen.setdefault(segment.lower(), operation_id)
                if first != operation_id:
                    raise fail(
                        "operation-url-collision",
                        f"{tag}: operationIds {first!r} and {operation_id!r} "
                        f"would share the page {OPERATIONS_DIR}/{segment}/ (folder names are compared "
                        "without case)",
                        self.specs[tag].locate(f"{op.pointer}/operationId"),
                        hint="operationIds are permalinks: make them differ by more than case",
                    )

    def _check_schema_segments(self) -> None:
        seen: dict[str, str] = {}
        for tag in self.tags:
            for name in self.schemas_by_tag[tag]:
                first = seen.setdefault(url_segment(name).lower(), name)
                if first != name:
                    pointer = schema_facts.schema_ref(name)[1:]
                    raise fail(
                        "schema-url-collision",
                        f"{tag}: schemas {first!r} and {name!r} would share the "
                        f"page {SCHEMAS_DIR}/{url_segment(name)}/ (folder names are compared without "
                        "case)",
                        self.specs[tag].locate(pointer),
                        hint="schema names are permalinks: make them differ by more than case",
                    )


def absence(tag: str, present: list[str], removed_in: Callable[[], str | None]) -> str:
    """What a not-in-this-version page says of the releases that have the operation or schema."""
    before = [t for t in present if version_key(t) < version_key(tag)]
    after = [t for t in present if version_key(t) > version_key(tag)]
    if before and not after:
        return f"It was added in {present[0]} and removed in {removed_in()}."
    if after and not before:
        return f"It was added in {after[0]}."
    return f"It is in {', '.join(present)}."
