"""The sections of one operation's page, as HTML, from the spec alone (plus what the pinned history
knows: added in, deprecated since). Every piece of spec text is escaped or sanitised here."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape

from generator.facts import Operation
from generator.layout import TWIN_NAME
from generator.render.markdown_safe import plain_text, spec_html
from generator.render.operation_example import example_html, media_types
from generator.render.page_files import Section
from generator.render.schema_html import SchemaHtml
from generator.render.schemas import constraints, deref, type_label
from generator.render.search_fields import FieldAnchors, anchors_base
from generator.spec import Spec

PARAMETER_ORDER = ("path", "query", "header", "cookie")
_SCHEMA_LINK = re.compile(r'<a class="aviato-schema-link" href="[^"]*">([^<]*)</a>')  # SchemaHtml._link's
SUMMARY_LIMIT = 120  # a response's description up to this long is its summary line, as written


@dataclass(frozen=True)
class PageFacts:
    """What the page says beyond this version's spec, with links already relative to the page."""

    tag: str
    server_url: str | None
    reference_href: str  # the interactive reference, opened on this operation
    added_in: str | None = None
    deprecated_since: str | None = None
    replaced_by: tuple[str, str | None] | None = None  # (operationId, href of its page when it has one)
    schemas_href: str | None = None  # the schemas' folder, where assets/javascripts/anchors.js finds them


def sections(spec: Spec, operation: Operation, node: dict, shared: list, facts: PageFacts, slug,
             schema_href=None, links_key=None) -> list[Section]:
    """`node` is the operation object, `shared` its path item's parameters; `slug` makes HTML ids;
    `schema_href` (a schema's name -> its page) shows one level of named schemas, linking to the rest;
    `links_key`: the same for every page whose `schema_href` gives the same links
    (generator.render.schema_html.SchemaHtml)."""
    schemas = FieldAnchors(spec, slug, schema_href, links_key)
    parameters = operation_parameters(spec, shared, node)
    found = [Section("intro", None, _intro(spec, operation, node, facts)),
             Section("authentication", "Authentication", _authentication(spec, node, operation))]
    if parameters:
        found.append(Section("parameters", "Parameters", _parameter_table(spec, parameters, schemas)))
    body, _, _ = deref(spec, node.get("requestBody"), schema=False)
    if isinstance(body, dict):
        with schemas.body("request"):
            found.append(
                Section("request-body", "Request body", _body(spec, body, schemas), tuple(schemas.found))
            )
    responses = node.get("responses")
    responses = responses if isinstance(responses, dict) else {}
    before = len(schemas.found)
    found.append(
        Section("responses", "Responses", _responses(spec, responses, schemas), tuple(schemas.found[before:]))
    )
    example = example_html(spec, operation, node, parameters, body, facts.server_url)
    found.append(Section("example", "Example", example))
    if schema_href is not None:
        used = _schemas_linked(found, schemas)
        if used:
            found.append(Section("schemas", "More schemas", used))
    return found


def _schemas_linked(found: list[Section], schemas: SchemaHtml) -> str:
    """The named schemas the page links to and does not expand, listed once more, each on the anchor
    a page that expanded every schema gave it. Those they use in turn are linked from their pages:
    listing every schema an operation reaches made a payments API's every page list most of its 775
    (70 KB of each page). Their old anchors, and a field's no longer shown here, are taken to their
    schema's page by assets/javascripts/anchors.js."""
    names = {unescape(name) for section in found for name in _SCHEMA_LINK.findall(section.html)}
    listed = schemas.links_to_the_rest(sorted(names, key=str.lower))
    return f"<p>The named schemas its fields link to, each on its own page:</p>{listed}" if listed else ""


def _intro(spec: Spec, operation: Operation, node: dict, facts: PageFacts) -> str:
    method = operation.method
    route = (
        f'<p class="aviato-route"><span class="aviato-method aviato-method--{escape(method.lower())}">'
        f"{escape(method)}</span> <code>{escape(operation.path)}</code></p>"
    )
    meta = [f"Operation ID <code>{escape(operation.operation_id)}</code>"]
    meta += [f"Tag <em>{escape(tag)}</em>" for tag in operation.tags[:1]]
    if facts.added_in:
        meta.append(f"Added in {escape(facts.added_in)}")
    if operation.deprecated:
        meta.append(
            f"Deprecated since {escape(facts.deprecated_since)}" if facts.deprecated_since else "Deprecated"
        )
    parts = [route, f'<p class="aviato-meta"{anchors_base(facts.schemas_href)}>{" · ".join(meta)}</p>']
    if operation.deprecated or facts.replaced_by:
        parts.append(_deprecation(operation, facts, node.get("x-sunset")))
    parts.append(spec_html(spec.document, node.get("description")))
    parts.append(
        f'<p><a class="md-button aviato-open-reference" href="{escape(facts.reference_href)}">'
        "Open in the interactive reference</a></p>"
    )
    # The page's Markdown twin (generator.render.twins); assets/javascripts/twins.js adds a copy button.
    parts.append(
        f'<p class="aviato-twin"><a class="aviato-twin-link" href="{TWIN_NAME}" type="text/markdown">'
        "This page as Markdown</a></p>"
    )
    return "".join(parts)


def _deprecation(operation: Operation, facts: PageFacts, sunset: object = None) -> str:
    since = f" since {escape(facts.deprecated_since)}" if facts.deprecated_since else ""
    text = f"This operation is deprecated{since}." if operation.deprecated else ""
    if operation.deprecated and isinstance(sunset, str):  # `x-sunset`: the date it may be removed
        text += f" Its sunset date is {escape(sunset[:10])}."
    if facts.replaced_by:
        text += " " + replacement_sentence(*facts.replaced_by)
    return (
        f'<div class="admonition warning"><p class="admonition-title">Deprecated</p>'
        f"<p>{text.strip()}</p></div>"
    )


def replacement_sentence(operation_id: str, href: str | None) -> str:
    name = f"<code>{escape(operation_id)}</code>"
    return f'Use <a href="{escape(href)}">{name}</a> instead.' if href else f"Use {name} instead."


def _authentication(spec: Spec, node: dict, operation: Operation) -> str:
    security = node.get("security", spec.document.get("security"))
    token = (
        "<p>Clients that cannot set headers (players, <code>&lt;img&gt;</code> and "
        "<code>&lt;video&gt;</code> elements) may pass the key as the <code>?token=</code> query parameter "
        "instead.</p>"
        if operation.accepts_token
        else ""
    )
    if not isinstance(security, list):
        return "<p>The API description declares no authentication for this operation.</p>" + token
    if security == [] or security == [{}]:
        return "<p><strong>Public</strong>: this operation needs no credentials.</p>"
    schemes = spec.document.get("components", {}).get("securitySchemes", {})
    ways = [
        " and ".join(_scheme(spec, schemes.get(name), name, scopes) for name, scopes in requirement.items())
        for requirement in security
        if isinstance(requirement, dict) and requirement
    ]
    lead = "Credentials are optional; when sent, use" if {} in security else "Send"
    if len(ways) == 1:
        return f"<p>{lead} {ways[0]}.</p>{token}"
    listing = "".join(f"<li>{way}</li>" for way in ways)
    return f"<p>{lead} one of:</p><ul>{listing}</ul>{token}"


def _scheme(spec: Spec, scheme: object, name: str, scopes: object) -> str:
    scheme, _, _ = deref(spec, scheme, schema=False)
    scheme = scheme if isinstance(scheme, dict) else {}
    kind, where = scheme.get("type"), str(scheme.get("in", ""))
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        text = "a Bearer token: <code>Authorization: Bearer &lt;API key&gt;</code>"
    elif kind == "http":
        text = f"HTTP {escape(str(scheme.get('scheme', '')))} authentication"
    elif kind == "apiKey":
        text = f"an API key in the <code>{escape(str(scheme.get('name', '')))}</code> {escape(where)}"
        text += " parameter" if where == "query" else ""
    else:
        text = f"<code>{escape(name)}</code> ({escape(str(kind or 'unknown scheme'))})"
    if isinstance(scopes, list) and scopes:
        text += " with the scopes " + ", ".join(f"<code>{escape(str(s))}</code>" for s in scopes)
    return text


def operation_parameters(spec: Spec, shared: list, node: dict) -> list[dict]:
    """Path-item and operation parameters, the operation's overriding, path ones first."""
    found: dict[tuple[str, str], dict] = {}
    own = node.get("parameters")
    own = own if isinstance(own, list) else []
    for parameter in list(shared) + own:
        parameter, _, _ = deref(spec, parameter, schema=False)
        if isinstance(parameter, dict) and "name" in parameter:
            found[(str(parameter.get("in", "")), str(parameter["name"]))] = parameter
    order = {place: i for i, place in enumerate(PARAMETER_ORDER)}
    return sorted(found.values(), key=lambda p: order.get(str(p.get("in")), len(order)))


def _parameter_table(spec: Spec, parameters: list[dict], schemas: SchemaHtml) -> str:
    rows = []
    for parameter in parameters:
        schema, ref, _ = deref(spec, parameter_schema(parameter))
        required = ' <span class="aviato-required">required</span>' if parameter.get("required") else ""
        flags = ' <span class="aviato-deprecated">deprecated</span>' if parameter.get("deprecated") else ""
        about = spec_html(spec.document, parameter.get("description"))
        rules = constraints(schema) if isinstance(schema, dict) else ""
        nested = schemas.render(parameter_schema(parameter)) if _is_structured(schema) else ""
        rows.append(
            f"<tr><td><code>{escape(str(parameter['name']))}</code>{required}{flags}</td>"
            f"<td>{escape(str(parameter.get('in', '')))}</td>"
            f"<td>{escape(type_label(spec, schema, ref))}</td>"
            f"<td>{about}{f'<p>{rules}</p>' if rules else ''}{nested}</td></tr>"
        )
    return (
        '<table class="aviato-parameters"><thead><tr><th>Name</th><th>In</th><th>Type</th>'
        f"<th>Description</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def parameter_schema(parameter: dict) -> object:
    content = parameter.get("content")
    if isinstance(content, dict) and content:
        media = next(iter(content.values()))
        return media.get("schema") if isinstance(media, dict) else None
    return parameter.get("schema")


def _is_structured(schema: object) -> bool:
    return (
        isinstance(schema, dict) and isinstance(schema.get("properties"), dict) and bool(schema["properties"])
    )


def _body(spec: Spec, body: dict, schemas: FieldAnchors) -> str:
    parts = [spec_html(spec.document, body.get("description"))]
    parts.append("<p>Required.</p>" if body.get("required") else "<p>Optional.</p>")
    parts += [_media(spec, media_type, media, schemas) for media_type, media in media_types(body)]
    return "".join(parts)


def _responses(spec: Spec, responses: dict, schemas: FieldAnchors) -> str:
    parts = []
    for status in sorted(responses, key=lambda s: (not str(s)[:1].isdigit(), str(s))):
        response, _, problem = deref(spec, responses[status], schema=False)
        response = response if isinstance(response, dict) else {}
        text = response.get("description")
        text = text if isinstance(text, str) else ""
        summary = plain_text(text, SUMMARY_LIMIT)
        short = summary == text.strip()  # the summary line says it all: no need to repeat it below
        summary = escape(summary)
        kind = str(status)[:1] if str(status)[:1] in "12345" else "x"
        body = ["" if short else spec_html(spec.document, text), _headers(spec, response)]
        with schemas.body(f"response-{status}"):
            body += [_media(spec, media_type, media, schemas) for media_type, media in media_types(response)]
        if problem:
            body.append(f'<p class="aviato-problem">⚠ {escape(problem)}</p>')
        opened = " open" if kind == "2" else ""
        parts.append(
            f'<details class="aviato-response"{opened}><summary><span class="aviato-status '
            f'aviato-status--{kind}">{escape(str(status))}</span> {summary}</summary>'
            f'{"".join(body)}</details>'
        )
    return "".join(parts) or "<p>The API description lists no responses.</p>"


def _headers(spec: Spec, response: dict) -> str:
    headers = response.get("headers")
    headers = headers if isinstance(headers, dict) else {}
    rows = []
    for name, header in headers.items():
        header, _, _ = deref(spec, header, schema=False)
        header = header if isinstance(header, dict) else {}
        schema, ref, _ = deref(spec, header.get("schema"))
        rows.append(
            f'<li><code>{escape(str(name))}</code> <span class="aviato-type">'
            f"{escape(type_label(spec, schema, ref))}</span>"
            f"{spec_html(spec.document, header.get('description'))}</li>"
        )
    return f'<p>Headers:</p><ul class="aviato-headers">{"".join(rows)}</ul>' if rows else ""


def _media(spec: Spec, media_type: str, media: object, schemas: SchemaHtml) -> str:
    media, _, _ = deref(spec, media, schema=False)
    media = media if isinstance(media, dict) else {}
    head = f'<p class="aviato-media">Content type <code>{escape(media_type)}</code></p>'
    schema = media.get("schema")
    rendered = schemas.render(schema) if schema is not None else ""
    return head + rendered


def operation_node(spec: Spec, op: Operation) -> tuple[dict, list]:
    """The operation object and its path item's parameters."""
    item, _, _ = deref(spec, spec.document.get("paths", {}).get(op.path), schema=False)
    item = item if isinstance(item, dict) else {}
    node = item.get(op.method.lower())
    shared = item.get("parameters")
    shared = shared if isinstance(shared, list) else []
    return (node if isinstance(node, dict) else {}), shared
