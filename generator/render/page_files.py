"""The files of one static page (an operation's, a schema's, an index): a small Markdown file for
MkDocs (front matter, the headings, a marker per section) and the sections' HTML in `.aviato/`
beside the pages, put in place after MkDocs ran (generator.site.operation_pages)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath

from generator.errors import Location, fail

# The docs tree's folders, files and placeholders are generator.layout's: the site stage reads them too.
from generator.layout import (
    FRAGMENTS_DIR,
    KEPT_STAMPS_DIR,
    MARKER,
    OPERATIONS_DIR,
    STAMPS_DIR,
)

DESCRIPTION_LIMIT = 160
# JSON as `json.dumps(value, ensure_ascii=False)` writes it (text as it is, no `\u` escapes), with one
# encoder for the thousands of pages' files instead of one per call.
json_text = json.JSONEncoder(ensure_ascii=False).encode
TO_SITE_ROOT = "../" * (len(OPERATIONS_DIR.parts) + 2)  # from a page's folder (operations/X/, schemas/X/)
# A prototype's Markdown: MkDocs' index of its folder, not matched by */index.md.
PROTOTYPE_SOURCE = "README.md"


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
    folder = dest / page.folder
    # url_segment makes this impossible; keep it so (read from the path: resolving it is a system call
    # per folder on the way, for each of thousands of pages).
    if page.folder.is_absolute() or ".." in page.folder.parts:
        raise fail(
            "operation-page-outside", f"refusing to write {page.folder} outside {dest}", Location(str(folder))
        )
    # Paths as text: thousands of pages, each written to three folders.
    root, relative = os.fspath(dest), str(page.folder)
    if page.stamp is not None:
        stamps = KEPT_STAMPS_DIR if page.keep_source else STAMPS_DIR
        kept = {} if page.keep_source else {"sections": {s.key: s.html for s in page.sections}}
        stamp = json_text({**page.stamp, **kept})
        write_file(f"{root}/{stamps}/{relative}/index.json", stamp)
        if not page.keep_source:
            return
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
    write_file(f"{root}/{relative}/{page.source}", "\n".join(lines))
    fragments = json_text({s.key: s.html for s in page.sections})
    write_file(f"{root}/{FRAGMENTS_DIR}/{relative}/index.json", fragments)


def write_file(path: str, text: str) -> None:
    """Write `text` as UTF-8 at `path`, making its folder first if need be."""
    folder = os.path.dirname(path)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        file.write(text)
