"""Search that finds an operation by a field of its bodies: each field an operation page shows gets an
id from its dotted path from the body's root (`field-response-200.stats.totalSizeBytes`), and a place
in Material's search index (title: the path; text: its type and body), which links to it.

The ids and the entries come from the one rendering of the page (FieldAnchors renders exactly as
SchemaHtml does), so every entry lands on a field the page shows. Material builds its index in the
reader's browser from the entries it downloads, so their bytes are the index's weight: a version's
field entries take at most FIELD_ENTRY_BUDGET bytes (search_entries says how they share it), and
every page's entry shows the opening of its description only (`description`).

Material's search cuts words at spaces and hyphens only: a dotted path is one word, found by the
path or a start of it (`stats.total`), and a nested field's entry names its last name apart. (Cut
at dots too, `stats.totalSizeBytes` would be searched as `stats` or `totalSizeBytes`, and lose to
every operation with either in its title.)
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from html import escape, unescape

from generator.render.markdown_safe import plain_text
from generator.render.page_files import DESCRIPTION_LIMIT, json_text
from generator.render.schema_html import SchemaHtml
from generator.render.schemas import deref, type_label

_NAME = re.compile(r'<code class="aviato-name">(.*)</code>', re.DOTALL)  # SchemaHtml._inner's property name
# Bytes of field entries a version's search index takes. GitHub's spec: about 0.9 MB for the rest,
# and the index is to stay within 1.5 MB (issue 15).
FIELD_ENTRY_BUDGET = 450_000
LISTING = "<p>Fields: {}</p>"  # the fields an operation's own entry lists (search_entries)


@dataclass(frozen=True)
class FieldEntry:
    anchor: str  # the id on the page
    path: str  # dotted, from the body's root
    type: str
    body: str  # "request body", "response 200"

    def entry(self, page: str) -> dict:
        """Found by its path (the title) and, when it is nested, by its own name."""
        leaf = self.path.rpartition(".")[2]
        named = f"<code>{escape(leaf)}</code> " if leaf != self.path else ""
        return {"location": f"{page}#{self.anchor}", "title": escape(self.path),
                "text": f"{named}{escape(self.type)} · {escape(self.body)}"}


def description(text: str, title: str) -> str:
    """The first DESCRIPTION_LIMIT characters of a description, as a paragraph of a page's search
    entry; nothing when it says no more than the entry's title. A search finds a page by the words
    of its description's opening, the one its result shows."""
    shown = plain_text(text, DESCRIPTION_LIMIT)
    return f"<p>{escape(shown)}</p>" if shown and shown != unescape(title) else ""


def anchors_base(schemas_href: str | None) -> str:
    """The attribute of a page's first paragraph that tells assets/javascripts/anchors.js where the
    version's schema pages are (`schemas_href`, relative to the page); none: the script does nothing."""
    return f' data-aviato-schemas="{escape(schemas_href)}"' if schemas_href else ""


class FieldAnchors(SchemaHtml):
    """SchemaHtml that also gives each field of the body being rendered (`where`) an id, noted in `found`."""

    def __init__(self, spec, slug, schema_href=None, links_key=None):
        super().__init__(spec, slug, schema_href, links_key)
        self.where: str | None = None  # "request" or "response-<status>" while a body renders
        self.found: list[FieldEntry] = []
        self._path: list[str] = []
        self._noting: set[str] | None = None  # the ids given since _start, while SchemaHtml notes them

    def body(self, where: str | None):
        """`with schemas.body("response-200"):` the fields rendered inside get ids; `body("")`, ids
        from the schema's own root (`field-stats.totalSizeBytes`, on its page)."""
        return _Body(self, self.slug(where) if where else where)

    def _field(self, name: str, schema: object, required: bool, ancestors: tuple, depth: int) -> str:
        match = _NAME.fullmatch(name)
        if self.where is None or match is None:
            return super()._field(name, schema, required, ancestors, depth)
        self._path.append(unescape(match.group(1)))
        try:
            anchor = "field-" + ".".join([*([self.where] if self.where else []),
                                          *(self.slug(part) for part in self._path)])
            fresh = anchor not in self._ids
            if not fresh and self._noting is not None and anchor not in self._noting:
                self._page_reads += 1  # an id from before: the HTML is this page's own
            if fresh:
                self._ids.add(anchor)
                if self._noting is not None:
                    self._noting.add(anchor)
                if self.where:  # a body's field, for the search (a schema page's fields are not searched)
                    resolved, ref, _ = deref(self.spec, schema)
                    where = self.where.replace("-", " ", 1).replace("request", "request body")
                    self.found.append(
                        FieldEntry(anchor, ".".join(self._path), type_label(self.spec, resolved, ref), where)
                    )
            html = super()._field(name, schema, required, ancestors, depth)
        finally:
            self._path.pop()
        return html.replace("<li>", f'<li id="{escape(anchor)}">', 1) if fresh else html


    # A named schema's fields, rendered once per version (SchemaHtml._named_fields): their ids depend
    # on the body and the path to them, and each is given once per page.
    def _place(self) -> object:
        return self.where, tuple(self._path)

    def _start(self) -> object:
        self._noting = set()
        return len(self.found)

    def _done(self, start: object) -> object:
        self._noting = None
        return tuple(self.found[start:])  # type: ignore[index]

    def _replay(self, noted: object) -> bool:
        entries: tuple[FieldEntry, ...] = noted  # type: ignore[assignment]
        if any(entry.anchor in self._ids for entry in entries):
            return False
        self._ids.update(entry.anchor for entry in entries)
        self.found.extend(entries)
        return True


class _Body:
    def __init__(self, schemas: FieldAnchors, where: str | None):
        self.schemas, self.where = schemas, where

    def __enter__(self):
        self.schemas.where = self.where

    def __exit__(self, *exc):
        self.schemas.where = None


def search_entries(pages: list) -> list[dict]:
    """The search entries of `pages` (generator.render.page_files.Page): each page's own, then those of
    the fields of its request body and its success responses (after it: Material reads an entry with
    `#` as a section of the one before it). Error bodies, much the same on every operation, are left out.

    When an entry for every field would take more than FIELD_ENTRY_BUDGET bytes, the rarest fields of
    the version (by dotted path: `stats.totalSizeBytes` before `id`) keep theirs as long as all the
    others can still be listed in their operation's own entry; the next are listed there, while the
    budget lasts; the most common ones (`id`, `url`) are then not searched at all."""
    searched = [page for page in pages if page.search]
    fields = {page.search["location"]: [f for s in page.sections for f in s.fields if _searched(f)]
              for page in searched}
    made = {(location, f.anchor): f.entry(location) for location, listed in fields.items() for f in listed}
    own, listed = _shares(fields, made, FIELD_ENTRY_BUDGET)
    entries = []
    for page in searched:
        location = page.search["location"]
        names = listed.get(location)
        text = page.search["text"] + (LISTING.format(escape(" ".join(names))) if names else "")
        entries.append({**page.search, "text": text})
        entries += [made[(location, f.anchor)] for f in fields[location] if (location, f.anchor) in own]
    return entries


def _searched(field: FieldEntry) -> bool:
    return field.body == "request body" or field.body.startswith("response 2")


def _shares(fields: dict[str, list[FieldEntry]], made: dict[tuple[str, str], dict],
            budget: int) -> tuple[set, dict[str, list[str]]]:
    """Which fields get an entry of their own ((page, anchor)), which paths each page's entry lists;
    `made`: each field's entry, by (page, anchor)."""
    found = [(page, f) for page, listed in fields.items() for f in listed]
    own_size = {key: _size(entry) for key, entry in made.items()}
    if sum(own_size.values()) <= budget:
        return set(own_size), {}
    seen = Counter(f.path for _, f in found)
    rarest_first = sorted(found, key=lambda item: seen[item[1].path])  # stable: page order among equals
    listed_size = {path: _listed_size(path) for path in seen}
    unlisted = sum(listed_size[f.path] for _, f in found)  # what listing the fields still undecided takes
    own: set[tuple[str, str]] = set()
    listed: dict[str, dict[str, None]] = {}
    spent, promoting = 0, True
    for page, f in rarest_first:
        unlisted -= listed_size[f.path]
        promoting = promoting and spent + own_size[(page, f.anchor)] + unlisted <= budget
        if promoting:
            own.add((page, f.anchor))
            spent += own_size[(page, f.anchor)]
            continue
        names = listed.get(page, {})
        cost = 0 if f.path in names else listed_size[f.path] + (0 if names else len(LISTING.format("")))
        if spent + cost > budget:
            break
        listed.setdefault(page, {})[f.path] = None
        spent += cost
    return own, {page: list(dict.fromkeys(f.path for f in fields[page] if f.path in names))
                 for page, names in listed.items()}


def _size(entry: dict) -> int:
    return len(json_text(entry)) + 1  # and the comma after it


def _listed_size(path: str) -> int:
    return len(escape(path)) + 1  # and the space after it
