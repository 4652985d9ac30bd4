"""Search that finds an operation by a field of its bodies: each field an operation page shows gets an
id from its dotted path from the body's root (`field-response-200.stats.totalSizeBytes`), and an entry
in Material's search index that links to it (title: the path; text: the field's name, type and body).

The ids and the entries come from the one rendering of the page (FieldAnchors renders exactly as
SchemaHtml does), so every entry lands on a field the page shows. Material builds its index in the
reader's browser from these entries: on a large API they would outweigh the rest of the index, so a
version gets per-field entries up to FIELD_ENTRY_BUDGET bytes of them and, past it, one entry per body
listing its top-level field names (generator.render.page_files.Page.search_entries).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape, unescape

from generator.render.schemas import SchemaHtml, deref, type_label

_NAME = re.compile(r'<code class="aviato-name">(.*)</code>', re.DOTALL)  # SchemaHtml._inner's property name
# Bytes of per-field entries a version's search index takes (GitHub's spec: 1.4 MB for everything else).
FIELD_ENTRY_BUDGET = 600_000
BODY_NAMES = 30  # field names a body's entry lists when per-field entries would be over budget


@dataclass(frozen=True)
class FieldEntry:
    anchor: str  # the id on the page
    path: str  # dotted, from the body's root
    type: str
    body: str  # "request body", "response 200"

    def entry(self, page: str) -> dict:
        leaf = self.path.rpartition(".")[2]
        named = f"<code>{escape(leaf)}</code> " if leaf != self.path else ""
        return {"location": f"{page}#{self.anchor}", "title": escape(self.path),
                "text": f"{named}{escape(self.type)} · {escape(self.body)}"}


class FieldAnchors(SchemaHtml):
    """SchemaHtml that also gives each field of the body being rendered (`where`) an id, noted in `found`."""

    def __init__(self, spec, slug, schema_href=None):
        super().__init__(spec, slug, schema_href)
        self.where: str | None = None  # "request" or "response-<status>" while a body renders
        self.found: list[FieldEntry] = []
        self._path: list[str] = []

    def body(self, where: str | None):
        """`with schemas.body("response-200"):` the fields rendered inside get ids."""
        return _Body(self, self.slug(where) if where else None)

    def _field(self, name: str, schema: object, required: bool, ancestors: tuple, depth: int) -> str:
        match = _NAME.fullmatch(name)
        if self.where is None or match is None:
            return super()._field(name, schema, required, ancestors, depth)
        self._path.append(unescape(match.group(1)))
        try:
            anchor = "field-" + ".".join([self.where, *(self.slug(part) for part in self._path)])
            fresh = anchor not in self._ids
            if fresh:
                self._ids.add(anchor)
                resolved, ref, _ = deref(self.spec, schema)
                where = self.where.replace("-", " ", 1).replace("request", "request body")
                self.found.append(
                    FieldEntry(anchor, ".".join(self._path), type_label(self.spec, resolved, ref), where)
                )
            html = super()._field(name, schema, required, ancestors, depth)
        finally:
            self._path.pop()
        return html.replace("<li>", f'<li id="{escape(anchor)}">', 1) if fresh else html


class _Body:
    def __init__(self, schemas: FieldAnchors, where: str | None):
        self.schemas, self.where = schemas, where

    def __enter__(self):
        self.schemas.where = self.where

    def __exit__(self, *exc):
        self.schemas.where = None


def search_entries(pages: list) -> list[dict]:
    """The search entries of `pages` (generator.render.page_files.Page): each page's own, then the
    fields of its request body and its success responses (after it: Material reads an entry with `#`
    as a section of the one before it). Error bodies, much the same on every operation, are left out."""
    searched = [page for page in pages if page.search]
    found = [[f for section in page.sections for f in section.fields if _searched(f)] for page in searched]
    per_field = [[f.entry(page.search["location"]) for f in fields]
                 for page, fields in zip(searched, found, strict=True)]
    size = sum(len(json.dumps(entry, ensure_ascii=False)) for entries in per_field for entry in entries)
    entries = []
    for page, fields, own in zip(searched, found, per_field, strict=True):
        entries.append(dict(page.search))
        entries += own if size <= FIELD_ENTRY_BUDGET else _body_entries(page.search["location"], fields)
    return entries


def _searched(field: FieldEntry) -> bool:
    return field.body == "request body" or field.body.startswith("response 2")


def _body_entries(page: str, fields: list[FieldEntry]) -> list[dict]:
    """One entry per body: its top-level field names, linking to the first of them."""
    bodies: dict[str, list[FieldEntry]] = {}
    for field in fields:
        if "." not in field.path:
            bodies.setdefault(field.body, []).append(field)
    return [
        {
            "location": f"{page}#{found[0].anchor}",
            "title": escape(f"Fields of the {body}"),
            "text": escape(" ".join(f.path for f in found[:BODY_NAMES])),
        }
        for body, found in bodies.items()
    ]
