"""The files of one static page (an operation's, a schema's, an index): a small Markdown file for
MkDocs (front matter, the headings, a marker per section) and the sections' HTML in `.aviato/`
beside the pages, put in place after MkDocs ran (generator.site.operation_pages); for a page stamped
from a prototype instead, a line of a stamps file (`PageWriter`)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from html import escape
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import orjson

from generator.errors import Location, fail

# The docs tree's folders, files and placeholders are generator.layout's: the site stage reads them too.
from generator.layout import (
    FRAGMENTS_DIR,
    LINES_PER_FILE,
    MARKER,
    OPERATIONS_DIR,
    STAMPS_DIR,
)

DESCRIPTION_LIMIT = 160
TO_SITE_ROOT = "../" * (len(OPERATIONS_DIR.parts) + 2)  # from a page's folder (operations/X/, schemas/X/)
# A prototype's Markdown: MkDocs' index of its folder, not matched by */index.md.
PROTOTYPE_SOURCE = "README.md"


def json_text(value: object) -> str:
    """JSON as the search index and the JSON lines files are written (orjson: compact, text as it is,
    no `\\u` escapes but for control characters, line breaks among them)."""
    return orjson.dumps(value).decode()


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
    source: str = "index.md"


def front_matter(values: dict) -> dict:
    """Front matter values as HTML, ASCII only (PyYAML folds some Unicode line breaks in strings)."""
    return {
        k: escape(v).encode("ascii", "xmlcharrefreplace").decode() if isinstance(v, str) else v
        for k, v in values.items()
    }


class LinesWriter:
    """JSON values, a line each, into files of LINES_PER_FILE lines in `folder`, named `prefix` and
    their number (two processes writing into one folder name theirs apart). A context manager: the
    last file is closed on leaving it."""

    def __init__(self, folder: Path, prefix: str = ""):
        self.folder, self.prefix, self._count = folder, prefix, 0
        self._file: BinaryIO | None = None

    def __enter__(self) -> LinesWriter:
        return self

    def __exit__(self, *exc) -> None:
        if self._file is not None:
            self._file.close()

    def write(self, values: dict) -> None:
        if self._count % LINES_PER_FILE == 0:
            if self._file is not None:
                self._file.close()
            self.folder.mkdir(parents=True, exist_ok=True)
            name = f"{self.prefix}{self._count // LINES_PER_FILE:05d}.jsonl"
            self._file = open(self.folder / name, "wb")
        self._count += 1
        assert self._file is not None
        self._file.write(orjson.dumps(values) + b"\n")  # JSON escapes line breaks: a line each


class PageWriter:
    """Writes one version's pages into its docs tree `dest`, as they come: a page MkDocs builds as its
    Markdown and its sections' fragments, a stamped page as a line of STAMPS_DIR (LinesWriter). A
    context manager, as LinesWriter is."""

    def __init__(self, dest: Path, stamps_prefix: str = ""):
        self.dest = dest
        self._stamps = LinesWriter(dest / STAMPS_DIR, stamps_prefix)

    def __enter__(self) -> PageWriter:
        return self

    def __exit__(self, *exc) -> None:
        self._stamps.__exit__(*exc)

    def write(self, page: Page) -> None:
        folder = self.dest / page.folder
        # url_segment makes this impossible; keep it so (read from the path: resolving it is a system
        # call per folder on the way, for each of thousands of pages).
        if page.folder.is_absolute() or ".." in page.folder.parts:
            raise fail("operation-page-outside", f"refusing to write {page.folder} outside {self.dest}",
                       Location(str(folder)))
        if page.stamp is not None:
            self._stamps.write({**page.stamp, "sections": {s.key: s.html for s in page.sections}})
        else:
            _write_built(os.fspath(self.dest), str(page.folder), page)


def _write_built(root: str, relative: str, page: Page) -> None:
    """A page MkDocs builds: its Markdown, and its sections' HTML for after MkDocs (paths as text:
    resolving them is a system call per folder on the way)."""
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
