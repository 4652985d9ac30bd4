"""Foreign images in the descriptions Scalar renders, shown as links unless their host is listed.

An image on a host the site's owner lists in `extra.aviato.allowed_hosts` loads (the CSP's img-src
names it); any other becomes a link to it with its alt text, so nothing loads from elsewhere and the
spec still publishes. The pinned spec is published byte for byte; Scalar gets a copy in which each
description with such an image is replaced by its HTML (rendered as Scalar renders the Markdown, see
loads.py) with the images rewritten. Scalar parses inline Markdown again in the text of raw HTML
paragraphs, list items and cells, so that text is written with its punctuation escaped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from generator.site import csp, descriptions, loads
from generator.site.scan import Element
from generator.spec.shared_copy import SharedCopy

Allows = Callable[[str], bool]  # whether an image's URL may load
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def allowing(origins: list[str]) -> Allows:
    return lambda url: csp.allows(origins, url)


def for_scalar(document: dict, allows: Allows) -> dict | None:
    """A copy of `document` whose descriptions show their disallowed foreign images as links, or None
    when there is none (Scalar then gets the published spec itself)."""
    rewritten = None
    for pointer, text in descriptions.descriptions(document):
        if not any(_blocked(load, allows) for load in descriptions.description_loads(text)):
            continue
        rewritten = rewritten or SharedCopy(document)
        rewritten.set(pointer, as_links(descriptions.scalar_html(text), allows))
    return rewritten.document if rewritten else None


def as_links(html: str, allows: Allows) -> str:
    """HTML with each disallowed foreign image as a link, on one line (a blank line would end Scalar's
    HTML block), text escaped for both HTML and the inline Markdown Scalar applies inside it."""
    return _Writer(allows).html(html).replace("\n", "&#10;")


def _blocked(load: loads.Load, allows: Allows) -> bool:
    return load.image and not allows(load.url)


class _Writer(loads.HtmlWriter):
    def __init__(self, allows: Allows):
        super().__init__()
        self.allows = allows

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in reversed(attrs)}  # the first of a repeated one counts
        foreign = [load.url for load in loads.element_loads(Element(tag, values, 0))
                   if _blocked(load, self.allows)]
        if not foreign:
            super().handle_starttag(tag, attrs)
        elif tag == "img":  # the image as a link to it, its alt text (or its URL) as the link's text
            self.out.append(f'<a href="{escape(foreign[0])}">{escape(values.get("alt") or foreign[0])}</a>')
        # else a <source> or other foreign image: left out, the <img> beside it stays (or is a link)

    def handle_data(self, data):
        if descriptions.markdown_in_html(self, data):
            data = _PUNCTUATION.sub(r"\\\1", data)  # read again as Markdown by Scalar: literal text
        super().handle_data(data)
