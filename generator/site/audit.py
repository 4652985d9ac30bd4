"""No third-party requests: a check over every HTML, CSS and JavaScript file of the built site, and
over the documents Scalar renders.

A URL on another host is a problem where a browser would *load* it (`generator/site/loads.py` reads
HTML, CSS and Markdown as the browser does): `src`/`srcset`/`poster`/`data` attributes, `<link>`s that
fetch (stylesheet, preload, icon, manifest, ...), SVG `<image>`/`<use>`, `url()` and `@import` in CSS
(style sheets, `<style>`, `style=""`), images and raw HTML in the descriptions of each document a
reference page gives Scalar, and in JavaScript (files and inline scripts) a URL literal passed to
fetch/import()/XHR/WebSocket/EventSource/Worker/sendBeacon, assigned to `.src`, or written into CSS or
HTML inside a string. Links people follow (`<a href>`) and text or code that shows a URL are fine.

Vendor bundles also keep service URLs in constants that a load context elsewhere picks up; so in
JavaScript any URL on a vendor's service host (`SERVICE_HOSTS`) counts as loaded too. The ones that
the shipped bundles hold for features this site switches off are listed in `generator/site/known_urls.py`,
each with the setting that keeps it off; the audit checks that setting against what the build shipped.
Images from a host the site's owner lists (`extra.aviato.allowed_hosts`, see csp.py) are allowed.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator import forked
from generator.errors import GeneratorError, Problem
from generator.site import csp, descriptions, links, loads, scan
from generator.site.known_urls import KNOWN, Shipped
from generator.site.places import Places
from generator.site.scalar import PARTS_DIR
from generator.site.shared_components import COMPONENTS_FILE
from generator.spec import RawSpec, Spec, load

REFERENCE_PAGES = "*/docs/developer/api/index.html"
SERVICE_HOSTS = ("scalar.com", "cal.com", "googleapis.com", "gstatic.com", "jsdelivr.net", "unpkg.com",
                 "cdnjs.cloudflare.com", "api.github.com", "googletagmanager.com", "google-analytics.com")

_ABSOLUTE = re.compile(r"""(?:https?|wss?):(?:\\?/){2}[^\s"'`<>()\\,;{}]+""", re.IGNORECASE)
_JS_LOAD_BEFORE = re.compile(
    r"""(?:\b(?:fetch|import|WebSocket|EventSource|Worker|SharedWorker|importScripts|sendBeacon)\s*\(\s*["'`]"""
    r"""|\.open\(\s*["'`][A-Za-z]+["'`]\s*,\s*["'`]|\.src\s*=\s*["'`]|url\(\s*["']?\s*"""
    r"""|@import\s+(?:url\()?\s*["']?|\b(?:src|srcset|poster|href)=\\?["']?)$""", re.IGNORECASE)
_CONTEXT = 48  # characters before a URL in which a load context is looked for
# Below this many pages per process the HTML is read in the build process alone; above it, in as many
# forked processes as there are cores (html.parser is most of a large site's check: 14,000 pages of
# Microsoft Graph's version take a minute on one core).
PAGES_PER_PROCESS = 2000


@dataclass(frozen=True)
class Found:
    file: Path
    line: int
    column: int | None
    url: str
    how: str  # what would load it
    host: str = ""
    pointer: str = ""  # in a document Scalar renders: the description's JSON pointer
    image: bool = False  # an image, which a listed host may serve

    def problem(self, places: Places, message: str | None = None) -> Problem:
        text = message or f"{self.how} loads {self.url} from another host; ship it in the site instead"
        where = places.location(self.file, self.line, self.column, self.pointer)
        if where.line is None:  # a template: the line is in the page built from it
            text += f" (line {self.line} of the page built from it)"
        return Problem("third-party-request", "error", text, where)


@dataclass(frozen=True)
class Early:
    """The checks of the files in place while the rest of the site is still being built."""

    found: list[Found]  # URLs those files load from other hosts, judged once the site is whole
    links: links.Partial


def early(site: Path, scope: scan.Scope) -> Early:
    """Check the files in `scope` as far as can be before the site is whole (see `verify`)."""
    checker = links.Checker(site)
    return Early(findings(site, scope, checker), checker.partial(scope))


def verify(project: Path, site: Path, scope: scan.Scope = scan.EVERYTHING, before: Early | None = None,
           pinned: Mapping[str, Spec] | None = None) -> None:
    """Fail the build (before its output is swapped in) on third-party loads and broken links in the
    files in `scope`, and in those checked `before` (by `early`, over files out of `scope`). A build
    leaves out the pages of versions it reused unchanged. Each page is read once, for both checks, and
    not kept: memory does not grow with the number of pages. `pinned`: each version's pinned spec, which
    its published documents are located in (the staging folder is gone when the message is read)."""
    checker = links.Checker(site, before.links if before else None)
    found = [*(before.found if before else []), *findings(site, scope, checker)]
    places = Places(project, checker.site, pinned or {})
    problems_found = judge(checker.site, scan.mkdocs_yml(project), found, places) + checker.problems(scope)
    if problems_found:
        raise GeneratorError(problems_found)


def problems(site: Path, mkdocs_config: dict, scope: scan.Scope = scan.EVERYTHING) -> list[Problem]:
    """Every URL the built site (the files in `scope`) would load from another host, except the known,
    switched-off ones and the images of the listed hosts."""
    site = site.resolve()
    return judge(site, mkdocs_config, findings(site, scope), Places(None, site, {}))


def findings(site: Path, scope: scan.Scope = scan.EVERYTHING,
             checker: links.Checker | None = None) -> list[Found]:
    """Every URL the files in `scope` would load from another host, the known ones included: what a file
    loads depends on that file alone, so this can run on part of a site while the rest is being built.
    `checker`: also given the links of every HTML page as it is read (on a large site, in other
    processes: see `_pages`)."""
    site = site.resolve()
    listing = checker.listing if checker else None  # the site walked once
    pages = _pages(site, scan.files(site, scan.HTML, scope, listing), checker)
    try:  # meanwhile
        rest = [*_css(site, scope, listing), *_javascript(site, scope, listing),
                *_document_images(scalar_documents(site, scope))]
        if checker is not None:
            checker.add_beside_pages(scope)
    finally:  # the processes are waited for even when the rest fails
        found = pages()
    return [*found, *rest]


def judge(site: Path, mkdocs_config: dict, found: list[Found], places: Places) -> list[Problem]:
    """The problems among `found`: every URL but the known ones whose feature the whole site, as built,
    keeps switched off, and the images the site's owner allows (`site` resolved)."""
    shipped = Shipped(mkdocs_config, scalar_configs(site))
    allowed = csp.allowed_hosts(mkdocs_config)
    out = []
    for item in found:
        if item.image and csp.allows(allowed, item.url):
            continue
        known = next((k for k in KNOWN if k.matches(item.file.relative_to(site).as_posix(), item.url)), None)
        if known is None:
            out.append(item.problem(places))
        elif (broken := known.broken(shipped)) is not None:
            out.append(item.problem(places, f"{item.how} would load {item.url}: {broken}"))
    return out


def scalar_configs(site: Path, scope: scan.Scope = scan.EVERYTHING) -> list[dict]:
    """The Scalar configuration of each reference page the build shipped (in `scope`)."""
    return [config for _, config in _reference_pages(site, scope)]


def scalar_documents(site: Path, scope: scan.Scope = scan.EVERYTHING) -> list[Spec]:
    """The documents the reference pages (in `scope`) give Scalar, parsed: `url`, or each of `sources`."""
    documents = []
    for page, config in _reference_pages(site, scope):
        urls = [config["url"]] if "url" in config else []
        urls += [source["url"] for source in config.get("sources", []) if "url" in source]
        if config.get("sources"):  # the components the parts name (shared_components.py), beside them
            urls.append(f"{PARTS_DIR}/{COMPONENTS_FILE}")
        for url in urls:
            path = page.parent / str(url)
            if loads.foreign_host(str(url)) is None and path.is_file():
                documents.append(load(RawSpec(str(path), path.read_bytes())))
    return documents


def _reference_pages(site: Path, scope: scan.Scope):
    for path in sorted(site.glob(REFERENCE_PAGES)):
        if not scope(path, site):
            continue
        for element in scan.read_page(path, scan.SCRIPTS).find("script"):
            if element.attrs.get("id") == "aviato-scalar-config":
                yield path, json.loads(element.text)


def _document_images(documents: list[Spec]):
    """What the descriptions of the documents Scalar renders load (see descriptions.py)."""
    for document in documents:
        for pointer, text in descriptions.descriptions(document.document):
            for found in descriptions.description_loads(text):
                where = document.locate(pointer)
                yield Found(Path(document.source), where.line or 1, where.column, found.url,
                            f"{'an image' if found.image else found.how} in the description at {pointer}",
                            found.host, pointer, found.image)


def _pages(site: Path, paths: list[Path], checker: links.Checker | None):
    """What the HTML pages `paths` load from other hosts, with their links checked for `checker`;
    returns what waits for the result. Many pages are read in forked processes, a run of pages each,
    while this process goes on with the rest of the checks: each checks its pages' links as far as it
    can and `checker` adopts what it leaves pending (links.Checker.adopt)."""
    if checker is not None:
        checker.read_routes()  # once, where each process would read the spec of every reference page
    runs = forked.in_runs(_html_run, paths, PAGES_PER_PROCESS, checker)

    def results() -> list[Found]:
        done = runs()
        for _, partial in done:
            if checker is not None and partial is not None:
                checker.adopt(partial)
        return [found for run_found, _ in done for found in run_found]

    return results


def _html_run(whole: links.Checker | None, paths: list[Path]) -> tuple[list[Found], links.Partial | None]:
    """`_html` of a run of pages, and what their links left for the checker of the whole site."""
    checker = whole.sharing() if whole else None
    found = list(_html(paths, checker.add if checker else None))
    return found, checker.pages_partial() if checker else None


def _html(paths: list[Path], each_page=None):
    scripts: dict[str, list[Found]] = {}  # Material inlines the same scripts in every page: read each once
    reader = loads.PageReader()  # the pages share most of their markup: each piece is parsed once
    for path in paths:
        page = reader.read(path.read_text(encoding="utf-8", errors="replace"), path)
        for element in page.elements:
            if not loads.may_load(element):  # most elements of a page: asked here, without more calls
                continue
            yield from (Found(path, found.line, found.column, found.url, found.how, found.host,
                              image=found.image) for found in loads.element_loads(element))
            if loads.runs_script(element):
                if element.text not in scripts:
                    scripts[element.text] = list(_js_text(path, element.text, 1, "inline <script>"))
                yield from (replace(found, file=path, line=found.line + element.text_line - 1)
                            for found in scripts[element.text])
        if each_page:
            each_page(page)


def _css(site: Path, scope: scan.Scope, listing: set[str] | None):
    for path in scan.files(site, scan.STYLE, scope, listing):
        for found in loads.css_loads(path.read_text(encoding="utf-8", errors="replace"), "CSS url()/@import"):
            yield Found(path, found.line, found.column, found.url, found.how, found.host)


def _javascript(site: Path, scope: scan.Scope, listing: set[str] | None):
    seen: dict[bytes, list[Found]] = {}  # each version ships the same theme scripts: read each text once
    for path in scan.files(site, scan.SCRIPT, scope, listing):
        data = path.read_bytes()
        digest = hashlib.sha256(data).digest()
        if digest not in seen:
            seen[digest] = list(_js_text(path, data.decode("utf-8", errors="replace"), 1, "JavaScript"))
        yield from (replace(found, file=path) for found in seen[digest])


def _js_text(path: Path, text: str, first_line: int, what: str):
    lines = None
    for match in _ABSOLUTE.finditer(text):
        url = match.group(0).replace("\\/", "/")
        name = loads.foreign_host(url) or ""
        loaded = _JS_LOAD_BEFORE.search(text, max(0, match.start() - _CONTEXT), match.start())
        service = any(name == h or name.endswith("." + h) for h in SERVICE_HOSTS)
        if loaded or service:
            lines = lines or _LineIndex(text)
            line, column = lines.at(match.start())
            how = f"{what} ({'a load' if loaded else 'a service URL of a vendor'})"
            yield Found(path, first_line + line - 1, column, url, how, name)


class _LineIndex:
    def __init__(self, text: str):
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
