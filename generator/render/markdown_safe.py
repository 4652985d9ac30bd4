"""Markdown from a spec (descriptions), turned into HTML that cannot do anything but read.

A spec is input we publish, not code we trust: raw HTML in a description is shown as text, links keep
only http(s) and relative targets, and images become links (the site loads nothing from elsewhere),
except those on a host the site's owner allows (`allow_images`; the site stage passes the hosts of
`extra.aviato.allowed_hosts`, which the Content-Security-Policy's img-src names too).
A relative link was written against the API's own documentation, not against our pages: it points
there (the document's `externalDocs.url`) or, without one, keeps its text and loses its target.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from functools import lru_cache
from html import escape, unescape
from urllib.parse import urljoin, urlsplit

import markdown
from markdown.treeprocessors import Treeprocessor

# What a description may contain, and which attributes each element keeps.
ALLOWED = {
    "p": (), "br": (), "hr": (), "em": (), "strong": (), "code": (), "pre": (), "blockquote": (),
    "ul": (), "ol": ("start",), "li": (), "a": ("href", "title"), "h1": (), "h2": (), "h3": (), "h4": (),
    "h5": (), "h6": (), "table": (), "thead": (), "tbody": (), "tr": (), "th": ("align",), "td": ("align",),
    "div": (),  # Python-Markdown's own wrapper, never from the text (raw HTML is text)
}
SAFE_SCHEMES = ("http", "https")
# Text with none of these needs no Markdown at all: escaping it gives the same HTML, much faster.
_MARKUP = re.compile(r"[\\`*_\[\]<>&#|!\n]|^([-+>=]|\d+[.)])")


def _no_image(url: str) -> bool:
    return False


_image_allowed: Callable[[str], bool] = _no_image


def allow_images(allowed: Callable[[str], bool]) -> None:
    """Show the images whose absolute http(s) URL `allowed` accepts; every other image is a link."""
    global _image_allowed
    _image_allowed = allowed
    description_html.cache_clear()


class _Sanitise(Treeprocessor):
    base: str | None = None  # where relative links point, set for each conversion

    def run(self, root: etree.Element) -> None:
        _clean(root, self.base)


def _clean(parent: etree.Element, base: str | None) -> None:
    for index, child in enumerate(list(parent)):
        if child.tag == "img" and not _shown(child):
            parent.remove(child)
            parent.insert(index, _image_link(child, base))
            continue
        if child.tag == "img":
            child.attrib = {name: value for name in ("src", "alt", "title")
                            if (value := child.get(name)) is not None}
            continue
        if child.tag not in ALLOWED:
            child.tag = "span"  # keeps the text, drops the meaning
        for name in list(child.attrib):
            if name not in ALLOWED.get(child.tag, ()):
                del child.attrib[name]
        if child.tag == "a":
            target = _target(child.attrib.pop("href", ""), base)
            if target:
                child.set("href", target)
        _clean(child, base)
        # Headings inside a description would break the page's outline: demote them to strong text.
        if child.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            child.tag = "p"
            child.attrib.clear()
            strong = etree.Element("strong")
            strong.text, child.text = child.text, None
            strong.extend(list(child))
            for grandchild in list(child):
                child.remove(grandchild)
            child.append(strong)


def _shown(image: etree.Element) -> bool:
    src = image.get("src", "")
    url = unescape(src).strip()
    return safe_href(src) and bool(urlsplit(url).scheme) and _image_allowed(url)


def _image_link(image: etree.Element, base: str | None) -> etree.Element:
    """An image as a link to it (or its alt text alone): nothing on our pages loads from a spec's URL."""
    src = image.get("src", "")
    target = _target(src, base)
    link = etree.Element("a" if target else "span")
    if target:
        link.set("href", target)
    link.text = image.get("alt") or src
    link.tail = image.tail
    return link


def safe_href(href: str) -> bool:
    """http(s) URLs and relative references; no `javascript:`, `data:`, `//host` or other schemes.

    Checked as the browser will read it: Python-Markdown writes character references in an attribute
    through unchanged, so `javascript&#58;` arrives as `javascript:`.
    """
    href = unescape(href).strip()
    if not href or href.startswith("//") or any(ord(c) < 32 for c in href):
        return False
    try:
        scheme = urlsplit(href).scheme
    except ValueError:
        return False
    return scheme == "" and ":" not in href.split("/", 1)[0] or scheme.lower() in SAFE_SCHEMES


def _target(href: str, base: str | None) -> str | None:
    """An absolute http(s) URL for a link from a spec, or None when it has no safe place to go."""
    if not safe_href(href):
        return None
    if urlsplit(unescape(href).strip()).scheme:
        return href
    joined = urljoin(base, unescape(href).strip()) if base else ""
    return joined if joined and safe_href(joined) and urlsplit(joined).scheme else None


def links_base(document: dict) -> str | None:
    """Where a spec's relative links point: its `externalDocs.url`, when that is an http(s) URL."""
    docs = document.get("externalDocs")
    url = docs.get("url") if isinstance(docs, dict) else None
    return url if isinstance(url, str) and _safe_base(url) else None


@lru_cache(maxsize=64)  # asked for each description of a document
def _safe_base(url: str) -> bool:
    return url.startswith(("http://", "https://")) and safe_href(url)


def spec_html(document: dict, text: object) -> str:
    """A description from `document` as safe HTML ('' when it is not text)."""
    return description_html(text, links_base(document)) if isinstance(text, str) else ""


def _converter() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "fenced_code", "sane_lists"], output_format="html")
    # Raw HTML is not markup here: without these two, `<b>` stays the text "<b>", escaped on output.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_Sanitise(md), "aviato-sanitise", 0)  # after inline patterns made links
    return md


_MD = _converter()


@lru_cache(maxsize=20000)
def description_html(text: str, base: str | None = None) -> str:
    """A spec description (CommonMark-ish Markdown) as safe HTML; empty text gives ''. Relative links
    point into `base` (see `links_base`), or lose their target without one."""
    if not text.strip():
        return ""
    if text == text.strip() and not _MARKUP.search(text):
        return f"<p>{escape(text.strip(), quote=False)}</p>"
    _MD.reset()
    _MD.treeprocessors["aviato-sanitise"].base = base
    return _MD.convert(text)


# Underscores that open or close emphasis: not between two letters or digits (CommonMark's rule for `_`).
_EMPHASIS_UNDERSCORES = re.compile(r"(?<![\w])_+|_+(?![\w])")
# The tags of HTML's own elements, as a spec writes them in its descriptions (a payments API writes 451
# of its 8,203 as `<p>...</p>` with `<code>` and `<a href>`); a placeholder such as `<currency>` or
# GitHub's `<BRANCH>` is no element of HTML, and stays. Inline ones go without a trace, others leave a space.
_INLINE_TAGS = ("a", "abbr", "b", "cite", "code", "em", "font", "i", "kbd", "mark", "q", "s", "samp", "small",
                "span", "strong", "sub", "sup", "u", "var")
_BLOCK_TAGS = (*ALLOWED, "dd", "dl", "dt", "img", "section", "details", "summary", "caption", "tfoot")
_INLINE_TAG = re.compile(rf"</?(?:{'|'.join(_INLINE_TAGS)})(?:\s[^<>]*)?/?>", re.I)
_BLOCK_TAG = re.compile(rf"</?(?:{'|'.join(_BLOCK_TAGS)})(?:\s[^<>]*)?/?>", re.I)


@lru_cache(maxsize=20000)  # a page's meta description and its search entry's are the same
def plain_text(text: str, limit: int = 0) -> str:
    """A description without its markup (Markdown's, and the tags of HTML's elements), on one line, for
    meta tags; cut at a word when over `limit`."""
    text = re.sub(r"!?\[([^\]]*)\]\((?:[^()]|\([^()]*\))*\)", r"\1", text)  # links, images: their words
    text = _BLOCK_TAG.sub(" ", _INLINE_TAG.sub("", text))  # so do HTML's elements
    text = re.sub(r"[`*|]+", "", text)
    text = re.sub(r"^[ \t]*(?:>[ \t]?)+|^[ \t]*#{1,6}(?=\s)", "", text, flags=re.M)  # quote and heading marks
    text = _EMPHASIS_UNDERSCORES.sub("", text)  # `payment_intent` keeps its underscore, `_word_` loses both
    text = " ".join(text.split())
    if limit and len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"
    return text
