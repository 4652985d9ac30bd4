"""No third-party requests: a check over every HTML, CSS and JavaScript file of the built site.

A URL on another host is a problem where a browser would *load* it: `src`/`srcset`/`poster`/`data`
attributes, `<link>`s that fetch (stylesheet, preload, icon, manifest, ...), SVG `<image>`/`<use>`,
`url()` and `@import` in CSS (style sheets, `<style>`, `style=""`), and in JavaScript (files and inline
scripts) a URL literal passed to fetch/import()/XHR/WebSocket/EventSource/Worker/sendBeacon, assigned to
`.src`, or written into CSS or HTML inside a string. Links people follow (`<a href>`) are fine.

Vendor bundles also keep service URLs in constants that a load context elsewhere picks up; so in
JavaScript any URL on a vendor's service host (`SERVICE_HOSTS`) counts as loaded too. The ones that
the shipped bundles hold for features this site switches off are listed in `generator/site/known_urls.py`,
each with the setting that keeps it off; the audit checks that setting against what the build shipped.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit


from generator.errors import GeneratorError, Location, Problem
from generator.site import links, scan
from generator.site.known_urls import KNOWN, Shipped
from generator.spec import RawSpec, Spec, load

LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "icon",
                "apple-touch-icon", "mask-icon", "manifest"}
URL_ATTRS = ("src", "poster", "data", "background")
# The elements that can load something through an attribute, plus <style> and <script> for their text.
LOADING_TAGS = frozenset({"script", "style", "link", "img", "source", "iframe", "frame", "embed", "object",
                          "video", "audio", "track", "input", "image", "use", "feimage", "body", "table", "td",
                          "th"})
SVG_LOADERS = ("image", "use", "feimage", "script")
SERVICE_HOSTS = ("scalar.com", "cal.com", "googleapis.com", "gstatic.com", "jsdelivr.net", "unpkg.com",
                 "cdnjs.cloudflare.com", "api.github.com", "googletagmanager.com", "google-analytics.com")

_ABSOLUTE = re.compile(r"""(?:https?|wss?):(?:\\?/){2}[^\s"'`<>()\\,;{}]+""", re.IGNORECASE)
_CSS_URL = re.compile(r"""url\(\s*["']?\s*([^"')\s]+)|@import\s+["']([^"']+)""", re.IGNORECASE)
_JS_LOAD_BEFORE = re.compile(
    r"""(?:\b(?:fetch|import|WebSocket|EventSource|Worker|SharedWorker|importScripts|sendBeacon)\s*\(\s*["'`]"""
    r"""|\.open\(\s*["'`][A-Za-z]+["'`]\s*,\s*["'`]|\.src\s*=\s*["'`]|url\(\s*["']?\s*"""
    r"""|@import\s+(?:url\()?\s*["']?|\b(?:src|srcset|poster|href)=\\?["']?)$""", re.IGNORECASE)
_MARKDOWN_IMAGE = re.compile(r"""!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img\b[^>]*?\bsrc\s*=\s*["']?([^"'\s>]+)""",
                             re.IGNORECASE)
PUBLISHED_SPECS = "*/docs/developer/api/openapi.*"
_STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*url\([^"]*)"|'([^']*url\([^']*)')""", re.IGNORECASE)
_CONTEXT = 48  # characters before a URL in which a load context is looked for


@dataclass(frozen=True)
class Found:
    file: Path
    line: int
    column: int | None
    url: str
    how: str  # what would load it

    def problem(self, site: Path, message: str | None = None) -> Problem:
        text = message or f"{self.how} loads {self.url} from another host; ship it in the site instead"
        return Problem("third-party-request", "error", text, Location(str(self.file), "", self.line, self.column))


@dataclass(frozen=True)
class Early:
    """The checks of the files in place while the rest of the site is still being built."""

    found: list[Found]  # URLs those files load from other hosts, judged once the site is whole
    links: links.Partial


def early(site: Path, scope: scan.Scope) -> Early:
    """Check the files in `scope` as far as can be before the site is whole (see `verify`)."""
    checker = links.Checker(site)
    return Early(findings(site, scope, checker.add), checker.partial(scope))


def verify(project: Path, site: Path, scope: scan.Scope = scan.EVERYTHING, before: Early | None = None) -> None:
    """Fail the build (before its output is swapped in) on third-party loads and broken links in the
    files in `scope`, and in those checked `before` (by `early`, over files out of `scope`). A build
    leaves out the pages of versions it reused unchanged. Each page is read once, for both checks, and
    not kept: memory does not grow with the number of pages."""
    checker = links.Checker(site, before.links if before else None)
    specs = _published(checker.site)  # each parsed once, for both of the uses below
    found = [*(before.found if before else []), *findings(site, scope, checker.add, specs)]
    problems_found = judge(checker.site, scan.mkdocs_yml(project), found, specs) + checker.problems(scope)
    if problems_found:
        raise GeneratorError(problems_found)


def problems(site: Path, mkdocs_config: dict, scope: scan.Scope = scan.EVERYTHING) -> list[Problem]:
    """Every URL the built site (the files in `scope`) would load from another host, except the known,
    switched-off ones."""
    site = site.resolve()
    specs = _published(site)
    return judge(site, mkdocs_config, findings(site, scope, specs=specs), specs)


def findings(site: Path, scope: scan.Scope = scan.EVERYTHING,
             each_page: Callable[[scan.Page], None] | None = None, specs: list[Spec] | None = None) -> list[Found]:
    """Every URL the files in `scope` would load from another host, the known ones included: what a file
    loads depends on that file alone, so this can run on part of a site while the rest is being built.
    `each_page`: also given every HTML page as it is read (with the link check's tags too). `specs`: the
    site's published specs, when already read."""
    site = site.resolve()
    in_scope = _published(site, scope) if specs is None else [s for s in specs if scope(Path(s.source), site)]
    tags = LOADING_TAGS | links.LINK_TAGS if each_page else LOADING_TAGS
    return [*_html(site, scope, tags, each_page), *_css(site, scope), *_javascript(site, scope),
            *_spec_images(in_scope)]


def judge(site: Path, mkdocs_config: dict, found: list[Found], specs: list[Spec] | None = None) -> list[Problem]:
    """The problems among `found`: every URL but the known ones whose feature the whole site, as built,
    keeps switched off (`site` resolved; `specs`: its published specs, when already read)."""
    specs = _published(site) if specs is None else specs
    shipped = Shipped(mkdocs_config, scalar_configs(site), _security_scheme_types(specs))
    out = []
    for item in found:
        known = next((k for k in KNOWN if k.matches(item.file.relative_to(site).as_posix(), item.url)), None)
        if known is None:
            out.append(item.problem(site))
        elif (broken := known.broken(shipped)) is not None:
            out.append(item.problem(site, f"{item.how} would load {item.url}: {broken}"))
    return out


def _published(site: Path, scope: scan.Scope = scan.EVERYTHING) -> list[Spec]:
    """The specs published beside the reference pages (in `scope`), parsed."""
    return [load(RawSpec(str(path), path.read_bytes())) for path in sorted(site.glob(PUBLISHED_SPECS))
            if scope(path, site)]


def is_foreign(url: str) -> bool:
    """A URL with a host of its own (absolute or protocol-relative): loading it leaves the site."""
    url = url.strip().replace("\\/", "/")
    if url.startswith("//"):
        return True
    scheme, _, rest = url.partition(":")
    return scheme.lower() in ("http", "https", "ws", "wss", "ftp") and rest.startswith("//") and len(rest) > 2


def host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # not a well-formed URL (an unclosed IPv6 bracket, say): the text after //
        return url.partition("//")[2].split("/")[0].lower()


def scalar_configs(site: Path) -> list[dict]:
    """The Scalar configuration of each reference page the build shipped."""
    configs = []
    for path in site.glob("*/docs/developer/api/index.html"):
        for element in scan.read_page(path, scan.SCRIPTS).find("script"):
            if element.attrs.get("id") == "aviato-scalar-config":
                configs.append(json.loads(element.text))
    return configs


def _security_scheme_types(specs: list[Spec]) -> frozenset[str]:
    types = set()
    for spec in specs:
        schemes = (spec.document.get("components") or {}).get("securitySchemes") or {}
        types |= {str(s.get("type")) for s in schemes.values() if isinstance(s, dict)}
    return frozenset(types)


def _spec_images(specs: list[Spec]):
    """Images in the descriptions of the published specs, which the Scalar reference renders."""
    for spec in specs:
        for pointer, text in _descriptions(spec.document, ""):
            for match in _MARKDOWN_IMAGE.finditer(text):
                url = match.group(1) or match.group(2)
                if is_foreign(url):
                    where = spec.locate(pointer)
                    yield Found(Path(spec.source), where.line or 1, where.column, url,
                                f"an image in the description at {pointer}")


def _descriptions(node: object, pointer: str):
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if key == "description" and isinstance(value, str):
                yield child, value
            else:
                yield from _descriptions(value, child)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _descriptions(value, f"{pointer}/{index}")


def _html(site: Path, scope: scan.Scope, tags: frozenset[str], each_page=None):
    scripts: dict[str, list[Found]] = {}  # Material inlines the same scripts in every page: read each once
    for path in scan.files(site, scan.HTML, scope):
        page = scan.read_page(path, tags)
        for element in page.elements:
            if element.tag in LOADING_TAGS:
                yield from _element_urls(page.path, element, scripts)
        yield from _style_attributes(page.path)
        if each_page:
            each_page(page)


def _element_urls(path: Path, element: scan.Element, scripts: dict[str, list[Found]]):
    attrs, tag = element.attrs, element.tag
    candidates = [(name, attrs[name]) for name in URL_ATTRS if name in attrs]
    if "srcset" in attrs:
        candidates += [("srcset", part.strip().split(" ")[0]) for part in attrs["srcset"].split(",")]
    rels = set(attrs.get("rel", "").lower().split())
    if (tag == "link" and rels & LOADING_RELS) or tag in SVG_LOADERS:
        candidates += [(name, attrs[name]) for name in ("href", "xlink:href") if name in attrs]
    for name, url in candidates:
        if is_foreign(url):
            yield Found(path, element.line, None, url, f"<{tag} {name}>")
    if tag == "style":
        yield from _css_text(path, element.text, element.text_line, "<style>")
    if tag == "script" and "src" not in attrs and attrs.get("type", "").lower() in scan.JS_TYPES:
        if element.text not in scripts:
            scripts[element.text] = list(_js_text(path, element.text, 1, "inline <script>"))
        yield from (replace(found, file=path, line=found.line + element.text_line - 1)
                    for found in scripts[element.text])


def _style_attributes(path: Path):
    """`style=""` on any element (read apart: it may be on any tag, and is rare)."""
    html = path.read_text(encoding="utf-8", errors="replace")
    if "url(" not in html:
        return
    for match in _STYLE_ATTRIBUTE.finditer(html):
        for url in _css_urls(unescape(match.group(1) or match.group(2))):
            yield Found(path, html.count("\n", 0, match.start()) + 1, None, url, "style=\"\" url()")


def _css(site: Path, scope: scan.Scope):
    for path in scan.files(site, scan.STYLE, scope):
        yield from _css_text(path, path.read_text(encoding="utf-8", errors="replace"), 1, "CSS")


def _css_text(path: Path, text: str, first_line: int, what: str):
    lines = _LineIndex(text)
    for match in _CSS_URL.finditer(text):
        url = match.group(1) or match.group(2)
        if is_foreign(url):
            line, column = lines.at(match.start())
            yield Found(path, first_line + line - 1, column, url, f"{what} url()/@import")


def _css_urls(text: str) -> list[str]:
    return [m.group(1) or m.group(2) for m in _CSS_URL.finditer(text) if is_foreign(m.group(1) or m.group(2))]


def _javascript(site: Path, scope: scan.Scope):
    seen: dict[bytes, list[Found]] = {}  # each version ships the same theme scripts: read each text once
    for path in scan.files(site, scan.SCRIPT, scope):
        data = path.read_bytes()
        digest = hashlib.sha256(data).digest()
        if digest not in seen:
            seen[digest] = list(_js_text(path, data.decode("utf-8", errors="replace"), 1, "JavaScript"))
        yield from (replace(found, file=path) for found in seen[digest])


def _js_text(path: Path, text: str, first_line: int, what: str):
    lines = None
    for match in _ABSOLUTE.finditer(text):
        url = match.group(0).replace("\\/", "/")
        name = host(url)
        loads = _JS_LOAD_BEFORE.search(text, max(0, match.start() - _CONTEXT), match.start())
        service = any(name == h or name.endswith("." + h) for h in SERVICE_HOSTS)
        if loads or service:
            lines = lines or _LineIndex(text)
            line, column = lines.at(match.start())
            how = f"{what} ({'a load' if loads else 'a service URL of a vendor'})"
            yield Found(path, first_line + line - 1, column, url, how)


class _LineIndex:
    def __init__(self, text: str):
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
