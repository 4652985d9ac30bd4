"""The files of one static page (an operation's, a schema's, an index): a small Markdown file for
MkDocs (front matter, the headings, a marker per section) and the sections' HTML in `.aviato/`
beside the pages, put in place after MkDocs ran (generator.site.operation_pages)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath

from generator.errors import Location, fail
from generator.render.urls import OPERATIONS_DIR

HIDDEN_DIR = ".aviato"  # MkDocs skips folders whose name starts with a dot
TWIN_NAME = "index.md"  # a page's Markdown twin, beside it (generator.render.twins)
FRAGMENTS_DIR = f"{HIDDEN_DIR}/fragments"
PAGES_FILE = f"{HIDDEN_DIR}/pages.json"  # search entries and the pages search engines should skip
STAMPS_DIR = (
    f"{HIDDEN_DIR}/stamps"  # the pages stamped from a prototype after MkDocs ran: values and sections
)
KEPT_STAMPS_DIR = (
    f"{HIDDEN_DIR}/stamps-kept"  # the values of stamped pages whose sections are in FRAGMENTS_DIR
)
UNBUILT_FILE = f"{HIDDEN_DIR}/unbuilt"  # MkDocs' exclude_docs: the Markdown of stamped pages kept as a source
MARKER = "<!-- aviato-fragment {} -->"
DESCRIPTION_LIMIT = 160
ELSEWHERE = "elsewhere"  # an index's section listing what other releases have and this one lacks
TO_SITE_ROOT = "../" * (len(OPERATIONS_DIR.parts) + 2)  # from a page's folder (operations/X/, schemas/X/)
# The placeholders of prototype pages, which MkDocs builds and other pages are stamped from.
PROTOTYPE_SEGMENT = "aviato-absent-prototype"  # a not-in-this-version page (operations/<it>/)
SCHEMA_PROTOTYPE_SEGMENT = "aviato-schema-prototype"  # a schema's page (schemas/<it>/)
OPERATION_PROTOTYPE_PREFIX = "aviato-operation-prototype-"  # an operation's page, one per heading shape
PROTOTYPE_SOURCE = (
    "README.md"  # a prototype's Markdown: MkDocs' index of its folder, not matched by */index.md
)
PROTOTYPE_ROUTE = "AviatoStampRoute"
PROTOTYPE_NAME = "AviatoAbsentName"
PROTOTYPE_DESCRIPTION = "AviatoAbsentDescription"


def stamp_values(folder: PurePosixPath, name: str, title_markdown: str, description_html: str) -> dict:
    """What a stamped page puts in place of its prototype's placeholders, in the forms they take."""
    return {
        "segment": folder.name,
        "folder": f"{folder}/",
        "name_front": front_matter({"n": name})["n"],
        "name_markdown": title_markdown,
        "description": description_html,
    }


@dataclass(frozen=True)
class Section:
    key: str  # the fragment's name and the heading's id
    heading: str | None  # None: the part above the first heading
    html: str
    fields: tuple = ()  # generator.render.search_fields.FieldEntry of the fields it shows, for search


@dataclass(frozen=True)
class Page:
    folder: PurePosixPath  # from the version's root
    front: dict  # front matter; string values are HTML (MkDocs' templates print them unescaped)
    title: str  # the h1, as Markdown
    sections: list[Section]
    search: dict | None = None  # our own entry for Material's search index
    noindex: bool = False
    # Set for pages that MkDocs does not build: they are stamped after it from the prototype page in
    # the folder stamp["from"] (same headings, placeholders in place of the name and description).
    stamp: dict | None = None
    # A stamped page whose Markdown and sections are written as an unstamped page's are (to read, to
    # test); MkDocs is told to skip its Markdown (UNBUILT_FILE), its values go to KEPT_STAMPS_DIR.
    keep_source: bool = False
    source: str = "index.md"


def front_matter(values: dict) -> dict:
    """Front matter values as HTML, ASCII only (PyYAML folds some Unicode line breaks in strings)."""
    return {
        k: escape(v).encode("ascii", "xmlcharrefreplace").decode() if isinstance(v, str) else v
        for k, v in values.items()
    }


def write_page(dest: Path, page: Page) -> None:
    folder = (dest / page.folder).resolve()
    if not folder.is_relative_to(dest.resolve()):  # url_segment makes this impossible; keep it so
        raise fail(
            "operation-page-outside", f"refusing to write {page.folder} outside {dest}", Location(str(folder))
        )
    if page.stamp is not None:
        stamped = dest / (KEPT_STAMPS_DIR if page.keep_source else STAMPS_DIR) / page.folder / "index.json"
        stamped.parent.mkdir(parents=True, exist_ok=True)
        kept = {} if page.keep_source else {"sections": {s.key: s.html for s in page.sections}}
        stamped.write_text(json.dumps({**page.stamp, **kept}, ensure_ascii=False), encoding="utf-8")
        if not page.keep_source:
            return
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "---",
        *(f"{k}: {json.dumps(v, ensure_ascii=True)}" for k, v in page.front.items()),
        "---",
        "",
        f"# {page.title}",
        "",
    ]
    for section in page.sections:
        if section.heading is not None:
            lines += [f"## {section.heading} {{#{section.key}}}", ""]
        lines += [MARKER.format(section.key), ""]
    (folder / page.source).write_text("\n".join(lines), encoding="utf-8")
    fragments = dest / FRAGMENTS_DIR / page.folder / "index.json"
    fragments.parent.mkdir(parents=True, exist_ok=True)
    fragments.write_text(
        json.dumps({s.key: s.html for s in page.sections}, ensure_ascii=False), encoding="utf-8"
    )
