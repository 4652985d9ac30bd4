"""A version's `llms.txt` (llmstxt.org) and `llms-full.txt`, served at its root.

`llms.txt`: an H1 with the API's title and version, a `>` summary, one section per tag listing each
operation's Markdown twin with its summary, and a section with the overview, the OpenAPI document and
the changelog. `llms-full.txt`: the same heading and summary, then every operation's twin in one file.
Both come from the facts the pages are rendered from (generator.render.twins), not from the HTML.
Links are relative to the version's root, where both files are: `/V/llms.txt` reaches `/V/docs/...`,
and `/llms.txt` (the latest, through a rewrite) reaches the unversioned `/docs/...`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from generator.facts import Operation
from generator.layout import ROOT_FILES_DIR
from generator.render import SPEC_DIR, page_twins
from generator.render.commonmark import commonmark, from_folder
from generator.render.markdown_safe import plain_text
from generator.render.twins import code, deeper, inline, operation_markdown, twin_path

INDEX = "llms.txt"
FULL = "llms-full.txt"
OVERVIEW = "docs/developer/"
CHANGELOG = "docs/developer/changelog/"
SUMMARY_LIMIT = 300


def write(dest: Path, catalog, tag: str, spec_name: str, twins: dict[str, str] | None = None) -> None:
    """Write `llms.txt` and `llms-full.txt` of `tag` into its docs tree's ROOT_FILES_DIR (the site
    stage moves them to the version's root), the latter with the overview already rendered in the
    tree; `twins`: the operations' twins, by operationId, when they are written already
    (generator.render.twins.write_tree)."""
    overview = dest / OVERVIEW / "index.md"
    index = index_text(catalog, tag, spec_name)
    root = dest / ROOT_FILES_DIR
    root.mkdir(parents=True, exist_ok=True)
    (root / INDEX).write_text(index, encoding="utf-8")
    page_twins.write_reference(dest, index)
    text = overview.read_text(encoding="utf-8") if overview.is_file() else None
    with (root / FULL).open("w", encoding="utf-8") as out:  # part by part: it is tens of MB on large APIs
        for number, part in enumerate(_full_parts(catalog, tag, text, twins)):
            out.write(f"\n\n{part}" if number else part)
        out.write("\n")


def index_text(catalog, tag: str, spec_name: str) -> str:
    parts = [_head(catalog, tag)]
    for name, operations in groups(catalog, tag):
        parts.append(f"## {inline(name)}\n\n" + "\n".join(_entry(op) for op in operations))
    parts.append("## Reference\n\n" + "\n".join([
        f"- [API overview]({OVERVIEW}): authentication, errors, versioning and clients",
        f"- [OpenAPI document]({SPEC_DIR.as_posix()}/{spec_name}): the release's exact document",
        f"- [Every operation in one file]({FULL}): the operations below, with their parameters and bodies",
    ]))
    parts.append("## Optional\n\n" + f"- [Changelog]({CHANGELOG}): what changed from the release before")
    return "\n\n".join(parts) + "\n"


def full_text(catalog, tag: str, overview: str | None = None, twins: dict[str, str] | None = None) -> str:
    return "\n\n".join(_full_parts(catalog, tag, overview, twins)) + "\n"


def _full_parts(catalog, tag: str, overview: str | None, twins: dict[str, str] | None) -> Iterator[str]:
    spec = catalog.specs[tag]
    yield _head(catalog, tag)
    if overview:
        yield overview_markdown(overview).strip("\n")
    for name, operations in groups(catalog, tag):
        yield f"## {inline(name)}"
        for op in operations:
            twin = deeper(twins[op.operation_id], 2) if twins else operation_markdown(spec, op, level=3)
            yield twin.rstrip("\n")


def groups(catalog, tag: str) -> list[tuple[str, list[Operation]]]:
    """The operations of `tag` by their first tag: the spec's declared tags first, in its order."""
    document = catalog.specs[tag].document
    declared = [str(t.get("name")) for t in document.get("tags", []) if isinstance(t, dict)]
    found: dict[str, list[Operation]] = {}
    for op in catalog.by_tag[tag].values():
        found.setdefault(op.tag or "default", []).append(op)
    order = [t for t in declared if t in found] + sorted(t for t in found if t not in declared)
    return [(name, found[name]) for name in order]


def _head(catalog, tag: str) -> str:
    facts = catalog.facts[tag]
    title = facts.title or "API"
    info = catalog.specs[tag].document.get("info")
    description = info.get("description") if isinstance(info, dict) else None
    about = plain_text(description, SUMMARY_LIMIT) if isinstance(description, str) else ""
    summary = f"The REST API reference of {title} {tag}: {len(catalog.by_tag[tag])} operations." + (
        f" {about}" if about else "")
    return f"# {inline(f'{title} {tag}')}\n\n> {inline(summary)}"


def _entry(op: Operation) -> str:
    name = inline(op.summary or op.operation_id)
    return f"- [{name}]({twin_path(op)}): {code(op.method)} {code(op.path)}" + (
        " (deprecated)" if op.deprecated else "")


def overview_markdown(text: str) -> str:
    """The overview's rendered Markdown as CommonMark (generator.render.commonmark), its headings one
    level down and its links from the version's root, where llms-full.txt is."""
    return commonmark(text, from_folder(OVERVIEW), shift=1)
