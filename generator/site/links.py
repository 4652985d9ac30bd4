"""Every internal link and anchor of the built site resolves, in every version.

A link is internal when it is relative, root-relative, or absolute on the site's own host (canonical
links and the sitemap use `site_url`). It resolves when the file exists, directly, as a folder's
`index.html`, or through the rewrites in `_redirects` (how `/latest/...` and `/docs/...` are served).
An anchor resolves when the target page has an element with that `id` (or `name`); on a Scalar
reference page, where anchors are Scalar's own routes, when it names a tag or an operation of the
spec published beside that page (`#tag/<tag-slug>` or `#tag/<tag-slug>/<METHOD><path>`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from generator.errors import Location, Problem
from generator.facts import extract, slug
from generator.site import scan
from generator.spec import RawSpec, load

ORIGIN = "http://site.invalid"  # pages are resolved as if served here
LINKING = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src", "iframe": "src",
           "area": "href"}
SCALAR_ELEMENT = "aviato-scalar"
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")


@dataclass(frozen=True)
class Link:
    page: Path
    line: int
    what: str  # e.g. <a href>
    url: str


def problems(site: Path) -> list[Problem]:
    site = site.resolve()
    pages = {path: scan.read_page(path) for path in scan.files(site, scan.HTML)}
    resolver = _Resolver(site, pages, _own_hosts(pages.values()))
    out = []
    for link in _links(pages.values(), site):
        message = resolver.check(link)
        if message:
            code = "link-anchor-missing" if message.startswith("no anchor") else "link-broken"
            out.append(Problem(code, "error", f"{link.what} {link.url!r} on {_url_path(site, link.page)}: {message}",
                               Location(str(link.page), "", link.line)))
    return out


def _links(pages, site: Path):
    for page in pages:
        for element in page.elements:
            attribute = LINKING.get(element.tag)
            if attribute and attribute in element.attrs and element.attrs.get("rel") != "preconnect":
                yield Link(page.path, element.line, f"<{element.tag} {attribute}>", element.attrs[attribute])
    for sitemap in site.rglob("sitemap.xml"):
        text = sitemap.read_text(encoding="utf-8")
        for match in _LOC.finditer(text):
            yield Link(sitemap, text.count("\n", 0, match.start()) + 1, "<loc>", match.group(1))


def _own_hosts(pages) -> set[str]:
    """The site's own host, as canonical links name it (`site_url`)."""
    return {urlsplit(e.attrs.get("href", "")).netloc for page in pages for e in page.find("link")
            if e.attrs.get("rel") == "canonical" and "://" in e.attrs.get("href", "")}


class _Resolver:
    def __init__(self, site: Path, pages: dict, own_hosts: set[str]):
        self.site, self.pages, self.own_hosts = site, pages, own_hosts
        self.rewrites = _rewrites(site / "_redirects")

    def check(self, link: Link) -> str | None:
        base = ORIGIN + _url_path(self.site, link.page)
        try:
            target = urlsplit(urljoin(base, link.url.strip()))
        except ValueError as e:
            return f"not a URL ({e})"
        if target.scheme not in ("http", "https") or (target.netloc != urlsplit(ORIGIN).netloc
                                                      and target.netloc not in self.own_hosts):
            return None  # another site, mailto:, data: ...: not ours to resolve
        file = self._file(unquote(target.path))
        if file is None:
            return f"no such file {unquote(target.path)}"
        fragment = unquote(target.fragment)
        if fragment and file.suffix == ".html":
            return self._anchor(file, fragment)
        return None

    def _file(self, path: str) -> Path | None:
        for candidate in (path, *(rewritten for rewritten in _apply(self.rewrites, path))):
            file = self.site / candidate.lstrip("/")
            if file.is_dir():
                file = file / "index.html"
            if file.is_file() and self.site in file.resolve().parents:
                return file.resolve()
        return None

    def _anchor(self, file: Path, fragment: str) -> str | None:
        page = self.pages.get(file)
        if page is None:
            return None
        if any(e.attrs.get("id") == SCALAR_ELEMENT for e in page.elements):
            anchors = _scalar_anchors(file.parent)
            known = fragment in anchors or not fragment.startswith("tag/")
            return None if known else f"no anchor #{fragment}: no such tag or operation in {file.parent.name}'s spec"
        ids = {e.attrs.get("id") for e in page.elements} | {e.attrs.get("name") for e in page.elements}
        return None if fragment in ids else f"no anchor #{fragment} on that page"


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


@lru_cache(maxsize=64)
def _scalar_anchors(folder: Path) -> frozenset[str]:
    """Scalar's routes for the spec published in `folder`: each tag and each operation."""
    for name in ("openapi.json", "openapi.yaml"):
        if (folder / name).is_file():
            operations = extract(load(RawSpec(str(folder / name), (folder / name).read_bytes()))).operations
            return frozenset(a for op in operations for a in (op.scalar_anchor, f"tag/{slug(op.tag)}"))
    return frozenset()


def _url_path(site: Path, file: Path) -> str:
    relative = file.resolve().relative_to(site).as_posix()
    return "/" + (relative.removesuffix("index.html"))
