"""After MkDocs: the operation pages' sections go into the built pages, their entries into Material's
search index; and at the site root, the sitemap search engines read and the robots.txt naming it.

The render stage leaves each page's sections in `.aviato/fragments/` beside the docs tree and marks
where they go with a comment (see generator.render.operations, which explains why). The pages MkDocs
did not build (generator.render.page_files.Page.stamp) are written from the prototype page it built
for their headings: its placeholders replaced by their name, route and description, its sections by
theirs. The folders, files and placeholders are generator.layout's; what this module relies on in
the HTML MkDocs and Material write is generator.site.material's. What the pages say of later releases
comes in as plain values (Later), rendered by the caller.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from html import escape, unescape
from pathlib import Path, PurePosixPath

import orjson
from markdown.extensions.toc import slugify as toc_slugify

from generator import forked
from generator.errors import Location, fail
from generator.files import write_atomic, write_text_atomic
from generator.layout import (
    ELSEWHERE,
    FRAGMENTS_DIR,
    MARKER,
    OPERATION_PROTOTYPE_PREFIX,
    OPERATIONS_DIR,
    PAGES_FILE,
    PROTOTYPE_DESCRIPTION,
    PROTOTYPE_NAME,
    PROTOTYPE_ROUTE,
    PROTOTYPE_SEGMENT,
    ROOT_FILES_DIR,
    SCHEMA_PROTOTYPE_SEGMENT,
    SCHEMAS_DIR,
    STAMPS_DIR,
    TWIN_NAME,
    TWINS_DIR,
    json_lines,
    lines_files,
)
from generator.site import csp, material, scan

SEARCH_INDEX = material.SEARCH_INDEX
BUILD_NOTES = ".aviato-build.json"  # what `assemble` needs of a cached build; not published
# Filled sections stay replaceable: `assemble` refreshes the ones that depend on later releases.
SECTION_BEGIN = "<!-- aviato-section {} -->"
SECTION_END = "<!-- /aviato-section {} -->"
NOINDEX = '<meta name="robots" content="noindex">'
_PROTOTYPE_SLUG = toc_slugify(PROTOTYPE_NAME, "-")
_PROTOTYPE_HEADING = material.heading_markers(_PROTOTYPE_SLUG, PROTOTYPE_NAME)
_PROTOTYPE_FOLDERS = (f"{PROTOTYPE_SEGMENT}/", f"{SCHEMA_PROTOTYPE_SEGMENT}/", OPERATION_PROTOTYPE_PREFIX)
_INDENT = re.compile(r"\n[ \t\n]+")
_URL = re.compile(r"<url>.*?</url>", re.DOTALL)
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
_LASTMOD = re.compile(r"<lastmod>[^<]*</lastmod>")  # MkDocs gives every page the build's date
UNVERSIONED_PREFIX = "docs/"  # pages under it are served unversioned too (netlify.UNVERSIONED)
# With fewer JSON lines files (stamps and twins, of LINES_PER_FILE pages each) than this per core,
# they are written in the worker alone.
STAMP_FILES_PER_PROCESS = 4


@dataclass(frozen=True)
class Later:
    """What a version's pages say of later releases, which its cached build cannot know: the stamp
    values of the pages of the operations and schemas only later releases have, and the `elsewhere`
    sections of the operations' and the schemas' indexes (HTML)."""

    stamped: list[dict]
    operations_elsewhere: str
    schemas_elsewhere: str


@dataclass(frozen=True)
class Assembled:
    noindex: list[str]  # pages (from the version root) not to index
    changed: list[Path]  # the files `assemble` wrote, whose links and loads need checking again
    script_hashes: list[str]  # the CSP hashes of the version's inline scripts, as built


def finish_version(tree: Path, out: Path) -> None:
    """Fill the built pages of one version, stamp the others and write every page's Markdown twin
    (generator.layout.TWINS_DIR) beside it, move the files of its root that MkDocs did not copy
    (ROOT_FILES_DIR) into it, and note in it what `assemble` needs: the pages (from the version root)
    not to index, and the hashes of its inline scripts (the site's CSP lists them; noted here, so that
    a reused version's pages are not read again). While other processes stamp, this one adds the search
    entries and reads the scripts of MkDocs' own pages."""
    if (tree / ROOT_FILES_DIR).is_dir():
        for file in (tree / ROOT_FILES_DIR).iterdir():
            shutil.move(file, out / file.name)  # a rename: the tree and the build are beside each other
    fragments = tree / FRAGMENTS_DIR
    noindex = []
    if fragments.is_dir():
        for source in fragments.rglob("index.json"):
            page = out / source.relative_to(fragments).with_suffix(".html")
            _fill(page, orjson.loads(source.read_bytes()))
        prototypes = [folder for folder in [out / SCHEMAS_DIR / SCHEMA_PROTOTYPE_SEGMENT,
                                            *(out / OPERATIONS_DIR).glob(f"{OPERATION_PROTOTYPE_PREFIX}*")]
                      if folder.is_dir()]
        built = [page for page in scan.files(out, scan.HTML)  # MkDocs' pages, but for the prototypes
                 if not any(page.is_relative_to(folder) for folder in prototypes)]
        stamping = _write_runs(out, [*lines_files(tree, STAMPS_DIR), *lines_files(tree, TWINS_DIR)])
        try:  # meanwhile, what does not depend on the stamped pages
            listing = json.loads((tree / PAGES_FILE).read_text(encoding="utf-8"))
            _add_search_entries(out / SEARCH_INDEX, listing["search"])
            noindex = listing["noindex"]
            built_hashes = csp.pages_script_hashes(built)
        finally:
            runs = stamping()  # even when this process's work failed: it stops the others
        stamped_hashes = {digest for run_hashes, _ in runs for digest in run_hashes}
        for folder in prototypes:  # what the pages were stamped from; the not-in-this-version one stays
            shutil.rmtree(folder)
        if (out / "sitemap.xml").is_file():
            _update_sitemap(out / "sitemap.xml", [folder for _, folders in runs for folder in folders])
        scripts = sorted(built_hashes | stamped_hashes)
    else:  # no operation pages: only the twins of MkDocs' pages
        _write_runs(out, lines_files(tree, TWINS_DIR))()
        scripts = csp.script_hashes(out)
    notes = {"noindex": noindex, "scripts": scripts}
    (out / BUILD_NOTES).write_text(json.dumps(notes), encoding="utf-8")


def assemble(out: Path, later: Callable[[], Later]) -> Assembled:
    """Finish a built version for this site: stamp the pages of the operations only later releases
    have (noindex, as the prototype is), list them in the index, the sitemap and search. `later` is
    asked only when the version has pages that depend on later releases."""
    notes_file = out / BUILD_NOTES
    notes = json.loads(notes_file.read_text(encoding="utf-8"))
    notes_file.unlink()
    noindex, scripts = notes["noindex"], notes["scripts"]
    prototype_dir = out / OPERATIONS_DIR / PROTOTYPE_SEGMENT
    if not prototype_dir.is_dir():
        return Assembled(noindex, [], scripts)
    prototype = Prototype.read(out, f"{OPERATIONS_DIR}/{PROTOTYPE_SEGMENT}")
    shutil.rmtree(prototype_dir)
    said = later()
    stamped = said.stamped
    for values in stamped:
        page = out / values["folder"] / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        replace_text(page, prototype.page(values, {"intro": values["intro"]}))
    indexes = [out / OPERATIONS_DIR / "index.html", out / SCHEMAS_DIR / "index.html"]
    for index, listing in zip(indexes, (said.operations_elsewhere, said.schemas_elsewhere), strict=True):
        replace_text(index, _replace_section(index.read_text(encoding="utf-8"), ELSEWHERE, listing))
    _update_sitemap(out / "sitemap.xml", [v["folder"] for v in stamped])
    known = {entry["location"] for entry in _search_entries(out / SEARCH_INDEX)}
    _add_search_entries(out / SEARCH_INDEX,
                        [v["search"] for v in stamped if v["search"]["location"] not in known])
    noindex += [v["folder"] for v in stamped if v["folder"] not in noindex]
    pages = [out / v["folder"] / "index.html" for v in stamped]
    return Assembled(noindex, [*pages, *indexes, out / "sitemap.xml"], scripts)


def _write_runs(out: Path, files: list[Path]) -> Callable[[], list[tuple[set[str], list[str]]]]:
    """What the stamps and twins `files` hold written into `out`: in a forked process per core, each a
    run of the files of about as much work (_work), when there are STAMP_FILES_PER_PROCESS files a
    core; otherwise here, at once. What waits for a run's result each (_write_run)."""
    return forked.in_runs(_write_run, files, STAMP_FILES_PER_PROCESS, out, weight=_work)


def _work(file: Path) -> int:
    """A stamps file's pages take about three times as long as a twins file's (a folder and a page
    created, a 20 KB prototype's text replaced, against one file; GitHub's spec: 0.33 ms a page, 0.1 ms
    a twin): the weight of a file of LINES_PER_FILE lines."""
    return 1 if _is_twins(file) else 3


def _write_run(out: Path, files: list[Path]) -> tuple[set[str], list[str]]:
    """Stamp the pages of the stamps `files` and write the twins of the twins files: the CSP hashes of
    the stamped pages' inline scripts, their folders. The pages first: a twin then finds its stamped
    page's folder made, where this process stamped it."""
    stamped = _stamp_run(out, [file for file in files if not _is_twins(file)])
    _place_twins(out, [file for file in files if _is_twins(file)])
    return stamped


def _is_twins(file: Path) -> bool:
    return file.parent.name == PurePosixPath(TWINS_DIR).name


def _stamp_run(out: Path, files: list[Path]) -> tuple[set[str], list[str]]:
    """Stamp the pages of the stamps `files` (_write_run's result)."""
    prototypes: dict[str, Prototype] = {}
    scripts: dict[str, set[str] | None] = {}  # per prototype, what every page stamped from it runs
    hashes: set[str] = set()
    folders: list[str] = []
    for values in (values for file in files for values in json_lines(file)):
        origin = values["from"]
        if origin not in prototypes:
            prototypes[origin] = Prototype.read(out, origin)
            scripts[origin] = _stamped_scripts(prototypes[origin].html, origin)
        sections = values["sections"]
        html = prototypes[origin].page(values, sections)
        page = out / values["folder"] / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(html, encoding="utf-8")
        folders.append(values["folder"])
        known = scripts[origin]
        if known is None or _has_markup([*sections.values(), *values.values()]):
            known = csp.page_script_hashes(scan.parse(html, page, scan.SCRIPTS))
        hashes |= known
    return hashes, folders


# What, written into a page, could start or end a script (or hide one in a comment).
_MARKUP = re.compile(r"<(?:!--|/?script|/?style)", re.IGNORECASE)
_SECTION = re.compile(r"(<!-- aviato-section (\S+) -->).*?(<!-- /aviato-section \2 -->)", re.DOTALL)


def _has_markup(texts: list) -> bool:
    return any(isinstance(text, str) and _MARKUP.search(text) for text in texts)


def _stamped_scripts(prototype: str, origin: str) -> set[str] | None:
    """The CSP hashes of the inline scripts every page stamped from `prototype` runs, when they are
    the prototype's own outside its sections (no placeholder the stamp replaces is in a script, and
    a page's values and sections hold no markup that starts one); None when a page must be read."""
    blank = _SECTION.sub(r"\1\3", prototype)
    page = scan.parse(blank, Path(origin), scan.SCRIPTS)
    placeholders = [*_placeholders(origin), "aviato-section"]
    raw = [element.text + repr(element.attrs) for element in page.elements]
    if any(marker in text for text in raw for marker in placeholders):
        return None
    return csp.page_script_hashes(page)


def _placeholders(origin: str) -> list[str]:
    """What a stamp replaces in the prototype page built in the folder `origin` (Prototype._SLOTS)."""
    return [f"{origin}/", origin.rsplit("/", 1)[-1], *_PROTOTYPE_HEADING, PROTOTYPE_NAME,
            PROTOTYPE_DESCRIPTION, PROTOTYPE_ROUTE]


# Write a new file, never into the old one: a built version's files may be links into the cache.
replace_bytes, replace_text = write_atomic, write_text_atomic


class Prototype:
    """A prototype page MkDocs built in the folder `origin`, cut once at its placeholders and sections:
    a page stamped from it (`page`) is one join, its values and sections in their places. Every page
    stamped from it is as deep as it is, so its relative links hold. A value is never searched for
    placeholders: a spec's text that spells one stays as it is."""

    # The slots, in the order their placeholders are looked for where several start at the same place.
    _SLOTS = ("folder", "segment", "heading_id", "permalink", "heading_text", "name_front", "description",
              "route")

    def __init__(self, html: str, origin: str):
        self.html, self.origin = html, origin
        placeholders = _placeholders(origin)
        slot_of = dict(zip(placeholders, self._SLOTS, strict=True))
        found = re.compile("|".join([_SECTION.pattern, *map(re.escape, placeholders)]), re.DOTALL)
        # Literal text and slots alternate: literals[0], slots[0], literals[1], ..., literals[-1].
        self.literals: list[str] = []
        self.slots: list[str] = []
        self.sections: dict[str, str] = {}  # the prototype's own sections, by name
        start = 0
        for match in found.finditer(html):
            if match.group(2) is not None:  # a section: its markers stay, what is between them is a slot
                self.literals.append(html[start:match.end(1)])
                self.slots.append(f"section {match.group(2)}")
                self.sections[match.group(2)] = html[match.end(1):match.start(3)]
                start = match.start(3)
            else:
                self.literals.append(html[start:match.start()])
                self.slots.append(slot_of[match.group(0)])
                start = match.end()
        self.literals.append(html[start:])

    @classmethod
    def read(cls, out: Path, origin: str) -> Prototype:
        path = out / origin / "index.html"
        html = path.read_text(encoding="utf-8")
        material.require(html, _PROTOTYPE_HEADING, path)
        return cls(html, origin)

    def page(self, values: dict, sections: dict[str, str]) -> str:
        """The page of `values` (generator.render.page_files.stamp_values; "route" where the prototype
        has one) with `sections` in place of the prototype's (which keeps the others)."""
        unknown = sections.keys() - self.sections.keys()
        if unknown:
            raise fail("stamp-section-missing", f"the prototype {self.origin} has no section "
                       f"{', '.join(sorted(unknown))} for the page {values['folder']}",
                       Location(self.origin))
        heading = toc_slugify(unescape(values["name_markdown"]), "-")
        own = {f"section {name}": fragment for name, fragment in self.sections.items()}
        own.update(zip(("heading_id", "permalink", "heading_text"),
                       material.heading_markers(heading, values["name_markdown"]), strict=True))
        own.update(folder=values["folder"], segment=values["segment"], name_front=values["name_front"],
                   description=values["description"], route=values.get("route", PROTOTYPE_ROUTE))
        own.update((f"section {name}", fragment) for name, fragment in sections.items())
        parts = [self.literals[0]]
        for slot, literal in zip(self.slots, self.literals[1:], strict=True):
            parts.append(own[slot])
            parts.append(literal)
        return "".join(parts)


def _replace_section(html: str, name: str, fragment: str) -> str:
    begin, end = SECTION_BEGIN.format(name), SECTION_END.format(name)
    start, stop = html.index(begin) + len(begin), html.index(end)
    return html[:start] + fragment + html[stop:]


def _update_sitemap(sitemap: Path, folders: list[str]) -> None:
    text = sitemap.read_text(encoding="utf-8")
    entries = [entry for entry in _URL.findall(text)
               if not any(f"/{prototype}" in entry for prototype in _PROTOTYPE_FOLDERS)]
    locations = _LOC.findall(text)
    root = os.path.commonprefix(locations) if len(locations) > 1 else ""
    known = set(_LOC.findall("".join(entries)))
    date = _LASTMOD.search(text)
    lastmod = f"         {date.group(0)}\n" if date else ""
    entries += [f"<url>\n         <loc>{escape(root + folder)}</loc>\n{lastmod}    </url>"
                for folder in folders if root + folder not in known]
    head = text[: text.index("<url>")] if "<url>" in text else text[: text.index("</urlset>")]
    replace_text(sitemap, head + "\n".join(entries) + "\n</urlset>\n")
    gzipped = sitemap.with_name(sitemap.name + ".gz")
    if gzipped.exists():  # MkDocs writes both; keep them the same
        replace_bytes(gzipped, gzip.compress(sitemap.read_bytes(), mtime=0))


def _place_twins(out: Path, files: list[Path]) -> None:
    for file in files:
        for twin in json_lines(file):
            path = PurePosixPath(twin["path"])
            if path.is_absolute() or ".." in path.parts or path.name != TWIN_NAME:  # the render's own paths
                raise fail("twin-outside", f"refusing to write the twin {path} outside {out}",
                           Location(str(file)))
            target = out / path
            try:
                target.write_text(twin["text"], encoding="utf-8")
            except FileNotFoundError:  # a page without a folder of its own in `out`
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(twin["text"], encoding="utf-8")


def noindex_all(out: Path) -> None:
    """Older releases stay readable but out of search engines (the latest release's pages are canonical)."""
    for page in out.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if NOINDEX not in html and material.HEAD in html:
            replace_text(page, html.replace(material.HEAD, f"{material.HEAD}\n  {NOINDEX}", 1))


def _search_entries(index: Path) -> list[dict]:
    return orjson.loads(index.read_bytes())["docs"] if index.is_file() else []


def compact(html: str) -> str:
    """MkDocs' page without the indentation of its lines (a sixth of a Material page's chrome, on
    thousands of pages); kept as it is where whitespace is content (`<pre>`, `<textarea>`)."""
    if "<pre" in html or "<textarea" in html:
        return html
    return _INDENT.sub("\n", html)


def _fill(page: Path, sections: dict[str, str]) -> None:
    html = compact(page.read_text(encoding="utf-8"))  # before the sections go in: their <pre> stay
    for name, fragment in sections.items():
        marker = MARKER.format(name)
        if marker not in html:
            raise fail("operation-section-lost", f"MkDocs' output of {page.name} lacks the marker of its "
                       f"section {name!r}", Location(str(page)),
                       hint="a Markdown extension dropped HTML comments")
        html = html.replace(marker, SECTION_BEGIN.format(name) + fragment + SECTION_END.format(name), 1)
    page.write_text(html, encoding="utf-8")


def _add_search_entries(index: Path, entries: list[dict]) -> None:
    if not entries or not index.is_file():
        return
    data = orjson.loads(index.read_bytes())
    data["docs"].extend(entries)
    replace_bytes(index, orjson.dumps(data))


def canonical(base: str, page: str) -> str:
    """The permanent URL of the latest release's `page` (a path from a version's root): unversioned
    for the pages under docs/, through /latest/ for the rest. overrides/main.html says the same."""
    return base + (page if page.startswith(UNVERSIONED_PREFIX) else f"latest/{page}")


def write_root_sitemap(site: Path, latest: str | None, noindex: list[str]) -> None:
    """`/sitemap.xml`: the latest release's pages under their canonical URLs, without `noindex` ones;
    `/robots.txt` points to it. The per-version sitemaps stay as they are: Material's version selector
    reads them to keep the reader on the same page."""
    if latest is None:
        return
    source = (site / latest / "sitemap.xml").read_text(encoding="utf-8")
    locations = _LOC.findall(source)
    root = os.path.commonprefix(locations) if len(locations) > 1 else ""
    if not root.endswith(f"/{latest}/"):
        raise fail("sitemap-unexpected", f"the sitemap of {latest} does not list its pages under /{latest}/",
                   Location(str(site / latest / "sitemap.xml")))
    base = root[: -len(latest) - 1]
    skip = set(noindex)
    kept = []
    for entry in _URL.findall(source):
        found = _LOC.search(entry)
        if found is None:  # MkDocs writes a <loc> in every <url>
            continue
        page = found.group(1)[len(root):]
        if page not in skip:
            loc = f"<loc>{escape(canonical(base, page))}</loc>"
            kept.append(entry[:found.start()] + loc + entry[found.end():])
    (site / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                                      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                                      + "\n".join(kept) + "\n</urlset>\n", encoding="utf-8")
    (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n",
                                     encoding="utf-8")
