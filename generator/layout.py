"""The layout of one version's docs tree: the contract between render, which writes it, and site,
which hands it to MkDocs and assembles what MkDocs built.

Paths are from the version's root (`/V/`). What MkDocs must not build waits in HIDDEN_DIR (MkDocs
skips folders whose name starts with a dot) and is put in place after it ran
(generator.site.operation_pages). The interactive reference's ids are part of it: `slug` is Scalar's
tag slug, which facts' anchors and site's reference parts both name, and `scalar_anchor` its
deep link to an operation, which the pages link and the site's link check accepts.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import orjson

SPEC_DIR = PurePosixPath("docs/developer/api")  # where the release's exact document is published
OPERATIONS_DIR = PurePosixPath("docs/developer/api/operations")
SCHEMAS_DIR = PurePosixPath("docs/developer/api/schemas")

HIDDEN_DIR = ".aviato"
FRAGMENTS_DIR = f"{HIDDEN_DIR}/fragments"
PAGES_FILE = f"{HIDDEN_DIR}/pages.json"  # search entries and the pages search engines should skip
# What waits in the docs tree by the thousand is written as JSON lines, LINES_PER_FILE a file
# (`lines_files`, `json_lines`): a file and a folder for each made their writes and deletes cost
# seconds on this project's machine.
LINES_PER_FILE = 250
# The pages stamped from a prototype after MkDocs ran: a line each, their values and sections.
STAMPS_DIR = f"{HIDDEN_DIR}/stamps"
# The pages' Markdown twins: a line each, {"path": from the version's root, "text": the Markdown}.
TWINS_DIR = f"{HIDDEN_DIR}/twins"
TWIN_NAME = "index.md"  # a page's Markdown twin, beside it (generator.render.twins)
# The files of the version's root written after what MkDocs reads (llms.txt, llms-full.txt: they wait
# for the twins); the site stage moves them into the built version.
ROOT_FILES_DIR = f"{HIDDEN_DIR}/root"

MARKER = "<!-- aviato-fragment {} -->"  # where a section goes in a page MkDocs built
ELSEWHERE = "elsewhere"  # an index's section listing what other releases have and this one lacks

# The placeholders of prototype pages, which MkDocs builds and other pages are stamped from.
PROTOTYPE_SEGMENT = "aviato-absent-prototype"  # a not-in-this-version page (operations/<it>/)
SCHEMA_PROTOTYPE_SEGMENT = "aviato-schema-prototype"  # a schema's page (schemas/<it>/)
OPERATION_PROTOTYPE_PREFIX = "aviato-operation-prototype-"  # an operation's page, one per heading shape
PROTOTYPE_ROUTE = "AviatoStampRoute"
PROTOTYPE_NAME = "AviatoAbsentName"
PROTOTYPE_DESCRIPTION = "AviatoAbsentDescription"


@functools.lru_cache(maxsize=4096)  # a spec's few tags, asked for by each of its thousands of operations
def slug(text: str) -> str:
    """Scalar's tag slug (@scalar/helpers' slugify): lower case, only letters, marks, digits, white space,
    `_` and `-` kept (`me.calendar` is `mecalendar`), each run of the last three one hyphen."""
    text = unicodedata.normalize("NFC", text[:255].strip()).lower()
    kept = "".join(c for c in text if c in "_-" or c.isspace() or unicodedata.category(c)[0] in "LMN")
    return re.sub(r"[\s_-]+", "-", kept).strip("-")


def scalar_anchor(method: str, path: str, tag: str | None) -> str:
    """Scalar's deep link to an operation: `tag/<tag-slug>/<METHOD><path>`, or `<METHOD><path>` for one
    without a tag (Scalar lists those outside any tag)."""
    return f"tag/{slug(tag)}/{method}{path}" if tag is not None else f"{method}{path}"


def lines_files(tree: Path, folder: str) -> list[Path]:
    """The JSON lines files of `folder` (STAMPS_DIR, TWINS_DIR) in the docs tree `tree`, by name."""
    return sorted((tree / folder).glob("*.jsonl"))


def json_lines(path: Path) -> Iterator[dict]:
    """The values of a JSON lines file, one per line."""
    with open(path, "rb") as file:
        yield from (orjson.loads(line) for line in file)
