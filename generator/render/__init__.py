"""Stage 6, render: write one version's docs tree (Markdown for MkDocs) from the templates in `docs/`.

    render.version_tree(templates, dest, VersionContext, raw) -> the docs tree

The context brings what the earlier stages derived, as values: the version's facts, its changelog
(generator.diff changes from the release before it) and the catalog of every release (catalog.py,
built from each release's facts and lifecycles). Besides the templates' pages: one page per operation
(operations.py) and per named schema (schema_pages.py), their Markdown twins (twins.py) and llms.txt
(llms.py). The tree's folders and placeholders are generator.layout's, which the site stage reads.
This package imports neither diff nor site: generator.commands.versions calls it.
"""

from __future__ import annotations

import difflib
import html
import json
import posixpath
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator import forked, layout
from generator.errors import GeneratorError, Location, Problem
from generator.facts import ApiFacts, Operation
from generator.spec import RawSpec

TEMPLATE_SUFFIX = ".j2"
# The templates folder mirrors the version's `/V/docs/` URL space, except its `index.md.j2`: the
# version's home page at `/V/`.
HOME = Path("index.md.j2")
URL_PREFIX = Path("docs")
SPEC_DIR = Path(layout.SPEC_DIR)  # where the release's exact document is published
# From this many operation and schema pages (`many_pages`), a version's schema pages and their twins
# are written by a process of their own, its other twins and llms files by another and the
# interactive reference's documents by a third, while this one writes the operations' pages (two
# fifths of the render of GitHub's 1,223 operations and 969 schemas).
PAGES_APART = 1000
# The processes beside this one yield to it (generator.forked.meanwhile): its operations' pages are
# what MkDocs waits for. The twins' and llms files' yield to every other (only the pages' finishing
# reads them, after MkDocs), so that they are written while MkDocs runs, on the core it leaves idle.
APART_NICE, TWINS_NICE = 5, 19

# Rendered last: Scalar's configuration may wait for the reference's documents, which another process
# writes meanwhile (generator.commands.versions).
REFERENCE_TEMPLATE = Path("developer/api/index.md.j2")


def many_pages(facts: ApiFacts, catalog, tag: str) -> bool:
    """Whether `tag` has PAGES_APART operation and schema pages: its work is shared with other processes."""
    return len(facts.operations) + len(catalog.schemas_by_tag[tag]) >= PAGES_APART


@dataclass(frozen=True)
class VersionContext:
    """What a template knows about the version it renders."""

    tag: str
    facts: ApiFacts
    tags: tuple[str, ...]  # every published version, newest first
    latest: str | None
    # Scalar's configuration for the reference page, or what waits for it (`scalar`)
    reference: dict | Callable[[], dict]
    previous_tag: str | None = None  # the pinned release before this one, for the changelog
    changes: tuple = ()  # generator.diff.Change from previous_tag to this version, in compare's order
    operations: object = None  # generator.render.operations.Catalog of every release: one page per operation

    @property
    def scalar(self) -> dict:
        return self.reference() if callable(self.reference) else self.reference

    @property
    def is_latest(self) -> bool:
        return self.tag == self.latest


def version_tree(templates: Path, dest: Path, context: VersionContext, raw: RawSpec,
                 ready: Callable[[Path], object] | None = None) -> Path:
    """Render every `*.j2` under `templates` into `dest`, copy the rest, and publish the spec bytes.
    `ready(dest)` is called once every file MkDocs reads is written (all but layout.HIDDEN_DIR, which
    the site stage reads after MkDocs): with many pages, the schema pages, the twins and the llms files
    are still being written meanwhile, by other processes. Returns when the whole tree is written."""
    env = _environment(templates)
    env.globals["spec_name"] = raw.published_name  # what the no-JavaScript paragraph links
    files = sorted(p.relative_to(templates) for p in templates.rglob("*") if p.is_file())
    for relative in files:
        if relative != REFERENCE_TEMPLATE:
            _write_template(env, templates, relative, dest, context)
    (dest / SPEC_DIR).mkdir(parents=True, exist_ok=True)
    (dest / SPEC_DIR / raw.published_name).write_bytes(raw.data)
    rest = _pages(dest, context, raw.published_name) if context.operations is not None else lambda: None
    try:
        if REFERENCE_TEMPLATE in files:  # it waits for the reference's documents: last
            _write_template(env, templates, REFERENCE_TEMPLATE, dest, context)
        if ready is not None:
            ready(dest)
    finally:
        rest()
    return dest


def _pages(dest: Path, context: VersionContext, spec_name: str) -> Callable[[], object]:
    """Write the operations' and the schemas' pages, the twins and the llms files; returns what writes
    the pages' listing for the search index (operations.write_listing) once the pages another process
    writes are written, and waits for what other processes still write (with many pages: the schema
    pages, the twins and the llms files, none of which MkDocs reads). To be called, even when what
    follows fails: it stops those processes."""
    from generator.render import operations, schemas  # each builds on this module

    with schemas.once_per_version():  # in each process: the forked ones inherit it
        if not many_pages(context.facts, context.operations, context.tag):
            written = operations.write_tree(dest, context) + _schema_pages(dest, context)
            _twins(dest, context, spec_name)
            operations.write_listing(dest, written)
            return lambda: None
        # The schema pages (stamped after MkDocs) and their twins are written by another process while
        # this one writes the operations' pages, and the other twins and the llms files (which read
        # neither) by a third; both go on while MkDocs runs.
        twins = forked.meanwhile(_twins, dest, context, spec_name, nice=TWINS_NICE)
        try:
            schema_pages = forked.meanwhile(_schema_pages, dest, context, nice=APART_NICE)
            try:
                written = operations.write_tree(dest, context)
            except BaseException:
                schema_pages()  # it stops the other process
                raise
        except BaseException:
            twins()
            raise

    def rest() -> None:
        try:
            operations.write_listing(dest, written + schema_pages())
        finally:
            twins()

    return rest


def _schema_pages(dest: Path, context: VersionContext) -> list:
    """The schema pages (but for the index and the prototype, which MkDocs reads) and their twins:
    what the search index needs of the pages."""
    from generator.render import operations, page_twins

    written = operations.write_schema_pages(dest, context)
    page_twins.write_schemas(dest, context.operations, context.tag)
    return written


def _write_template(env: jinja2.Environment, templates: Path, relative: Path, dest: Path,
                    context: VersionContext) -> None:
    """A template rendered (`*.j2`) or a file copied into the docs tree."""
    target = dest / (relative if relative == HOME else URL_PREFIX / relative)
    target.parent.mkdir(parents=True, exist_ok=True)
    if relative.suffix == TEMPLATE_SUFFIX:
        target.with_suffix("").write_text(_render(env, relative.as_posix(), context), encoding="utf-8")
    else:
        shutil.copyfile(templates / relative, target)


def _twins(dest: Path, context: VersionContext, spec_name: str) -> None:
    from generator.render import llms, twins

    written = twins.write_tree(dest, context.operations, context.tag)
    llms.write(dest, context.operations, context.tag, spec_name, written)


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown output; values from specs go through the `md` filter
    )
    env.filters["md"] = markdown_text
    env.filters["md_code"] = markdown_code_spans
    env.filters["json_script"] = json_script
    env.filters["string_literal"] = string_literal
    env.filters["shell_string"] = shell_string
    return env


def _render(env: jinja2.Environment, name: str, context: VersionContext) -> str:
    template = env.get_template(name)
    try:
        return template.render(v=context, facts=context.facts, **_spec_helpers(name, context))
    except (jinja2.UndefinedError, ClaimFailed) as e:
        source, line = _template_line(e, env, name)
        raise GeneratorError([Problem("template-error", "error", f"{context.tag}: {e}",
                                      Location(f"docs/{source}", "", line))]) from e


class ClaimFailed(Exception):
    """Something a template says about the API is not true of the version being built."""


class RouteMissing(ClaimFailed):
    pass


def operation_href(operation: Operation) -> str:
    """Where a route reference links, from the version's root. The one place that decides it."""
    from generator.render.operations import page_path  # it builds on this module's helpers

    return page_path(operation)  # the operation's own page, which opens the reference on it too


def _spec_helpers(name: str, context: VersionContext) -> dict:
    """The functions templates use to state facts that the build checks against the spec."""
    operations = {op.route: op for op in context.facts.operations}
    page = _page_folder(name)

    def find(text: str) -> Operation | None:
        method, _, path = text.strip().partition(" ")
        return operations.get(f"{method.upper()} {path}")

    def route(text: str) -> str:
        operation = find(text)
        if operation is None:
            close = difflib.get_close_matches(text, list(operations), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise RouteMissing(f"route {text!r} does not exist in the spec of this version{hint}")
        target, _, anchor = operation_href(operation).partition("#")
        href = posixpath.relpath(target, page or ".") + "/" + (f"#{anchor}" if anchor else "")
        # The path is the spec's text: escaped, so a quote in it cannot end the attribute.
        return f'<a href="{html.escape(href)}"><code>{markdown_text(operation.route)}</code></a>'

    def require(condition: object, claim: str) -> str:
        if not condition:
            raise ClaimFailed(f"the page claims that {claim}, which the spec of this version contradicts")
        return ""

    return {"route": route, "has_route": lambda text: find(text) is not None, "require": require}


def _page_folder(name: str) -> str:
    """The URL folder, from the version's root, of the page a template renders (directory URLs)."""
    relative = Path(name)
    if relative == HOME:
        return ""
    page = (URL_PREFIX / relative).with_suffix("").with_suffix("")
    return (page.parent if page.name == "index" else page).as_posix()


def _template_line(error: Exception, env: jinja2.Environment, name: str) -> tuple[str, int | None]:
    """The innermost template frame of the error (an included template's, if it failed there)."""
    root = Path(env.loader.searchpath[0]).resolve()  # type: ignore[union-attr]
    where: tuple[str, int | None] = (name, None)
    tb = error.__traceback__
    while tb is not None:
        try:
            frame = Path(tb.tb_frame.f_code.co_filename).resolve()
            where = (frame.relative_to(root).as_posix(), tb.tb_lineno)
        except ValueError:
            pass
        tb = tb.tb_next
    return where


def markdown_text(value: object) -> str:
    """Text from a spec, made inert in Markdown: HTML escaped, Markdown punctuation neutralised."""
    return str(value).translate(_INERT)


# One pass: none of the entities holds a character that another one replaces.
_INERT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", **{c: f"&#{ord(c)};" for c in "\\`*_[]{}|!"}})


def markdown_code_spans(value: object) -> str:
    """Like `markdown_text`, but the spec's `code spans` stay code: the usual markup of descriptions."""
    parts = str(value).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no code spans at all
        return markdown_text(value)
    return "".join(f"<code>{markdown_text(part)}</code>" if i % 2 else markdown_text(part)
                   for i, part in enumerate(parts))


def string_literal(value: object) -> str:
    """A double-quoted string literal of JavaScript and Python alike: a spec's text cannot end it."""
    return json.dumps(str(value))


def shell_string(value: object) -> str:
    """A double-quoted shell word that expands nothing: no `$(...)`, backquotes or variables run."""
    return '"' + re.sub(r'([\\"$`])', r"\\\1", str(value)) + '"'


def json_script(value: object) -> str:
    """JSON safe to place inside a <script type="application/json"> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
