"""A description as Scalar renders it, and what that loads from other hosts.

Scalar (@scalar/code-highlight's markdown pipeline) parses a description as CommonMark with GitHub's
extensions, passes raw HTML through, parses inline Markdown again in the text of that raw HTML's
paragraphs, list items and cells, and sanitizes the result with GitHub's schema, which keeps, of all
that loads, only `<img src>` and `<source srcset>`. This module does the same with markdown-it, so the
check reads reference-style images, character references and code as Scalar does.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from generator.site.loads import HtmlWriter, Load, html_loads

SCALAR_KEEPS = {("img", "src"), ("source", "srcset")}
# Scalar's TAGS_WITH_INLINE_MARKDOWN and MAY_CONTAIN_INLINE_MARKDOWN.
INLINE_MARKDOWN_TAGS = frozenset({"dd", "dt", "li", "p", "summary", "td", "th"})
MAY_BE_MARKDOWN = re.compile(r"[`*_\[~]")


def description_loads(text: str) -> list[Load]:
    """What a description loads from other hosts once Scalar renders it."""
    if not may_load(text):
        return []
    return [load for load in html_loads(scalar_html(text)) if (load.tag, load.attribute) in SCALAR_KEEPS]


def may_load(text: str) -> bool:
    """Whether a description can load anything once rendered: Markdown writes an `<img>` only for
    `![`, and any other element Scalar keeps comes from raw HTML, which starts with `<`. Most
    descriptions have neither (Microsoft Graph: 63,000 of them), and rendering each takes time."""
    return "![" in text or "<" in text


def scalar_html(text: str) -> str:
    """A description's Markdown as Scalar renders it, before its sanitizer."""
    return _MARKDOWN.render(text)


def descriptions(node: object, pointer: str = ""):
    """(pointer, text) of every `description` in a document, in document order."""
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if key == "description" and isinstance(value, str):
                yield child, value
            else:
                yield from descriptions(value, child)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from descriptions(value, f"{pointer}/{index}")


def markdown_in_html(writer: HtmlWriter, data: str) -> bool:
    """Whether Scalar reads this text of raw HTML as inline Markdown."""
    inside = bool(writer.open) and writer.open[-1] in INLINE_MARKDOWN_TAGS
    return inside and bool(MAY_BE_MARKDOWN.search(data))


class _InlineMarkdownInHtml(HtmlWriter):
    def handle_data(self, data):
        if markdown_in_html(self, data):
            self.out.append(_INLINE.renderInline(data))  # HTML in it stays text, as in Scalar
        else:
            super().handle_data(data)


def _commonmark() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # Keep each destination as the browser gets it from Scalar (unencoded): percent-encoding `\` would
    # hide `http:\\host` from the URL rules of loads.py.
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]  # markdown-it-py's way to override it
    md.add_render_rule("html_block", lambda renderer, tokens, index, options, env:
                       _InlineMarkdownInHtml().html(tokens[index].content))
    return md


def _inline() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["strikethrough"])
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]  # as in _commonmark
    return md


_MARKDOWN = _commonmark()
_INLINE = _inline()
