"""One permanent page per named schema: `/V/docs/developer/api/schemas/<name>/`.

Like operation pages (generator.render.operations, which writes them the same way), every version
gets a page for every schema any pinned release has published: the schema itself where the version
has it (its fields, types, constraints, an example, who uses it, when it was added), else a short
page that says in which releases it is.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from generator.facts.schemas import schema_ref
from generator.layout import (
    ELSEWHERE,
    PROTOTYPE_DESCRIPTION,
    PROTOTYPE_NAME,
    PROTOTYPE_SEGMENT,
    SCHEMA_PROTOTYPE_SEGMENT,
)
from generator.render import examples, markdown_text, search_fields
from generator.render.catalog import Catalog, absence
from generator.render.markdown_safe import plain_text, spec_html
from generator.render.operation_example import code_block
from generator.render.page_files import (
    DESCRIPTION_LIMIT,
    TO_SITE_ROOT,
    Page,
    Section,
    front_matter,
    stamp_values,
)
from generator.render.schemas import constraints, deref, fields, type_label
from generator.render.urls import (
    OPERATIONS_DIR,
    SCHEMAS_DIR,
    operation_href,
    schema_folder,
    schema_href,
    schemas_href,
    url_segment,
)

FIELDS = "fields"  # the Fields heading's id: where a field that contains the schema again links
HEADINGS = (("intro", None), (FIELDS, "Fields"), ("example", "Example"), ("used-by", "Used by"))
SEARCH_FIELDS = 20  # field names a page's search entry lists (the page lists them all)


def pages(catalog: Catalog, tag: str) -> Iterator[Page]:
    """The pages of every schema `tag` has and of those other releases have, one at a time (each is
    written before the next is made): all stamped from the prototype after MkDocs ran."""
    own = catalog.schemas_by_tag[tag]
    yield from (schema_page(catalog, tag, name) for name in own)
    mine = set(own)
    yield from (absent_page(catalog, tag, name) for name in catalog.schema_names() if name not in mine)


def built_pages(catalog: Catalog, tag: str) -> list[Page]:
    """The schemas index and the schema pages' prototype: the pages of the schemas MkDocs builds."""
    return [index_page(catalog, tag), prototype_page(catalog, tag)]


def prototype_page(catalog: Catalog, tag: str) -> Page:
    """A schema page with placeholders, the only one MkDocs builds: the others are stamped from it
    (generator.site.operation_pages), which keeps a version of a thousand schemas to seconds. Every
    schema page has its headings."""
    front = _front(catalog, tag, PROTOTYPE_NAME, PROTOTYPE_DESCRIPTION)
    sections = [Section(key, heading, "") for key, heading in HEADINGS]
    return Page(SCHEMAS_DIR / SCHEMA_PROTOTYPE_SEGMENT, front_matter(front), PROTOTYPE_NAME, sections)


def _front(catalog: Catalog, tag: str, name: str, description: str) -> dict:
    api = catalog.facts[tag].title or "the API"
    return {"title": f"{name} (schema)", "description": description, "og_title": f"{name} · {api} {tag}",
            "search": {"exclude": True}}


def schema_page(catalog: Catalog, tag: str, name: str) -> Page:
    spec = catalog.specs[tag]
    folder = schema_folder(name)
    schema, _, problem = deref(spec, {"$ref": schema_ref(name)})
    schema = schema if isinstance(schema, dict) else {}
    # Its fields get ids from the schema's root, where assets/javascripts/anchors.js takes the anchor of
    # a field an operation page no longer shows (`#field-response-200.data.account.email`).
    renderer = search_fields.FieldAnchors(spec, url_segment, lambda other: schema_href(other, folder))
    with renderer.body(""):
        listed = renderer.render_named(name, FIELDS)
    if not listed:
        listed = f"<p>No fields: a value of type {escape(type_label(spec, schema))}.</p>"
    example = examples.schema_example(spec, name)
    if example is not None:
        generated, json_text = example
        note = "<p>Built from the schema: the API description gives no example.</p>" if generated else ""
        shown = note + code_block(json_text)
    else:
        shown = "<p>The API description gives no example.</p>"
    html = {
        "intro": _intro(catalog, tag, name, schema, problem),
        FIELDS: listed,
        "example": shown,
        "used-by": _used_by(catalog, tag, name),
    }
    text = schema.get("description")
    text = text if isinstance(text, str) else ""
    api = catalog.facts[tag].title or "the API"
    front = front_matter(
        _front(catalog, tag, name, plain_text(text or f"The {name} schema of {api}.", DESCRIPTION_LIMIT))
    )
    names = list(fields(spec, schema)[0])[:SEARCH_FIELDS]
    listing = " ".join(f"<code>{escape(str(n))}</code>" for n in names)
    entry = {  # the title names the schema; the text, what it is and its first fields
        "location": f"{folder}/",
        "title": escape(f"{name} (schema)"),
        "text": search_fields.description(text, name) + (f"<p>Fields: {listing}</p>" if listing else ""),
    }
    title = markdown_text(name)
    stamp = {
        **stamp_values(folder, name, title, front["description"]),
        "from": str(SCHEMAS_DIR / SCHEMA_PROTOTYPE_SEGMENT),
    }
    return Page(
        folder,
        front,
        title,
        [Section(key, heading, html[key]) for key, heading in HEADINGS],
        entry,
        stamp=stamp,
    )


def _intro(catalog: Catalog, tag: str, name: str, schema: dict, problem: str | None) -> str:
    spec = catalog.specs[tag]
    meta = [f"Schema <code>{escape(name)}</code>", f"Type {escape(type_label(spec, schema))}"]
    added = next(iter(catalog.schema_present_in(name)), None)
    if added:
        meta.append(f"Added in {escape(added)}")
    if schema.get("deprecated") is True:
        meta.append("Deprecated")
    parts = [
        f'<p class="aviato-meta"{search_fields.anchors_base(schemas_href(schema_folder(name)))}>'
        f'{" · ".join(meta)}</p>',
        spec_html(spec.document, schema.get("description")),
    ]
    rules = constraints(schema)
    if rules:
        parts.append(f'<p class="aviato-constraints">{rules}</p>')
    if problem:
        parts.append(f'<p class="aviato-problem">⚠ {escape(problem)}</p>')
    parts.append('<p><a href="../">All schemas</a></p>')
    return "".join(parts)


def _used_by(catalog: Catalog, tag: str, name: str) -> str:
    """The operations and schemas that name this one themselves; theirs, in turn, on their pages."""
    uses = catalog.uses(tag)
    folder = schema_folder(name)
    operations = catalog.by_tag[tag]
    items = [
        f'<li><a href="{operation_href(i, folder)}"><span class="aviato-method aviato-method--'
        f'{escape(operations[i].method.lower())}">{escape(operations[i].method)}</span> '
        f"<code>{escape(operations[i].path)}</code></a> {escape(operations[i].summary)}</li>"
        for i in uses.operations.get(name, ())
        if i in operations
    ]
    schemas = [
        f'<li><a href="{schema_href(other, folder)}"><code>{escape(other)}</code></a></li>'
        for other in uses.schemas.get(name, ())
    ]
    parts = []
    if items:
        parts.append(f'<p>Operations:</p><ul class="aviato-operations">{"".join(items)}</ul>')
    if schemas:
        parts.append(f'<p>Schemas:</p><ul class="aviato-schemas-used">{"".join(schemas)}</ul>')
    return "".join(parts) or f"<p>No operation or other schema of {escape(tag)} names it.</p>"


def absent_page(catalog: Catalog, tag: str, name: str) -> Page:
    present = catalog.schema_present_in(name)
    when = absence(tag, present, lambda: catalog.schema_removed_in(name))
    folder = schema_folder(name)
    versions = ", ".join(
        f'<a href="{TO_SITE_ROOT}{escape(t)}/{folder}/">{escape(t)}</a>' for t in reversed(present)
    )
    intro = (
        f'<div class="admonition info"><p class="admonition-title">Not in {escape(tag)}</p>'
        f"<p>The schema <code>{escape(name)}</code> is not part of the API in {escape(tag)}. "
        f"{escape(when)}</p></div><p>Read it in {versions}.</p>"
    )
    front: dict[str, object] = {
        "title": f"{name} (not in {tag})",
        "description": f"The schema {name} is not part of the API in {tag}. {when}",
        "og_title": f"{name} (not in {tag})",
        "noindex": True,
        "search": {"exclude": True},
    }
    entry = {
        "location": f"{folder}/",
        "title": escape(f"{name} (schema, not in {tag})"),
        "text": f"<p><code>{escape(name)}</code> {escape(when)}</p>",
    }
    title = markdown_text(name)
    front = front_matter(front)
    stamp = {
        **stamp_values(folder, name, title, str(front["description"])),
        "from": str(OPERATIONS_DIR / PROTOTYPE_SEGMENT),
    }
    return Page(folder, front, title, [Section("intro", None, intro)], entry, noindex=True, stamp=stamp)


def absent_page_values(catalog: Catalog, tag: str, name: str) -> dict:
    """What a stamped not-in-this-version page says (generator.render.operations.absent_page_values)."""
    page = absent_page(catalog, tag, name)
    return {**(page.stamp or {}), "intro": page.sections[0].html, "search": page.search}


def index_page(catalog: Catalog, tag: str) -> Page:
    spec = catalog.specs[tag]
    names = sorted(catalog.schemas_by_tag[tag], key=str.lower)
    items = []
    for name in names:
        schema, _, _ = deref(spec, {"$ref": schema_ref(name)})
        about = schema.get("description") if isinstance(schema, dict) else None
        summary = escape(plain_text(about, 100)) if isinstance(about, str) else ""
        items.append(f'<li><a href="{url_segment(name)}/"><code>{escape(name)}</code></a> {summary}</li>')
    facts = catalog.facts[tag]
    found = [
        Section(
            "intro",
            None,
            f"<p>All {len(names)} named schemas of {escape(facts.title)} {escape(tag)}. "
            "Each operation's page shows the fields of the schemas it uses, one level deep; "
            "a schema's page shows all of its own.</p>"
            + (f'<ul class="aviato-schemas">{"".join(items)}</ul>' if items else ""),
        )
    ]
    found.append(Section(ELSEWHERE, f"Not in {markdown_text(tag)}", elsewhere_html(catalog, tag)))
    front = {"title": "Schemas", "description": f"Every named schema of {facts.title} {tag}."}
    return Page(SCHEMAS_DIR, front_matter(front), "Schemas", found)


def elsewhere_html(catalog: Catalog, tag: str) -> str:
    """The index's list of the schemas other releases have and `tag` lacks."""
    own = set(catalog.schemas_by_tag[tag])
    absent = [n for n in catalog.schema_names() if n not in own]
    if not absent:
        return f"<p>Every schema of the pinned releases is in {escape(tag)}.</p>"
    items = "".join(
        f'<li><a href="{url_segment(n)}/"><code>{escape(n)}</code></a> '
        f"({escape(', '.join(catalog.schema_present_in(n)))})</li>"
        for n in absent
    )
    return f'<p>Schemas of other releases:</p><ul class="aviato-schemas">{items}</ul>'
