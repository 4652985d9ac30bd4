"""One page's schemas as nested, expandable HTML that reads without JavaScript (see
generator.render.schemas for the rules: `$ref`s followed, a schema that contains itself cut off where
it recurs, a named schema met again on the page expanded once and linked to after that, one level of
named schemas where they have pages of their own).
"""

from __future__ import annotations

from html import escape

from generator.facts.schemas import schema_name, schema_ref
from generator.render.markdown_safe import spec_html
from generator.render.schemas import (
    COMBINATORS,
    MAX_DEPTH,
    constraints,
    deref,
    fields,
    has_structure,
    is_array,
    is_component_schema,
    kept,
    ref_name,
    type_label,
)
from generator.spec import Spec

SMALL_SCHEMA = 1500  # characters of HTML: a named schema this small is written out again where it recurs


class SchemaHtml:
    """Renders the schemas of one page; remembers which named schemas it has expanded there."""

    def __init__(self, spec: Spec, slug, schema_href=None, links_key=None):
        self.spec = spec
        self.slug = slug  # any text -> characters safe in an HTML id
        self.schema_href = schema_href  # schema name -> its page, relative to this one; None: expand all
        # Pages with the same links_key (any hashable) link every schema the same way: the fields of a
        # named schema one renders, the others reuse (`_named_fields`). None: nothing is reused.
        self.links_key = links_key
        self.expanded: dict[str, str] = {}  # $ref -> id of the element that expands it
        self._ids: set[str] = set()
        self._sizes: dict[str, int] = {}  # $ref -> length of its expansion's HTML
        self._page_reads = 0  # how often the HTML depended on what the page showed before it

    def _new_id(self, name: str) -> str:
        base = ident = f"schema-{self.slug(name)}"
        while ident in self._ids:
            ident = f"{base}-{len(self._ids)}"
        self._ids.add(ident)
        return ident

    def render(self, schema: object) -> str:
        """The top of a request or response body: its type, description and fields, open."""
        resolved, ref, problem = deref(self.spec, schema)
        head = f'<p class="aviato-schema-type">{self._label(resolved, ref, problem)}</p>'
        return f'<div class="aviato-schema">{head}{self._about(resolved)}{self._content(schema, (), 0)}</div>'

    def render_named(self, name: str, anchor: str) -> str:
        """A named schema's own fields, for its page: `anchor` is the id of the element holding them
        (where a field that contains the schema again links); every other named schema is a link."""
        ref = schema_ref(name)
        resolved, _, problem = deref(self.spec, {"$ref": ref})
        if problem or not isinstance(resolved, dict) or not has_structure(resolved):
            return ""
        self.expanded[ref] = anchor
        self._ids.add(anchor)
        return self._inner(resolved, (ref,), 0)

    def links_to_the_rest(self, names: list[str]) -> str:
        """The schemas among `names` this page has not expanded, linked to their pages. Each keeps the
        anchor a page that expanded every schema gave it (`#schema-<name>`), so an old link to it lands
        next to the link to its page."""
        known = kept("schema links") if self.links_key is not None else None
        items = []
        for name in names:
            key = (self.links_key, name)
            if known is not None and key in known:
                ident, item = known[key]
            else:
                ident = f"schema-{self.slug(name)}"
                item = f'<li id="{escape(ident)}"><a href="{self._href(name)}">{escape(name)}</a></li>'
                if known is not None:
                    known[key] = ident, item
            if ident not in self._ids:
                items.append(item)
        return f'<ul class="aviato-schemas-used">{"".join(items)}</ul>' if items else ""

    def _field(self, name: str, schema: object, required: bool, ancestors: tuple, depth: int) -> str:
        """One field as a list item; `name` is HTML (a property's name is escaped by the caller)."""
        resolved, ref, problem = deref(self.spec, schema)
        head = (f'{name} '
                f'<span class="aviato-type">{self._label(resolved, ref, problem)}</span>'
                + (' <span class="aviato-required">required</span>' if required else "")
                + (' <span class="aviato-deprecated">deprecated</span>'
                   if isinstance(resolved, dict) and resolved.get("deprecated") is True else ""))
        inner = self._content(schema, ancestors, depth + 1)
        about = self._about(resolved)
        if not inner:
            return f'<li><div class="aviato-field">{head}</div>{about}</li>'
        return f"<li><details><summary>{head}</summary>{about}{inner}</details></li>"

    def _content(self, schema: object, ancestors: tuple, depth: int) -> str:
        """What is inside a schema (its fields and variants, or its items' for an array) as HTML; a
        named schema's first expansion on the page carries the id that later mentions link to."""
        resolved, ref, problem = deref(self.spec, schema)
        if problem or not isinstance(resolved, dict) or not has_structure(resolved):
            return ""
        name = escape(str(ref_name(ref)))
        if ref is not None and not schema_name(ref):
            self._page_reads += 1  # not a named schema: what follows depends on what the page has shown
        if ref is not None and ref in ancestors:
            return _note("aviato-cut", f'↻ <a href="#{self.expanded[ref]}">{name}</a> contains itself here; '
                         "its fields are shown above")
        if self.schema_href and schema_name(ref) and any(schema_name(a) for a in ancestors):
            return ""  # one level of named schemas: the label links to this one's page
        if ref in self.expanded and self._sizes[ref] > SMALL_SCHEMA:
            return _note("aviato-same", f'Same fields as <a href="#{self.expanded[ref]}">{name}</a> above')
        if ref in self.expanded:  # small enough to repeat: cheaper to read than a link
            return self._named_fields(resolved, ref, ancestors, depth)
        if depth >= MAX_DEPTH:
            return _note("aviato-cut", "… nested deeper than this page shows; open the interactive reference "
                         "for the rest")
        if ref is None:
            return self._inner(resolved, ancestors, depth)
        anchor = self.expanded[ref] = self._new_id(str(ref_name(ref)))  # first: a recurrence links back here
        inner = self._named_fields(resolved, ref, ancestors, depth)
        if not inner:
            del self.expanded[ref]
            return ""
        self._sizes[ref] = len(inner)
        return f'<div class="aviato-named" id="{anchor}">{inner}</div>'

    def _named_fields(self, schema: dict, ref: str, ancestors: tuple, depth: int) -> str:
        """`_inner` of the schema `ref` leads to, expanded at `self.expanded[ref]`. The first named
        schema of a branch shows the same fields on every page that shows it at the same depth and
        place (`_place`), links to the named schemas inside it: rendered once per version for the
        pages with the same `links_key`, unless it depended on the page (`_page_reads`) or is not
        the named schema as written (`is_component_schema`)."""
        reusable = (self.links_key is not None and self.schema_href is not None and schema_name(ref)
                    and is_component_schema(self.spec, schema))
        known = kept("named fields") if reusable else None
        if known is None:
            return self._inner(schema, ancestors + (ref,), depth)
        key = (id(schema), self.links_key, ref, depth, self.expanded[ref], self._place())
        if key in known and self._replay(known[key][1]):
            return known[key][0]
        # Inside it, every named schema is a link (one level of them): this does not recur.
        reads, start = self._page_reads, self._start()
        html = self._inner(schema, ancestors + (ref,), depth)
        noted = self._done(start)
        if self._page_reads == reads:
            known[key] = (html, noted)
        return html

    def _place(self) -> object:
        """What besides the schema and its depth the HTML of its fields depends on (a subclass's)."""
        return None

    def _start(self) -> object:
        """Start noting what rendering a named schema's fields adds to the page (`_done` returns it)."""
        return None

    def _done(self, start: object) -> object:
        return None

    def _replay(self, noted: object) -> bool:
        """Add to the page what `_done` noted, if it can be (a subclass's); False: render them again."""
        return True

    def _inner(self, schema: dict, ancestors: tuple, depth: int) -> str:
        if is_array(schema):
            return self._content(schema.get("items"), ancestors, depth)
        properties, required = self._properties(schema)
        parts = [self._field(f'<code class="aviato-name">{escape(name)}</code>', prop, name in required,
                             ancestors, depth) for name, prop in properties.items()]
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            other = '<span class="aviato-name">any other name</span>'
            parts.append(self._field(other, extra, False, ancestors, depth))
        for key, title in COMBINATORS:
            variants = schema.get(key)
            if isinstance(variants, list):
                parts += [self._field(f'<span class="aviato-name">{title}, option {i}</span>', variant, False,
                                      ancestors, depth) for i, variant in enumerate(variants, 1)]
        listed = f'<ul class="aviato-fields">{"".join(parts)}</ul>' if parts else ""
        return self._merged(schema) + listed

    def _merged(self, schema: dict) -> str:
        """The named schemas an `allOf` merges in (their fields are among the ones shown), linked to
        their pages: a field written `allOf: [User]` shows User's fields, and says they are User's."""
        parts = schema.get("allOf")
        if not self.schema_href or not isinstance(parts, list):
            return ""
        names = dict.fromkeys(name for part in parts if (name := schema_name(deref(self.spec, part)[1])))
        if not names:
            return ""
        return f'<p class="aviato-merged">With the fields of {", ".join(map(self._link, names))}</p>'

    def _properties(self, schema: dict) -> tuple[dict, set]:
        return fields(self.spec, schema)

    def _label(self, schema: object, ref: str | None, problem: str | None) -> str:
        if problem:
            return f'<span class="aviato-problem">⚠ {escape(problem)}</span>'
        label = escape(type_label(self.spec, schema, ref))
        name = self._named(schema, ref) if self.schema_href else None
        if name is None or escape(name) not in label:
            return label
        before, _, after = label.rpartition(escape(name))
        return f"{before}{self._link(name)}{after}"

    def _link(self, name: str) -> str:
        """A named schema's name, linked to its page (operation_page._SCHEMA_LINK reads these back)."""
        return f'<a class="aviato-schema-link" href="{self._href(name)}">{escape(name)}</a>'

    def _href(self, name: str) -> str:
        """The link to schema `name`'s page, escaped for an attribute; the same on every page with
        the same `links_key`, worked out once per version for them."""
        known = kept("schema hrefs") if self.links_key is not None else None
        if known is None:
            return escape(self.schema_href(name))
        key = (self.links_key, name)
        if key not in known:
            known[key] = escape(self.schema_href(name))
        return known[key]

    def _named(self, schema: object, ref: str | None) -> str | None:
        """The component schema a label names: the schema's own, or its items' for an array."""
        if schema_name(ref):
            return schema_name(ref)
        if isinstance(schema, dict) and is_array(schema):
            _, item_ref, _ = deref(self.spec, schema.get("items"))
            return schema_name(item_ref)
        return None

    def _about(self, schema: object) -> str:
        if not isinstance(schema, dict):
            return ""
        text = schema.get("description")
        notes = constraints(schema)
        return spec_html(self.spec.document, text) + (
            f'<p class="aviato-constraints">{notes}</p>' if notes else "")


def _note(kind: str, html: str) -> str:
    return f'<ul class="aviato-fields"><li class="{kind}">{html}</li></ul>'
