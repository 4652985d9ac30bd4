"""The Markdown twin of each operation page, at the page's URL + `index.md`, for people's tools.

Written from the spec, as the HTML page is (generator.render.operation_page), not scraped from it:
the route, the description, the authentication, the parameters, the request and response bodies with
their fields one level deep. Text from the spec stays text: names are code spans, descriptions are
escaped (no HTML, no links), so a hostile spec cannot put markup into a twin.

MkDocs would take an `index.md` in the docs tree for a page: the twins wait in `.aviato/twins/`
(JSON lines: generator.layout.TWINS_DIR) and the site stage writes them beside the built pages.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from generator.facts import Operation
from generator.layout import TWIN_NAME, TWINS_DIR  # the site stage writes them beside the pages
from generator.render import schemas
from generator.render.commonmark import code, inline
from generator.render.markdown_safe import plain_text
from generator.render.operation_example import media_types
from generator.render.operation_page import operation_node, operation_parameters, parameter_schema
from generator.render.page_files import LinesWriter
from generator.render.schemas import MAX_DEPTH, deref, fields, is_array, type_label
from generator.render.urls import operation_folder
from generator.spec import Spec

ABOUT_LIMIT = 300  # characters of a field's or parameter's description


_HEADING = re.compile(r"^(?=#+ )", re.MULTILINE)


def write_tree(dest: Path, catalog, tag: str) -> dict[str, str]:
    """Write the twin of every page `tag` has under `dest`'s TWINS_DIR: its operations' here, the
    others' in generator.render.page_twins (the templates' pages must be rendered in `dest` already).
    The operations' twins, by operationId: llms-full.txt holds them too (`deeper`)."""
    from generator.render import page_twins  # it builds on this module

    spec = catalog.specs[tag]
    written = {}
    with LinesWriter(dest / TWINS_DIR) as out:
        for op in catalog.by_tag[tag].values():
            twin = written[op.operation_id] = operation_markdown(spec, op)
            out.write({"path": twin_path(op), "text": twin})
        page_twins.write_tree(dest, catalog, tag, out)
    return written


def deeper(twin: str, levels: int) -> str:
    """A twin (operation_markdown's, its title level 1) with its headings `levels` deeper, as
    operation_markdown writes it for `level=1 + levels`: its only lines that open with `#` and a space
    are its headings (`inline` escapes a `#` of the spec's text, `code` opens with a backtick)."""
    return _HEADING.sub("#" * levels, twin)


def twin_path(operation: Operation) -> str:
    """The twin's URL from the version's root."""
    return f"{operation_folder(operation.operation_id)}/{TWIN_NAME}"


def operation_markdown(spec: Spec, op: Operation, level: int = 1) -> str:
    """The operation as CommonMark; its title a heading of `level` (llms-full.txt nests them)."""
    node, shared = operation_node(spec, op)
    h = "#" * level
    parts = [f"{h} {inline(op.summary or op.operation_id)}",
             f"{code(op.method)} {code(op.path)} · operation ID {code(op.operation_id)}"
             + (" · deprecated" if op.deprecated else "")]
    description = node.get("description")
    if isinstance(description, str) and description.strip():
        parts.append(inline(plain_text(description)))
    parts += [f"{h}# Authentication", _authentication(spec, node, op)]
    parameters = operation_parameters(spec, shared, node)
    if parameters:
        parts += [f"{h}# Parameters", "\n".join(_parameter_item(spec, p) for p in parameters)]
    body, _, _ = deref(spec, node.get("requestBody"), schema=False)
    if isinstance(body, dict):
        parts += [f"{h}# Request body", ("Required." if body.get("required") else "Optional.")]
        parts += [_media(spec, media_type, media, "") for media_type, media in media_types(body)]
    responses = node.get("responses")
    responses = responses if isinstance(responses, dict) else {}
    parts += [
        f"{h}# Responses",
        "\n".join(_response_item(spec, status, responses[status]) for status in responses)
        or "The API description lists no responses.",
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _authentication(spec: Spec, node: dict, op: Operation) -> str:
    if op.public:
        return "None: the operation is public."
    security = node.get("security", spec.document.get("security"))
    names = (
        [str(name) for requirement in security if isinstance(requirement, dict) for name in requirement]
        if isinstance(security, list)
        else []
    )
    text = (
        "One of the security schemes " + ", ".join(code(n) for n in dict.fromkeys(names)) + "."
        if names
        else "As the API's security schemes say."
    )
    return text + (
        " The credential may also be given as the query parameter `token`." if op.accepts_token else ""
    )


def _parameter_item(spec: Spec, parameter: dict) -> str:
    schema, ref, _ = deref(spec, parameter_schema(parameter))  # as the HTML page types it
    notes = [str(parameter.get("in", "")), type_label(spec, schema, ref)]
    notes += ["required"] * bool(parameter.get("required")) + ["deprecated"] * bool(
        parameter.get("deprecated")
    )
    return f"- {code(parameter['name'])} ({inline(', '.join(n for n in notes if n))})" + _about(parameter)


def _response_item(spec: Spec, status: object, response: object) -> str:
    response, _, _ = deref(spec, response, schema=False)
    response = response if isinstance(response, dict) else {}
    description = response.get("description")
    description = description if isinstance(description, str) else ""
    lines = [
        f"- {code(status)}" + (f": {inline(plain_text(description, ABOUT_LIMIT))}" if description else "")
    ]
    lines += [_media(spec, media_type, media, "  ") for media_type, media in media_types(response)]
    return "\n".join(lines)


def _media(spec: Spec, media_type: str, media: object, indent: str) -> str:
    """A content type and its schema's fields, as a list indented by `indent`."""
    media, _, _ = deref(spec, media, schema=False)
    schema, ref, _ = deref(spec, media.get("schema") if isinstance(media, dict) else None)
    line = f"{indent}- Content type {code(media_type)}: {inline(type_label(spec, schema, ref))}"
    return "\n".join([line] + field_items(spec, schema, ref, indent + "  ", named=False))


def field_items(
    spec: Spec, schema: object, ref: str | None, indent: str, named: bool, depth: int = 0
) -> list[str]:
    """The fields of `schema` as list items, nested as the HTML page nests them
    (generator.render.schema_html.SchemaHtml): a named schema opens only where no named schema encloses
    it (`named`: one does), an anonymous one to MAX_DEPTH; the items' fields for an array."""
    if isinstance(schema, dict) and is_array(schema):
        schema, ref, _ = deref(spec, schema.get("items"))
    if not isinstance(schema, dict) or depth >= MAX_DEPTH or (ref is not None and named):
        return []
    inside_named = named or ref is not None
    # A named schema's fields (the schema page's own, or where a twin opens it) recur in every twin
    # that opens it: they are kept, not indented, while the version renders.
    opens = ref is not None or (named and depth == 0)
    known = schemas.kept("twin fields") if opens and schemas.is_component_schema(spec, schema) else None
    key = (id(schema), depth)  # the spec's own node: alive, its id its own, while the version renders
    if known is not None and key in known:
        lines = known[key]
    else:
        lines = _field_lines(spec, schema, inside_named, depth)
        if known is not None:
            known[key] = lines
    return [indent + line for line in lines] if indent else list(lines)


def _field_lines(spec: Spec, schema: dict, inside_named: bool, depth: int) -> list[str]:
    """`field_items` of a schema, not indented."""
    properties, required = fields(spec, schema)
    items = []
    for name, field in properties.items():
        resolved, field_ref, _ = deref(spec, field)
        flags = ", required" if name in required else ""
        label = inline(type_label(spec, resolved, field_ref))
        items.append(f"- {code(name)} ({label}{flags})" + _about(resolved))
        items += field_items(spec, resolved, field_ref, "  ", inside_named, depth + 1)
    return items


def _about(node: object) -> str:
    text = node.get("description") if isinstance(node, dict) else None
    return _about_text(text) if isinstance(text, str) and text.strip() else ""


@lru_cache(maxsize=20000)  # a shared schema's descriptions recur in every twin that lists its fields
def _about_text(text: str) -> str:
    return f": {inline(plain_text(text, ABOUT_LIMIT))}"
