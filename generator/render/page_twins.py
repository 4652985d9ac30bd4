"""The Markdown twins of the pages that are not operation pages (generator.render.twins has those):
the home page, the overview and the changelog (their rendered Markdown as CommonMark), the
reference page, the operations and schemas indexes, and every schema page of the version. Each at its
page's URL + `index.md`; links are relative, as on the pages, and reach the pages' HTML.

Written from the same facts as the pages (the templates' Markdown, the catalog, the spec), like the
operations' twins, and with the same escaping: names are code spans, descriptions plain text.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path, PurePosixPath

from generator.facts.schemas import schema_ref
from generator.render import examples
from generator.render.commonmark import code, commonmark, inline, page_url
from generator.render.markdown_safe import plain_text
from generator.render.page_files import LinesWriter
from generator.render.schemas import deref, type_label
from generator.render.twins import TWIN_NAME, TWINS_DIR, field_items
from generator.render.urls import (
    OPERATIONS_DIR,
    SCHEMAS_DIR,
    operation_href,
    schema_folder,
    schema_href,
    url_segment,
)
from generator.spec import Spec

# The pages whose rendered Markdown (from docs/) is their twin: the folders, from the version's root.
PROSE_PAGES = ("", "docs/developer", "docs/developer/changelog")
REFERENCE = PurePosixPath("docs/developer/api")


def write_tree(dest: Path, catalog, tag: str, out: LinesWriter) -> None:
    """Write the twins of `tag`'s prose pages and indexes to `out` (`dest`'s TWINS_DIR)."""
    for folder in PROSE_PAGES:
        source = dest / folder / "index.md"
        if source.is_file():
            _write(out, PurePosixPath(folder), commonmark(source.read_text(encoding="utf-8"), page_url))
    _write(out, OPERATIONS_DIR, operations_index(catalog, tag))
    _write(out, SCHEMAS_DIR, schemas_index(catalog, tag))


def write_schemas(dest: Path, catalog, tag: str) -> None:
    """Write the twins of `tag`'s schema pages into `dest`'s TWINS_DIR (where the schema pages are
    written: their examples are worked out once)."""
    with LinesWriter(dest / TWINS_DIR, "schemas-") as out:
        for name in catalog.schemas_by_tag[tag]:
            _write(out, schema_folder(name), schema_markdown(catalog, tag, name))


def write_reference(dest: Path, llms_index: str) -> None:
    """The reference page's twin: the version's llms.txt (generator.render.llms), its links from the page."""
    with LinesWriter(dest / TWINS_DIR, "reference-") as out:
        _write(out, REFERENCE, rebase(llms_index, REFERENCE))


def rebase(text: str, folder: PurePosixPath) -> str:
    """Markdown whose relative links are from the version's root, with them relative to `folder`."""
    def link(match: re.Match) -> str:
        target = match.group(1)
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^/|^#", target):
            return match.group(0)
        relative = posixpath.relpath(target.rstrip("/") or ".", str(folder))
        return f"]({relative}{'/' if target.endswith('/') else ''})"
    return re.sub(r"\]\(([^)\s]+)\)", link, text)


def _write(out: LinesWriter, folder: PurePosixPath, text: str) -> None:
    out.write({"path": str(folder / TWIN_NAME), "text": text})


def operations_index(catalog, tag: str) -> str:
    from generator.render.llms import groups  # llms builds on the twins

    parts = [f"# Operations of {inline(catalog.facts[tag].title or 'the API')} {inline(tag)}"]
    for name, operations in groups(catalog, tag):
        items = [
            f"- [{inline(op.summary or op.operation_id)}]"
            f"({operation_href(op.operation_id, OPERATIONS_DIR)}{TWIN_NAME}): "
            f"{code(op.method)} {code(op.path)}"
            for op in operations
        ]
        parts.append(f"## {inline(name)}\n\n" + "\n".join(items))
    return "\n\n".join(parts) + "\n"


def schemas_index(catalog, tag: str) -> str:
    names = sorted(catalog.schemas_by_tag[tag], key=str.lower)
    items = [f"- [{code(name)}]({url_segment(name)}/{TWIN_NAME})" for name in names]
    head = f"# Schemas of {inline(catalog.facts[tag].title or 'the API')} {inline(tag)}"
    return "\n\n".join([head, "\n".join(items) or "The API names no schema."]) + "\n"


def schema_markdown(catalog, tag: str, name: str) -> str:
    """A schema page as CommonMark: its type and description, its fields as nested lists (as the page
    nests them: a named schema inside it is a link, not expanded), an example, who uses it."""
    spec: Spec = catalog.specs[tag]
    ref = schema_ref(name)
    schema, _, problem = deref(spec, {"$ref": ref})
    schema = schema if isinstance(schema, dict) else {}
    meta = [f"Schema {code(name)}", f"type {inline(type_label(spec, schema))}"]
    added = next(iter(catalog.schema_present_in(name)), None)
    meta += [f"added in {inline(added)}"] * bool(added) + ["deprecated"] * (schema.get("deprecated") is True)
    parts = [f"# {inline(name)} (schema)", " · ".join(meta)]
    description = schema.get("description")
    if isinstance(description, str) and description.strip():
        parts.append(inline(plain_text(description)))
    if problem:
        parts.append(inline(f"⚠ {problem}"))
    listed = field_items(spec, schema, None, "", named=True)
    parts += [
        "## Fields",
        "\n".join(listed) or f"No fields: a value of type {inline(type_label(spec, schema))}.",
    ]
    example = examples.schema_example(spec, name)
    if example is not None:
        _, text = example
        parts += ["## Example", fenced(text, "json")]
    parts += ["## Used by", _used_by(catalog, tag, name)]
    return "\n\n".join(parts) + "\n"


def _used_by(catalog, tag: str, name: str) -> str:
    uses = catalog.uses(tag)
    folder = schema_folder(name)
    operations = catalog.by_tag[tag]
    items = [
        f"- [{code(operations[i].method)} {code(operations[i].path)}]"
        f"({operation_href(i, folder)}{TWIN_NAME}): {inline(operations[i].summary)}"
        for i in uses.operations.get(name, ())
        if i in operations
    ]
    items += [
        f"- [{code(other)}]({schema_href(other, folder)}{TWIN_NAME})" for other in uses.schemas.get(name, ())
    ]
    return "\n".join(items) or f"No operation or other schema of {inline(tag)} names it."


def fenced(text: str, language: str = "") -> str:
    """A fenced code block holding `text` literally, whatever backtick runs it has."""
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}{language}\n{text}\n{fence}"
