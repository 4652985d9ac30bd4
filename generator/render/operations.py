"""One permanent page per operation: `/V/docs/developer/api/operations/<operationId>/`.

Every version gets a page for every operation any pinned release has ever published: the operation
itself where the version has it, else a short page that says so (added in, removed in, what replaced
it), so that switching versions and old links never land on a 404.

Pages are rendered here, from the spec. MkDocs gets only a small Markdown file per page (front matter,
the headings, a marker per section); the sections' HTML waits in `.aviato/` beside the pages and is
put in place after MkDocs has built them (generator.site.pages). Handing MkDocs the whole HTML would
make it parse every element twice (Markdown, then search) and take minutes on large specs.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from html import escape
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from generator import diff
from generator.errors import Location, fail
from generator.facts import ApiFacts, Operation, extract, slug
from generator.pins import version_key
from generator.render import markdown_text
from generator.render.markdown_safe import plain_text, spec_html
from generator.render.operation_page import PageFacts, Section, replacement_sentence, sections
from generator.render.schemas import deref

OPERATIONS_DIR = PurePosixPath("docs/developer/api/operations")
HIDDEN_DIR = ".aviato"  # MkDocs skips folders whose name starts with a dot
FRAGMENTS_DIR = f"{HIDDEN_DIR}/fragments"
PAGES_FILE = f"{HIDDEN_DIR}/pages.json"  # search entries and the pages search engines should skip
MARKER = "<!-- aviato-fragment {} -->"
_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
DESCRIPTION_LIMIT = 160
TO_SITE_ROOT = "../" * (len(OPERATIONS_DIR.parts) + 2)  # from an operation page's folder
ELSEWHERE = "elsewhere"  # the index's section listing the operations of other releases
# The placeholders of the prototype not-in-this-version page (see prototype_page).
PROTOTYPE_SEGMENT = "aviato-absent-prototype"
PROTOTYPE_NAME = "AviatoAbsentName"
PROTOTYPE_DESCRIPTION = "AviatoAbsentDescription"


def url_segment(operation_id: str) -> str:
    """The operation's folder name: the operationId itself when it is a plain word (letters, digits,
    `-`, `_`; at most 100 characters), else a readable ASCII slug plus a hash of the exact id, so ids
    with `/`, `..`, spaces or other scripts still get one stable, distinct folder inside the tree."""
    if _SAFE_SEGMENT.match(operation_id):
        return operation_id
    ascii_text = unicodedata.normalize("NFKD", operation_id).encode("ascii", "ignore").decode()
    words = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_text).strip("-_")[:60].rstrip("-_")
    digest = hashlib.sha256(operation_id.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{words}-{digest}" if words else f"operation-{digest}"


def page_path(operation: Operation) -> str:
    """The operation's page, from the version's root. The one place that decides it."""
    return f"{OPERATIONS_DIR}/{url_segment(operation.operation_id)}/"


def reference_anchor(operation: Operation) -> str:
    """The fragment that opens Scalar's reference on the operation, ready for an href."""
    return "#" + quote(operation.scalar_anchor, safe="/{}:@!$&'()*+,;=-._~")


@dataclass
class Catalog:
    """Every operation of every pinned release, by operationId, with the pinned history."""

    tags: tuple[str, ...]  # oldest first
    specs: dict
    facts: dict[str, ApiFacts]
    history: diff.History
    by_tag: dict[str, dict[str, Operation]] = field(default_factory=dict)
    releases: tuple = ()

    @classmethod
    def from_releases(cls, releases) -> Catalog:
        ordered = sorted(releases, key=lambda r: version_key(r.tag))
        facts = {r.tag: extract(r.spec) for r in ordered}
        catalog = cls(tuple(r.tag for r in ordered), {r.tag: r.spec for r in ordered}, facts,
                      diff.history(ordered, lifecycles_only=True),
                      releases=tuple(ordered))
        for tag, found in facts.items():
            catalog.by_tag[tag] = {}
            for op in found.operations:  # a repeated operationId keeps its first operation
                catalog.by_tag[tag].setdefault(op.operation_id, op)
        catalog._check_segments()
        return catalog

    def until(self, tag: str) -> Catalog:
        """The catalog of the releases up to `tag`: all that a version's own pages may show, so that
        publishing a newer release leaves them as they are (the pages of operations only later releases
        have are stamped in when the site is assembled: generator.site.operation_pages)."""
        if tag == self.tags[-1]:
            return self
        count = self.tags.index(tag) + 1
        kept = self.tags[:count]
        return Catalog(kept, {t: self.specs[t] for t in kept}, {t: self.facts[t] for t in kept},
                       self.history.until(tag), {t: self.by_tag[t] for t in kept}, self.releases[:count])

    def later(self, tag: str) -> list[str]:
        """The operationIds `tag` lacks that a later release has: their pages depend on later releases."""
        after = [t for t in self.tags if version_key(t) > version_key(tag)]
        return [i for i in self.ids() if i not in self.by_tag[tag] and any(i in self.by_tag[t] for t in after)]

    def ids(self) -> list[str]:
        """Every operationId ever published, in the order releases introduced them."""
        return list(dict.fromkeys(i for tag in self.tags for i in self.by_tag[tag]))

    def present_in(self, operation_id: str) -> list[str]:
        return [tag for tag in self.tags if operation_id in self.by_tag[tag]]

    def added_in(self, operation: Operation) -> str | None:
        lifecycle = self._lifecycle(operation)
        return lifecycle.added_in if lifecycle else next(iter(self.present_in(operation.operation_id)), None)

    def removed_in(self, operation_id: str) -> str | None:
        """The release after the last one that has the operation, if there is one."""
        last = self.present_in(operation_id)[-1]
        later = self.tags[self.tags.index(last) + 1:]
        return later[0] if later else None

    def deprecated_since(self, operation_id: str, tag: str) -> str | None:
        """The first release of the unbroken run of releases up to `tag` that mark it deprecated."""
        since = None
        for each in self.tags[: self.tags.index(tag) + 1]:
            op = self.by_tag[each].get(operation_id)
            since = (since or each) if op is not None and op.deprecated else None
        return since

    def _lifecycle(self, operation: Operation):
        """diff.history's record (it follows an operation across a renamed id or path), if it has one."""
        for key in (operation.operation_id, operation.route):
            found = self.history.operations.get(key)
            if found is not None and (found.method, found.path) == (operation.method, operation.path):
                return found
        return None

    def _check_segments(self) -> None:
        """Two ids must not share a folder, even where file names ignore case (macOS, Windows)."""
        seen: dict[str, str] = {}
        for tag in self.tags:
            for operation_id, op in self.by_tag[tag].items():
                segment = url_segment(operation_id)
                first = seen.setdefault(segment.lower(), operation_id)
                if first != operation_id:
                    raise fail("operation-url-collision", f"{tag}: operationIds {first!r} and {operation_id!r} "
                               f"would share the page {OPERATIONS_DIR}/{segment}/ (folder names are compared "
                               "without case)", self.specs[tag].locate(f"{op.pointer}/operationId"),
                               hint="operationIds are permalinks: make them differ by more than case")


@dataclass(frozen=True)
class Page:
    folder: PurePosixPath  # from the version's root
    front: dict  # front matter; string values are HTML (MkDocs' templates print them unescaped)
    title: str  # the h1, as Markdown
    sections: list[Section]
    search: dict | None = None  # our own entry for Material's search index
    noindex: bool = False


def write_tree(dest: Path, context) -> None:
    """Write every operation page of `context.tag`, the pages of the operations it lacks, the index."""
    catalog: Catalog = context.operations
    tag = context.tag
    present = catalog.by_tag[tag]
    pages = [_operation_page(catalog, tag, op) for op in present.values()]
    pages += [_absent_page(catalog, tag, operation_id) for operation_id in catalog.ids()
              if operation_id not in present]
    pages += [_index_page(catalog, tag), prototype_page(catalog, tag)]
    for page in pages:
        _write(dest, page)
    entries = [dict(page.search) for page in pages if page.search]
    noindex = [f"{page.folder}/" for page in pages if page.noindex]
    (dest / PAGES_FILE).write_text(json.dumps({"search": entries, "noindex": noindex}, ensure_ascii=False))


def _operation_page(catalog: Catalog, tag: str, op: Operation) -> Page:
    spec = catalog.specs[tag]
    node, shared = _operation_node(spec, op)
    replacement = node.get("x-aviato-replaced-by")
    facts = PageFacts(tag, catalog.facts[tag].server_url, "../../" + reference_anchor(op), catalog.added_in(op),
                      catalog.deprecated_since(op.operation_id, tag),
                      _replacement(catalog, tag, replacement) if isinstance(replacement, str) else None)
    name = op.summary or op.operation_id
    text = node.get("description") if isinstance(node.get("description"), str) else ""
    description = plain_text(text or op.summary or op.route, DESCRIPTION_LIMIT)
    api = catalog.facts[tag].title or "the API"
    front = {"title": f"{name} ({op.method} {op.path})", "description": f"{op.route}: {description}",
             "og_title": f"{name} · {api} {tag}", "search": {"exclude": True}}
    parameters = " ".join(f"<code>{escape(str(p))}</code>" for p in _parameter_names(spec, node, shared))
    search_text = (f"<p><code>{escape(op.route)}</code> <code>{escape(op.operation_id)}</code></p>"
                   f"<p>{escape(plain_text(text))}</p>" + (f"<p>Parameters: {parameters}</p>" if parameters else ""))
    entry = {"location": f"{_folder(op.operation_id)}/", "title": escape(name), "text": search_text}
    return Page(_folder(op.operation_id), _front(front), markdown_text(name),
                sections(spec, op, node, shared, facts, url_segment), entry)


def _operation_node(spec, op: Operation) -> tuple[dict, list]:
    item, _, _ = deref(spec, spec.document.get("paths", {}).get(op.path))
    item = item if isinstance(item, dict) else {}
    node = item.get(op.method.lower())
    shared = item.get("parameters") if isinstance(item.get("parameters"), list) else []
    return (node if isinstance(node, dict) else {}), shared


def _parameter_names(spec, node: dict, shared: list) -> list[str]:
    own = node.get("parameters") if isinstance(node.get("parameters"), list) else []
    names = [deref(spec, p)[0] for p in list(shared) + own]
    return list(dict.fromkeys(str(p["name"]) for p in names if isinstance(p, dict) and "name" in p))


def _replacement(catalog: Catalog, tag: str, operation_id: str) -> tuple[str, str | None]:
    """The replacing operation and, when this version has it, the link to its page."""
    has_page = operation_id in catalog.by_tag[tag]
    return operation_id, (f"../{url_segment(operation_id)}/" if has_page else None)


def _absent_page(catalog: Catalog, tag: str, operation_id: str) -> Page:
    present = catalog.present_in(operation_id)
    last = catalog.by_tag[present[-1]][operation_id]  # its latest state says what replaced it
    node, _ = _operation_node(catalog.specs[present[-1]], last)
    name = last.summary or operation_id
    when = _absence(catalog, tag, operation_id, present)
    versions = ", ".join(f'<a href="{TO_SITE_ROOT}{escape(t)}/{_folder(operation_id)}/">{escape(t)}</a>'
                         for t in reversed(present))
    parts = [(f'<div class="admonition info"><p class="admonition-title">Not in {escape(tag)}</p>'
              f"<p><code>{escape(last.route)}</code> (operation ID <code>{escape(operation_id)}</code>) is not part "
              f"of the API in {escape(tag)}. {escape(when)}</p></div>")]
    replacement = node.get("x-aviato-replaced-by")
    if isinstance(replacement, str):
        parts.append(f"<p>{replacement_sentence(*_replacement(catalog, tag, replacement))}</p>")
    same_route = next((op for op in catalog.by_tag[tag].values() if op.route == last.route), None)
    if same_route is not None:
        parts.append(f"<p>In {escape(tag)}, <code>{escape(last.route)}</code> is the operation "
                     f'<a href="../{url_segment(same_route.operation_id)}/"><code>'
                     f"{escape(same_route.operation_id)}</code></a>.</p>")
    parts.append(f"<p>Read it in {versions}.</p>")
    front = {"title": f"{name} (not in {tag})", "description": f"{last.route} is not part of the API in {tag}. {when}",
             "og_title": f"{name} (not in {tag})", "noindex": True, "search": {"exclude": True}}
    entry = {"location": f"{_folder(operation_id)}/", "title": escape(f"{name} (not in {tag})"),
             "text": f"<p><code>{escape(last.route)}</code> <code>{escape(operation_id)}</code> {escape(when)}</p>"}
    return Page(_folder(operation_id), _front(front), markdown_text(name),
                [Section("intro", None, "".join(parts))], entry, noindex=True)


def _absence(catalog: Catalog, tag: str, operation_id: str, present: list[str]) -> str:
    before = [t for t in present if version_key(t) < version_key(tag)]
    after = [t for t in present if version_key(t) > version_key(tag)]
    if before and not after:
        removed = catalog.removed_in(operation_id)
        return f"It was added in {present[0]} and removed in {removed}."
    if after and not before:
        return f"It was added in {after[0]}."
    return f"It is in {', '.join(present)}."


def _index_page(catalog: Catalog, tag: str) -> Page:
    facts = catalog.facts[tag]
    spec = catalog.specs[tag]
    declared = [str(t.get("name")) for t in spec.document.get("tags", []) if isinstance(t, dict)]
    about = {str(t.get("name")): t.get("description") for t in spec.document.get("tags", []) if isinstance(t, dict)}
    groups = dict(facts.by_tag())
    order = [t for t in declared if t in groups] + sorted(t for t in groups if t not in declared)
    count = len(catalog.by_tag[tag])
    found = [Section("intro", None, f"<p>All {count} operations of {escape(facts.title)} {escape(tag)}, by tag. "
                     'The <a href="../">interactive reference</a> has them all on one page.</p>')]
    for name in order:
        intro = spec_html(spec.document, about.get(name))
        found.append(Section(_unique(f"tag-{slug(name) or 'untitled'}", found), markdown_text(name),
                             intro + _listing(groups[name])))
    found.append(Section(ELSEWHERE, f"Not in {markdown_text(tag)}", elsewhere_html(catalog, tag)))
    front = {"title": "Operations", "description": f"Every operation of {facts.title} {tag}, grouped by tag."}
    return Page(OPERATIONS_DIR, _front(front), "Operations", found)


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
    return Page(OPERATIONS_DIR / PROTOTYPE_SEGMENT, _front(front), PROTOTYPE_NAME, [Section("intro", None, "")],
                noindex=True)


def absent_page_values(catalog: Catalog, tag: str, operation_id: str) -> dict:
    """What a stamped not-in-this-version page says, in the forms the prototype's placeholders take."""
    page = _absent_page(catalog, tag, operation_id)
    last = catalog.by_tag[catalog.present_in(operation_id)[-1]][operation_id]
    name = last.summary or operation_id
    return {"segment": url_segment(operation_id), "folder": f"{page.folder}/", "name_front": _front({"n": name})["n"],
            "name_markdown": page.title, "description": page.front["description"],
            "intro": page.sections[0].html, "search": page.search}


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
        items.append(f'<li><a href="{url_segment(op.operation_id)}/"><span class="aviato-method aviato-method--'
                     f'{escape(op.method.lower())}">{escape(op.method)}</span> <code>{escape(op.path)}</code></a> '
                     f"{escape(op.summary)}{badge}</li>")
    return f'<ul class="aviato-operations">{"".join(items)}</ul>'


def _folder(operation_id: str) -> PurePosixPath:
    return OPERATIONS_DIR / url_segment(operation_id)


def _front(values: dict) -> dict:
    """Front matter values as HTML, ASCII only (PyYAML folds some Unicode line breaks in strings)."""
    return {k: escape(v).encode("ascii", "xmlcharrefreplace").decode() if isinstance(v, str) else v
            for k, v in values.items()}


def _write(dest: Path, page: Page) -> None:
    folder = (dest / page.folder).resolve()
    if not folder.is_relative_to(dest.resolve()):  # url_segment makes this impossible; keep it so
        raise fail("operation-page-outside", f"refusing to write {page.folder} outside {dest}", Location(str(folder)))
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["---", *(f"{k}: {json.dumps(v, ensure_ascii=True)}" for k, v in page.front.items()), "---", "",
             f"# {page.title}", ""]
    for section in page.sections:
        if section.heading is not None:
            lines += [f"## {section.heading} {{#{section.key}}}", ""]
        lines += [MARKER.format(section.key), ""]
    (folder / "index.md").write_text("\n".join(lines), encoding="utf-8")
    fragments = dest / FRAGMENTS_DIR / page.folder / "index.json"
    fragments.parent.mkdir(parents=True, exist_ok=True)
    fragments.write_text(json.dumps({s.key: s.html for s in page.sections}, ensure_ascii=False), encoding="utf-8")
