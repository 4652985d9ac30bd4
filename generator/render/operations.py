"""One permanent page per operation: `/V/docs/developer/api/operations/<operationId>/`.

Every version gets a page for every operation any pinned release has ever published: the operation
itself where the version has it, else a short page that says so (added in, removed in, what replaced
it), so that switching versions and old links never land on a 404.

Pages are rendered here, from the spec. MkDocs gets only a small Markdown file per page (front matter,
the headings, a marker per section); the sections' HTML waits in `.aviato/` beside the pages and is
put in place after MkDocs has built them (generator.site.operation_pages). Handing MkDocs the whole HTML
would make it parse every element twice (Markdown, then search) and take minutes on large specs. And
MkDocs builds only one page per heading shape: the others are stamped from it (STAMP_OPERATION_PAGES).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from html import escape
from itertools import chain
from pathlib import Path
from urllib.parse import quote

from generator.facts import Operation
from generator.layout import (
    ELSEWHERE,
    OPERATION_PROTOTYPE_PREFIX,
    PAGES_FILE,
    PROTOTYPE_DESCRIPTION,
    PROTOTYPE_NAME,
    PROTOTYPE_ROUTE,
    PROTOTYPE_SEGMENT,
    slug,
)
from generator.render import markdown_text, schema_pages, search_fields
from generator.render.catalog import Catalog, absence
from generator.render.markdown_safe import plain_text, spec_html
from generator.render.operation_page import PageFacts, operation_node, replacement_sentence, sections
from generator.render.page_files import (
    DESCRIPTION_LIMIT,
    PROTOTYPE_SOURCE,
    TO_SITE_ROOT,
    Page,
    PageWriter,
    Section,
    front_matter,
    stamp_values,
)
from generator.render.schemas import deref
from generator.render.urls import OPERATIONS_DIR, operation_folder, schema_href, schemas_href, url_segment

# MkDocs builds one prototype per heading shape and the not-in-this-version one; every other operation
# page is stamped from one of them after MkDocs ran (generator.site.operation_pages), which keeps a
# version of a thousand operations to seconds. Benchmarks turn it off to time the pages built one by one.
STAMP_OPERATION_PAGES = True


def page_path(operation: Operation) -> str:
    """The operation's page, from the version's root. The one place that decides it."""
    return f"{OPERATIONS_DIR}/{url_segment(operation.operation_id)}/"


def reference_anchor(operation: Operation) -> str:
    """The fragment that opens Scalar's reference on the operation, ready for an href."""
    return "#" + quote(operation.scalar_anchor, safe="/{}:@!$&'()*+,;=-._~")


def write_tree(dest: Path, context) -> list[Page]:
    """Write every operation page of `context.tag`, the pages of the operations it lacks, the index;
    and the index and the prototype of the schemas' pages (generator.render.schema_pages), the last
    pages MkDocs reads (`write_schema_pages` writes the others). Each page is written as soon as it is
    made: only what the search index needs of it is kept and returned (`write_listing`; a
    10,000-operation version's HTML would otherwise all be held at once)."""
    catalog: Catalog = context.operations
    tag = context.tag
    present = catalog.by_tag[tag]
    pages: Iterable[Page] = chain(
        (_operation_page(catalog, tag, op) for op in present.values()),
        (_absent_page(catalog, tag, operation_id) for operation_id in catalog.ids()
         if operation_id not in present))
    if STAMP_OPERATION_PAGES:
        pages = _stamped_from_prototypes(catalog, tag, pages)
    else:
        pages = (replace(page, stamp=None) for page in pages)
    pages = chain(pages, [_index_page(catalog, tag), prototype_page(catalog, tag)],
                  schema_pages.built_pages(catalog, tag))
    return _write_pages(dest, pages)


def write_schema_pages(dest: Path, context) -> list[Page]:
    """Write the schema pages of `context.tag` but for the index and the prototype (write_tree's): what
    the search index needs of them. They are stamped after MkDocs: another process may write them
    while MkDocs runs."""
    return _write_pages(dest, schema_pages.pages(context.operations, context.tag), "schemas-")


def write_listing(dest: Path, written: list[Page]) -> None:
    """The search entries of the pages `written` (each page's, and its fields'), and which pages search
    engines should skip, for the site stage (PAGES_FILE)."""
    entries = search_fields.search_entries(written)
    noindex = [f"{page.folder}/" for page in written if page.noindex]
    (dest / PAGES_FILE).write_text(json.dumps({"search": entries, "noindex": noindex}, ensure_ascii=False))


def _write_pages(dest: Path, pages: Iterable[Page], stamps_prefix: str = "") -> list[Page]:
    """Write `pages`, one at a time; what the search index needs of each (its sections without HTML)."""
    written = []
    with PageWriter(dest, stamps_prefix) as writer:
        for page in pages:
            writer.write(page)
            written.append(_without_html(page))
    return written


def _without_html(page: Page) -> Page:
    return replace(page, sections=[replace(section, html="") for section in page.sections])


def _operation_page(catalog: Catalog, tag: str, op: Operation) -> Page:
    spec = catalog.specs[tag]
    node, shared = operation_node(spec, op)
    replacement = node.get("x-aviato-replaced-by")
    folder = operation_folder(op.operation_id)
    facts = PageFacts(tag, catalog.facts[tag].server_url, "../../" + reference_anchor(op),
                      catalog.added_in(op), catalog.deprecated_since(op.operation_id, tag),
                      _replacement(catalog, tag, replacement) if isinstance(replacement, str) else None,
                      schemas_href(folder))
    name = op.summary or op.operation_id
    written = node.get("description")
    text = written if isinstance(written, str) else ""
    description = plain_text(text or op.summary or op.route, DESCRIPTION_LIMIT)
    route = f"{op.method} {op.path}"
    front = front_matter(_operation_front(catalog, tag, name, route, f"{op.route}: {description}"))
    parameters = " ".join(f"<code>{escape(str(p))}</code>" for p in _parameter_names(spec, node, shared))
    search_text = (f"<p><code>{escape(op.route)}</code> <code>{escape(op.operation_id)}</code></p>"
                   + search_fields.description(text, name)
                   + (f"<p>Parameters: {parameters}</p>" if parameters else ""))
    entry = {"location": f"{folder}/", "title": escape(name), "text": search_text}
    title = markdown_text(name)
    stamp = {**stamp_values(folder, name, title, front["description"]),
             "route": front_matter({"r": route})["r"]}
    # Every operation page is a folder of OPERATIONS_DIR: each links a schema's page the same way.
    found = sections(spec, op, node, shared, facts, url_segment, lambda schema: schema_href(schema, folder),
                     links_key=OPERATIONS_DIR)
    return Page(folder, front, title, found, entry, stamp=stamp)


def _stamped_from_prototypes(catalog: Catalog, tag: str, pages: Iterable[Page]) -> Iterator[Page]:
    """The operations' pages, each naming the prototype of its headings (the not-in-this-version ones
    name theirs already), followed by those prototypes."""
    prototypes: dict[tuple, Page] = {}
    for page in pages:
        if (page.stamp or {}).get("from") is None:
            shape = tuple((s.key, s.heading) for s in page.sections)
            if shape not in prototypes:
                prototypes[shape] = _operation_prototype(catalog, tag, len(prototypes) + 1, shape)
            page = replace(page, stamp={**(page.stamp or {}), "from": str(prototypes[shape].folder)})
        yield page
    yield from prototypes.values()


def _operation_prototype(catalog: Catalog, tag: str, number: int, shape: tuple) -> Page:
    """An operation's page with placeholders for its name, route and description, and empty sections."""
    return Page(OPERATIONS_DIR / f"{OPERATION_PROTOTYPE_PREFIX}{number}",
                front_matter(_operation_front(catalog, tag, PROTOTYPE_NAME, PROTOTYPE_ROUTE,
                                              PROTOTYPE_DESCRIPTION)),
                PROTOTYPE_NAME, [Section(key, heading, "") for key, heading in shape],
                source=PROTOTYPE_SOURCE)


def _operation_front(catalog: Catalog, tag: str, name: str, route: str, description: str) -> dict:
    api = catalog.facts[tag].title or "the API"
    return {"title": f"{name} ({route})", "description": description, "og_title": f"{name} · {api} {tag}",
            "search": {"exclude": True}}


def _parameter_names(spec, node: dict, shared: list) -> list[str]:
    listed = node.get("parameters")
    own = listed if isinstance(listed, list) else []
    names = [deref(spec, p, schema=False)[0] for p in list(shared) + own]
    return list(dict.fromkeys(str(p["name"]) for p in names if isinstance(p, dict) and "name" in p))


def _replacement(catalog: Catalog, tag: str, operation_id: str) -> tuple[str, str | None]:
    """The replacing operation and, when this version has it, the link to its page."""
    has_page = operation_id in catalog.by_tag[tag]
    return operation_id, (f"../{url_segment(operation_id)}/" if has_page else None)


def _absent_page(catalog: Catalog, tag: str, operation_id: str) -> Page:
    present = catalog.present_in(operation_id)
    last = catalog.by_tag[present[-1]][operation_id]  # its latest state says what replaced it
    node, _ = operation_node(catalog.specs[present[-1]], last)
    name = last.summary or operation_id
    when = absence(tag, present, lambda: catalog.removed_in(operation_id))
    folder = operation_folder(operation_id)
    versions = ", ".join(f'<a href="{TO_SITE_ROOT}{escape(t)}/{folder}/">{escape(t)}</a>'
                         for t in reversed(present))
    parts = [(f'<div class="admonition info"><p class="admonition-title">Not in {escape(tag)}</p>'
              f"<p><code>{escape(last.route)}</code> (operation ID <code>{escape(operation_id)}</code>) is "
              f"not part of the API in {escape(tag)}. {escape(when)}</p></div>")]
    replacement = node.get("x-aviato-replaced-by")
    if isinstance(replacement, str):
        parts.append(f"<p>{replacement_sentence(*_replacement(catalog, tag, replacement))}</p>")
    same_route = next((op for op in catalog.by_tag[tag].values() if op.route == last.route), None)
    if same_route is not None:
        parts.append(f"<p>In {escape(tag)}, <code>{escape(last.route)}</code> is the operation "
                     f'<a href="../{url_segment(same_route.operation_id)}/"><code>'
                     f"{escape(same_route.operation_id)}</code></a>.</p>")
    parts.append(f"<p>Read it in {versions}.</p>")
    front = {"title": f"{name} (not in {tag})",
             "description": f"{last.route} is not part of the API in {tag}. {when}",
             "og_title": f"{name} (not in {tag})", "noindex": True, "search": {"exclude": True}}
    entry = {"location": f"{operation_folder(operation_id)}/", "title": escape(f"{name} (not in {tag})"),
             "text": f"<p><code>{escape(last.route)}</code> <code>{escape(operation_id)}</code> "
                     f"{escape(when)}</p>"}
    folder, title, front = operation_folder(operation_id), markdown_text(name), front_matter(front)
    stamp = {**stamp_values(folder, name, title, str(front["description"])),
             "from": str(OPERATIONS_DIR / PROTOTYPE_SEGMENT)}
    return Page(folder, front, title, [Section("intro", None, "".join(parts))], entry, noindex=True,
                stamp=stamp)


def _index_page(catalog: Catalog, tag: str) -> Page:
    facts = catalog.facts[tag]
    spec = catalog.specs[tag]
    tags = [t for t in spec.document.get("tags", []) if isinstance(t, dict)]
    declared = [str(t.get("name")) for t in tags]
    about = {str(t.get("name")): t.get("description") for t in tags}
    groups = dict(facts.by_tag())
    order = [t for t in declared if t in groups] + sorted(t for t in groups if t not in declared)
    count = len(catalog.by_tag[tag])
    found = [Section("intro", None, f"<p>All {count} operations of {escape(facts.title)} {escape(tag)}, "
                     'by tag. The <a href="../">interactive reference</a> has them all on one page.</p>')]
    for name in order:
        intro = spec_html(spec.document, about.get(name))
        found.append(Section(_unique(f"tag-{slug(name) or 'untitled'}", found), markdown_text(name),
                             intro + _listing(groups[name])))
    found.append(Section(ELSEWHERE, f"Not in {markdown_text(tag)}", elsewhere_html(catalog, tag)))
    front = {"title": "Operations", "description": f"Every operation of {facts.title} {tag}, grouped by tag."}
    return Page(OPERATIONS_DIR, front_matter(front), "Operations", found)


def elsewhere_html(catalog: Catalog, tag: str) -> str:
    """The index's list of the operations other releases have and `tag` lacks."""
    absent = [i for i in catalog.ids() if i not in catalog.by_tag[tag]]
    if not absent:
        return f"<p>Every operation of the pinned releases is in {escape(tag)}.</p>"
    items = "".join(f'<li><a href="{url_segment(i)}/"><code>{escape(i)}</code></a> '
                    f"({escape(', '.join(catalog.present_in(i)))})</li>" for i in absent)
    return f'<p>Operations of other releases:</p><ul class="aviato-operations">{items}</ul>'


def prototype_page(catalog: Catalog, tag: str) -> Page:
    """A not-in-this-version page with placeholders, built by MkDocs like the others; the site stage
    stamps from it the pages of operations that only later releases have (absent_page_values)."""
    front = {"title": f"{PROTOTYPE_NAME} (not in {tag})", "description": PROTOTYPE_DESCRIPTION,
             "og_title": f"{PROTOTYPE_NAME} (not in {tag})", "noindex": True, "search": {"exclude": True}}
    return Page(OPERATIONS_DIR / PROTOTYPE_SEGMENT, front_matter(front), PROTOTYPE_NAME,
                [Section("intro", None, "")], noindex=True)


def absent_page_values(catalog: Catalog, tag: str, operation_id: str) -> dict:
    """What a stamped not-in-this-version page says, in the forms the prototype's placeholders take."""
    page = _absent_page(catalog, tag, operation_id)
    return {**(page.stamp or {}), "intro": page.sections[0].html, "search": page.search}


def _unique(key: str, sections: list[Section]) -> str:
    taken = {section.key for section in sections}
    return key if key not in taken else f"{key}-{len(sections)}"


def _listing(operations: list[Operation]) -> str:
    items = []
    seen = set()
    for op in operations:
        if op.operation_id in seen:
            continue
        seen.add(op.operation_id)
        badge = ' <span class="aviato-deprecated">deprecated</span>' if op.deprecated else ""
        items.append(f'<li><a href="{url_segment(op.operation_id)}/">'
                     f'<span class="aviato-method aviato-method--{escape(op.method.lower())}">'
                     f'{escape(op.method)}</span> <code>{escape(op.path)}</code></a> '
                     f"{escape(op.summary)}{badge}</li>")
    return f'<ul class="aviato-operations">{"".join(items)}</ul>'


