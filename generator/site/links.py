"""Every internal link and anchor of the built site resolves, in every version.

A link is internal when it is relative, root-relative, or absolute on the site's own host (canonical
links and the sitemap use `site_url`). It resolves when the file exists, directly, as a folder's
`index.html`, or through the rewrites in `_redirects` (how `/latest/...` and `/docs/...` are served).
An anchor resolves when the target page has an element with that `id` (or `name`); on a Scalar
reference page, where anchors are Scalar's own routes, when it names a tag or an operation of the
spec published beside that page (`#tag/<tag-slug>` or `#tag/<tag-slug>/<METHOD><path>`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote, urljoin, urlsplit

from generator.errors import Location, Problem
from generator.layout import SPEC_DIR, scalar_anchor, slug
from generator.site import scan
from generator.spec import RawSpec, load, operations

ORIGIN = "http://site.invalid"  # pages are resolved as if served here
LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src",
           "area": "href"}
LINK_TAGS = frozenset(LINKING)
SCALAR_ELEMENT = "aviato-scalar"
_REFERENCE_PAGE = f"{SPEC_DIR}/index.html"  # where a version's Scalar reference is, from the site
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
NO_SUCH_FILE = "no such file"
# The Markdown beside the pages: their twins (`index.md`), llms.txt and llms-full.txt (generator.render.llms).
MARKDOWN_TEXT = ("llms.txt", "llms-full.txt")
_MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")  # `[name](url)`, inline links as the twins write them
_FENCED = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")  # on one line, as `.` stops at a break
_LINKING_LINE = re.compile(r"^.*\]\(.*$", re.MULTILINE)  # a line with what may be a link
# A scheme, `//host`, or what only urllib's general parsing reads right (_has_host).
_HOST_OR_ODD = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)|[\\\t\r\n]")


class Link(NamedTuple):  # a tuple: a page has dozens, a large site millions
    page: Path
    line: int
    what: str  # e.g. <a href>
    url: str


@dataclass(frozen=True)
class Partial:
    """The links of part of a site checked before the site was whole (`Checker.partial`): a link to a
    file that is not there yet stays pending, for `problems` to check again once the site is whole.
    (Files are only added after that, never changed: what resolves then resolves at the end.)"""

    problems: list[Problem]
    pending: list[Link]  # links to files that were not there yet
    hosts: frozenset[str]


def problems(site: Path, scope: scan.Scope = scan.EVERYTHING,
             earlier: Partial | None = None) -> list[Problem]:
    """Broken links and anchors in the pages (and sitemaps) in `scope`, resolved against the whole site,
    with what an `earlier` check of other pages found and left pending."""
    checker = Checker(site, earlier)
    for path in scan.files(checker.site, scan.HTML, scope):
        checker.add(scan.read_page(path, LINK_TAGS))
    return checker.problems(scope)


class Checker:
    """Checks the links of pages as they are read, so that no page is kept: a link with a host of its
    own waits until every page has named the site's own hosts (canonical links), the rest are resolved
    at once. `earlier`: what a check of other pages found and left pending, to finish with these;
    `resolver`: another checker's reading of the same site, shared (`sharing`)."""

    def __init__(self, site: Path, earlier: Partial | None = None, resolver: _Resolver | None = None):
        self.site = site.resolve()
        self.earlier = earlier or Partial([], [], frozenset())
        self._resolver = resolver or _Resolver(self.site, set(self.earlier.hosts))
        self.hosts = self._resolver.own_hosts  # the resolver sees the hosts as they are added
        self._found: list[Problem] = []
        self._missing: list[tuple[Link, Problem]] = []
        self._waiting: list[Link] = list(self.earlier.pending)
        self._beside: list[Link] | None = None  # the sitemaps' and the Markdown's links, once read

    def sharing(self) -> Checker:
        """A checker of other pages of the same site that shares this one's reading of it (its files,
        its rewrites, the anchors and routes read so far): a process forked to check a run of pages
        inherits it instead of walking the site again (`pages_partial` hands back what it found)."""
        return Checker(self.site, resolver=self._resolver)

    def read_routes(self) -> None:
        """Read now the routes of every reference page of the site, which the links of most pages point
        into: once, before processes are forked to check runs of pages (see `sharing`)."""
        for file in self._resolver.files:
            if file.endswith(_REFERENCE_PAGE) and SCALAR_ELEMENT in self._resolver.ids(file):
                self._resolver.routes(file.rpartition("/")[0])

    @property
    def listing(self) -> set[str]:
        """Every file of the site, from the site (`a/b.html`), as read when this checker was made."""
        return self._resolver.files

    def add(self, page: scan.Page) -> None:
        """Check a page read with at least LINK_TAGS, below the site (resolved)."""
        self.hosts |= _own_hosts([page])
        for link in _page_links(page):
            self._take(link)

    def add_beside_pages(self, scope: scan.Scope) -> None:
        """Read the links of the sitemaps and of the Markdown beside the pages (in `scope`), checked
        with the waiting ones (read by `problems` and `partial` otherwise; earlier, while other
        processes read the pages)."""
        self._beside = [*_sitemap_links(self.site, scope, self.listing),
                        *_markdown_links(self.site, scope, self.listing)]

    def _take(self, link: Link) -> None:
        if _has_host(link.url.strip()):
            self._waiting.append(link)
        else:
            self._check(link)

    def problems(self, scope: scan.Scope) -> list[Problem]:
        """Every problem, once the pages in `scope` were added: the missing files included."""
        self._finish(scope)
        return [*self.earlier.problems, *self._found, *(problem for _, problem in self._missing)]

    def partial(self, scope: scan.Scope) -> Partial:
        """The problems so far, with the links to files not there yet left pending."""
        self._finish(scope)
        return Partial([*self.earlier.problems, *self._found], [link for link, _ in self._missing],
                       frozenset(self.hosts))

    def pages_partial(self) -> Partial:
        """What the pages added so far found, for a checker of the whole site to `adopt`: the links to
        files not found, and those to a host not known yet to be the site's, are left pending."""
        waiting = []
        for link in self._waiting:
            if self._resolver.settled(link):
                self._check(link)
            else:
                waiting.append(link)
        self._waiting = []
        return Partial(list(self._found), [*waiting, *(link for link, _ in self._missing)],
                       frozenset(self.hosts))

    def adopt(self, partial: Partial) -> None:
        """Finish what a check of other pages (`pages_partial`, in another process) left: its problems
        are kept, its pending links checked again with the rest."""
        self._found.extend(partial.problems)
        self._waiting.extend(partial.pending)
        self.hosts |= partial.hosts

    def _finish(self, scope: scan.Scope) -> None:
        if self._beside is None:
            self.add_beside_pages(scope)
        for link in [*self._waiting, *(self._beside or [])]:
            self._check(link)
        self._waiting, self._beside = [], []

    def _check(self, link: Link) -> None:
        message = self._resolver.check(link)
        if message:
            code = "link-anchor-missing" if message.startswith("no anchor") else "link-broken"
            where = _url_path(self.site, link.page)
            problem = Problem(code, "error", f"{link.what} {link.url!r} on {where}: {message}",
                              Location(str(link.page), "", link.line))
            if message.startswith(NO_SUCH_FILE):
                self._missing.append((link, problem))
            else:
                self._found.append(problem)


def _page_links(page: scan.Page):
    for element in page.elements:
        attribute = LINKING.get(element.tag)
        if attribute and attribute in element.attrs and element.attrs.get("rel") != "preconnect":
            yield Link(page.path, element.line, f"<{element.tag} {attribute}>", element.attrs[attribute])


def _sitemap_links(site: Path, scope: scan.Scope, listing: set[str] | None = None):
    for sitemap in (s for s in scan.files(site, (".xml",), scope, listing) if s.name == "sitemap.xml"):
        text = sitemap.read_text(encoding="utf-8")
        lines = _Lines(text)
        for match in _LOC.finditer(text):
            yield Link(sitemap, lines.at(match.start()), "<loc>", match.group(1))


def _has_host(url: str) -> bool:
    """Whether `url` may name a scheme or a host of its own (whether it is ours then depends on the
    site's own hosts), or needs urllib's general parsing."""
    return _HOST_OR_ODD.search(url) is not None


def _own_hosts(pages) -> set[str]:
    """The site's own host, as canonical links name it (`site_url`)."""
    return {urlsplit(e.attrs.get("href", "")).netloc for page in pages for e in page.find("link")
            if e.attrs.get("rel") == "canonical" and "://" in e.attrs.get("href", "")}


class _Resolver:
    """Resolves URL paths against the set of the site's files, read once (no file system call per link)."""

    def __init__(self, site: Path, own_hosts: set[str]):
        self.site, self.own_hosts = site, own_hosts
        self.files, self.folders = scan.inventory(site)
        self.rewrites = _rewrites(site / "_redirects")
        self._page_urls: dict[Path, tuple[str, str]] = {}  # per page: its URL, its file from the site
        self._files: dict[str, str | None] = {}  # per URL path, resolved once
        self._ids: dict[str, set[str]] = {}  # per target page, read once
        self._routes: dict[str, frozenset[str]] = {}  # per reference folder, from its spec

    def check(self, link: Link) -> str | None:
        if link.page not in self._page_urls:
            self._page_urls[link.page] = (ORIGIN + _url_path(self.site, link.page),
                                          link.page.relative_to(self.site).as_posix())
        page_url, page_file = self._page_urls[link.page]
        url = link.url.strip()
        if url.startswith("#"):  # most links on a page go to another part of it: no URL to resolve
            fragment = unquote(url[1:])
            return self._anchor(page_file, fragment) if fragment else None
        if _has_host(url):
            try:
                target = urlsplit(urljoin(page_url, url))
            except ValueError as e:
                return f"not a URL ({e})"
            if target.scheme not in ("http", "https") or (target.netloc != urlsplit(ORIGIN).netloc
                                                          and target.netloc not in self.own_hosts):
                return None  # another site, mailto:, data: ...: not ours to resolve
            path, fragment = unquote(target.path), unquote(target.fragment)
        else:  # the common case, a path on this site: joined without urllib's general parsing
            path, fragment = join(page_url[len(ORIGIN):], url)
        if path not in self._files:
            self._files[path] = self._file(path)
        file = self._files[path]
        if file is None:
            return f"{NO_SUCH_FILE} {path}"
        if fragment and file.endswith(".html"):
            return self._anchor(file, fragment)
        return None

    def settled(self, link: Link) -> bool:
        """Whether what `check` says of a link with a host of its own no longer depends on the hosts
        other pages name: it is on a host already known to be the site's, or on no http(s) host."""
        try:
            target = urlsplit(urljoin(ORIGIN + _url_path(self.site, link.page), link.url.strip()))
        except ValueError:
            return True
        return target.scheme not in ("http", "https") or target.netloc in (urlsplit(ORIGIN).netloc,
                                                                            *self.own_hosts)

    def _file(self, path: str) -> str | None:
        """The site file a URL path serves, directly, as a folder's index.html, or through a rewrite."""
        for candidate in (path, *_apply(self.rewrites, path)):
            relative = candidate.strip("/")
            if relative in self.folders or not relative:
                relative = f"{relative}/index.html".lstrip("/")
            if relative in self.files:
                return relative
        return None

    def ids(self, file: str) -> set[str]:
        if file not in self._ids:
            self._ids[file] = scan.anchors(self.site / file)
        return self._ids[file]

    def _anchor(self, file: str, fragment: str) -> str | None:
        ids = self.ids(file)
        if SCALAR_ELEMENT not in ids:
            return None if fragment in ids else f"no anchor #{fragment} on that page"
        folder = file.rpartition("/")[0]
        if fragment in self.routes(folder) or not fragment.startswith("tag/"):
            return None
        return f"no anchor #{fragment}: no such tag or operation in {folder.rpartition('/')[2]}'s spec"

    def routes(self, folder: str) -> frozenset[str]:
        if folder not in self._routes:
            self._routes[folder] = _scalar_anchors(self.site / folder)
        return self._routes[folder]


def join(base: str, reference: str) -> tuple[str, str]:
    """The path and fragment (both unquoted) of a scheme-less, host-less `reference` read on the page
    at URL path `base`: urljoin's own steps, without its general URL parsing (links are many)."""
    reference, _, fragment = reference.partition("#")
    reference = reference.partition("?")[0]
    if not reference:
        return unquote(base), unquote(fragment)
    if reference.startswith("/"):
        segments = reference.split("/")
    else:
        segments = base.split("/")
        if segments[-1]:
            del segments[-1]  # the page's own name: not a folder to resolve against
        segments += reference.split("/")
        segments[1:-1] = filter(None, segments[1:-1])  # as urljoin: no empty segments in between
    resolved: list[str] = []
    for segment in segments:
        if segment == "..":
            if resolved:
                resolved.pop()
        elif segment != ".":
            resolved.append(segment)
    if segments[-1] in (".", ".."):
        resolved.append("")
    path = "/".join(resolved) or "/"
    return unquote(path if path.startswith("/") else "/" + path), unquote(fragment)


def _markdown_links(site: Path, scope: scan.Scope, listing: set[str] | None = None):
    """The links of the Markdown files beside the pages, outside code (a path in a code span is text)."""
    for file in scan.files(site, (".md", ".txt"), scope, listing):
        if file.suffix == ".txt" and file.name not in MARKDOWN_TEXT:
            continue
        text = file.read_text(encoding="utf-8")
        if "](" not in text:
            continue
        # A fenced block is whole lines; a link, like a code span, is on one line: only the lines
        # with one, outside the blocks, are read for code spans.
        fences = [end for block in _FENCED.finditer(text) for end in block.span()]
        lines = _Lines(text)
        for linking in _LINKING_LINE.finditer(text):
            if bisect.bisect_right(fences, linking.start()) % 2:  # in a block
                continue
            line = lines.at(linking.start())
            words = linking.group(0)
            for match in _MARKDOWN_LINK.finditer(_CODE_SPAN.sub(_blank, words) if "`" in words else words):
                yield Link(file, line, "[name](url)", match.group(1))


class _Lines:
    """The line of each offset asked for in increasing order, counted on from the one before: a
    sitemap or llms-full.txt has thousands of links, and counting from the start for each is quadratic."""

    def __init__(self, text: str):
        self.text, self.offset, self.line = text, 0, 1

    def at(self, offset: int) -> int:
        self.line += self.text.count("\n", self.offset, offset)
        self.offset = offset
        return self.line


def _blank(match: re.Match) -> str:
    """The code span matched, a space for each of its characters."""
    return " " * len(match.group(0))


def _rewrites(path: Path) -> list[tuple[str, str]]:
    """(from, to) of every rule in Netlify's `_redirects`: rewrites (200) and redirects alike."""
    if not path.is_file():
        return []
    rules = [line.split() for line in path.read_text(encoding="utf-8").splitlines()]
    return [(rule[0], rule[1]) for rule in rules if len(rule) >= 2 and not rule[0].startswith("#")]


def _apply(rules: list[tuple[str, str]], path: str):
    for source, target in rules:
        if source.endswith("/*") and path.startswith(source[:-1]):
            yield target.replace(":splat", path[len(source) - 1:])
        elif source == path:
            yield target


def _scalar_anchors(folder: Path) -> frozenset[str]:
    """Scalar's routes for the spec published in `folder`: each tag and each operation."""
    for name in ("openapi.json", "openapi.yaml"):
        if (folder / name).is_file():
            spec = load(RawSpec(str(folder / name), (folder / name).read_bytes()))
            anchors: set[str] = set()
            for op in operations(spec.resolver, webhooks=False):
                tags = op.operation.get("tags") or ()
                tag = str(tags[0]) if isinstance(tags, list) and tags else None
                anchors |= {scalar_anchor(op.method.upper(), op.path, tag), f"tag/{slug(tag or 'default')}"}
            return frozenset(anchors)
    return frozenset()


def _url_path(site: Path, file: Path) -> str:
    relative = file.relative_to(site).as_posix()
    return "/" + (relative.removesuffix("index.html"))
