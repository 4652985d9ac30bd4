"""After MkDocs: the operation pages' sections go into the built pages, their entries into Material's
search index; and at the site root, the sitemap search engines read and the robots.txt naming it.

The render stage leaves each page's sections in `.aviato/fragments/` beside the docs tree and marks
where they go with a comment (see generator.render.operations, which explains why).
"""

from __future__ import annotations

import json
import os
import re
from html import escape
from pathlib import Path

import orjson

from generator.errors import Location, fail
from generator.render.operations import FRAGMENTS_DIR, MARKER, PAGES_FILE

SEARCH_INDEX = "search/search_index.json"
_URL = re.compile(r"<url>.*?</url>", re.DOTALL)
_LOC = re.compile(r"<loc>\s*([^<\s]+)\s*</loc>")
UNVERSIONED_PREFIX = "docs/"  # pages under it are served unversioned too (netlify.UNVERSIONED)


def finish_version(tree: Path, out: Path) -> list[str]:
    """Fill the built pages of one version; returns the pages (from the version root) not to index."""
    fragments = tree / FRAGMENTS_DIR
    if not fragments.is_dir():
        return []
    for source in fragments.rglob("index.json"):
        _fill(out / source.relative_to(fragments).with_suffix(".html"), orjson.loads(source.read_bytes()))
    listing = json.loads((tree / PAGES_FILE).read_text(encoding="utf-8"))
    _add_search_entries(out / SEARCH_INDEX, listing["search"])
    return listing["noindex"]


def _fill(page: Path, sections: dict[str, str]) -> None:
    html = page.read_text(encoding="utf-8")
    for name, fragment in sections.items():
        marker = MARKER.format(name)
        if marker not in html:
            raise fail("operation-section-lost", f"MkDocs' output of {page.name} lacks the marker of its "
                       f"section {name!r}", Location(str(page)), hint="a Markdown extension dropped HTML comments")
        html = html.replace(marker, fragment, 1)
    page.write_text(html, encoding="utf-8")


def _add_search_entries(index: Path, entries: list[dict]) -> None:
    if not entries or not index.is_file():
        return
    data = orjson.loads(index.read_bytes())
    data["docs"].extend(entries)
    index.write_bytes(orjson.dumps(data))


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
        page = _LOC.search(entry).group(1)[len(root):]
        if page not in skip:
            loc = f"<loc>{escape(canonical(base, page))}</loc>"
            kept.append(_LOC.sub(lambda _, loc=loc: loc, entry))
    (site / "sitemap.xml").write_text('<?xml version="1.0" encoding="UTF-8"?>\n'
                                      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                                      + "\n".join(kept) + "\n</urlset>\n", encoding="utf-8")
    (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n", encoding="utf-8")
