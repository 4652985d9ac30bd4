"""What the site stage relies on in the HTML that MkDocs and Material for MkDocs write: the one place
that knows it, so that a theme upgrade (or the move to another engine) breaks here, loudly.

- A page's heading: Python-Markdown's `toc` extension with `permalink: true` (mkdocs.yml) gives it
  `id="<slug>"` and ends its text with a permalink `<a class="headerlink" href="#<slug>">`; Material's
  table of contents links the same `#<slug>`. Stamped pages (generator.site.operation_pages) swap a
  prototype's heading for theirs through HEADING_ID, PERMALINK and HEADING_TEXT.
- Every page has a plain `<head>` start tag (Material's base.html), where `noindex` goes.
- Material's search plugin writes its index to SEARCH_INDEX, a JSON object whose `docs` list holds
  one entry per section ({location, title, text}).
- MkDocs writes `sitemap.xml` (and its `.gz`) with one `<url><loc>…</loc><lastmod>…</lastmod></url>`
  per page.

`require` fails the build with a located error when a page lacks a marker the stage replaces, where a
plain `str.replace` would silently leave the prototype's placeholders in the published page.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import Location, fail

SEARCH_INDEX = "search/search_index.json"
HEAD = "<head>"
HEADING_ID = 'id="{}"'  # .format(slug)
PERMALINK = 'href="#{}"'  # .format(slug)
HEADING_TEXT = ">{}<a "  # .format(the heading's text): the text, then its permalink


def heading_markers(slug: str, text: str) -> list[str]:
    """The strings of a heading with this slug and text in a page Material built."""
    return [HEADING_ID.format(slug), PERMALINK.format(slug), HEADING_TEXT.format(text)]


def missing(html: str, markers: list[str]) -> list[str]:
    return [marker for marker in markers if marker not in html]


def require(html: str, markers: list[str], page: Path) -> None:
    """Fail loudly when a page MkDocs built lacks what the site stage is about to replace in it."""
    absent = missing(html, markers)
    if absent:
        raise fail("material-marker-missing", f"{page.name} lacks {', '.join(map(repr, absent))}, which the "
                   "site stage replaces in the pages MkDocs and Material built", Location(str(page)),
                   hint="Material's or MkDocs' HTML changed (a theme upgrade?): see generator.site.material")
