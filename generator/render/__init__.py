"""Stage 5: write one version's docs tree (Markdown for MkDocs) from the templates in `docs/`."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.errors import GeneratorError, Location, Problem
from generator.facts import ApiFacts, Operation
from generator.spec import RawSpec

TEMPLATE_SUFFIX = ".j2"
# The templates folder mirrors the version's `/V/docs/` URL space, except its `index.md.j2`: the
# version's home page at `/V/`.
HOME = Path("index.md.j2")
URL_PREFIX = Path("docs")
SPEC_DIR = Path("docs/developer/api")  # where the release's exact document is published


@dataclass(frozen=True)
class VersionContext:
    """What a template knows about the version it renders."""

    tag: str
    facts: ApiFacts
    tags: tuple[str, ...]  # every published version, newest first
    latest: str | None
    scalar: dict  # Scalar's configuration for the reference page

    @property
    def is_latest(self) -> bool:
        return self.tag == self.latest


def version_tree(templates: Path, dest: Path, context: VersionContext, raw: RawSpec) -> Path:
    """Render every `*.j2` under `templates` into `dest`, copy the rest, and publish the spec bytes."""
    env = _environment(templates)
    for source in sorted(p for p in templates.rglob("*") if p.is_file()):
        relative = source.relative_to(templates)
        target = dest / (relative if relative == HOME else URL_PREFIX / relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == TEMPLATE_SUFFIX:
            target = target.with_suffix("")
            target.write_text(_render(env, relative.as_posix(), context), encoding="utf-8")
        else:
            shutil.copyfile(source, target)
    spec_name = "openapi.yaml" if raw.is_yaml else "openapi.json"
    (dest / SPEC_DIR).mkdir(parents=True, exist_ok=True)
    (dest / SPEC_DIR / spec_name).write_bytes(raw.data)
    return dest


def _environment(templates: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,  # Markdown output; values from specs go through the `md` filter
    )
    env.filters["md"] = markdown_text
    env.filters["json_script"] = json_script
    return env


def _render(env: jinja2.Environment, name: str, context: VersionContext) -> str:
    template = env.get_template(name)
    try:
        return template.render(v=context, facts=context.facts, route=_route_helper(name, context))
    except (jinja2.UndefinedError, RouteMissing) as e:
        line = _template_line(e, name)
        raise GeneratorError([Problem("template-error", "error", f"{context.tag}: {e}",
                                      Location(f"docs/{name}", "", line))]) from e


class RouteMissing(Exception):
    pass


def _route_helper(name: str, context: VersionContext):
    operations = {op.route: op for op in context.facts.operations}

    def route(text: str) -> str:
        method, _, path = text.partition(" ")
        operation: Operation | None = operations.get(f"{method.upper()} {path}")
        if operation is None:
            raise RouteMissing(f"route {text!r} does not exist in this version's spec")
        return f'<a href="api/#{operation.scalar_anchor}"><code>{markdown_text(operation.route)}</code></a>'

    return route


def _template_line(error: Exception, name: str) -> int | None:
    tb = error.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(name):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def markdown_text(value: object) -> str:
    """Text from a spec, made inert in Markdown: HTML escaped, Markdown punctuation neutralised."""
    text = str(value)
    for char, entity in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = text.replace(char, entity)
    for char in "\\`*_[]{}|!":
        text = text.replace(char, f"&#{ord(char)};")
    return text


def json_script(value: object) -> str:
    """JSON safe to place inside a <script type="application/json"> element."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
