"""A page's rendered Markdown (Material's dialect, as the templates in docs/ write it) as CommonMark,
for the Markdown twins and llms-full.txt: admonitions (`!!! kind "Title"`, `??? ...`) become
blockquotes under their title in bold, content tabs (`=== "Label"`) headed sections, and the HTML
links and code that route() and the `md_code` filter write become Markdown links and code spans.
Fenced code stays as it is.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from functools import lru_cache
from html import unescape

from generator.render import markdown_text

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_BLOCK = re.compile(r'^(!!!|\?\?\?\+?|===)\s*(?:[\w-]+\s*)?(?:"(?P<title>[^"]*)")?\s*$')  # admonition or tab
_FENCE = re.compile(r"^(?:> ?)?\s*(```|~~~)")
_ROUTE = re.compile(r'<a href="([^"]*)"><code>(.*?)</code></a>')  # what the overview's route() writes
_CODE = re.compile(r"<code>(.*?)</code>")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
_UNSAFE = re.compile(r"[^A-Za-z0-9._~:/?#\[\]@!$&*+,;=%{}-]")  # in a link target: percent-encoded
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:|^/")


def commonmark(text: str, link: Callable[[str], str], shift: int = 0) -> str:
    """`text` as CommonMark, its headings `shift` levels down and each link's target through `link`."""
    lines, fence = [], None
    for line in _blocks(_FRONT_MATTER.sub("", text).splitlines()):
        opened = _FENCE.match(line)
        if opened and fence is None:
            fence = opened.group(1)
        elif opened and opened.group(1) == fence:
            fence = None
        elif fence is None:
            line = "#" * shift + line if line.startswith("#") else line
            line = _ROUTE.sub(
                lambda m: f"[{code(unescape(m.group(2)))}]({_quote(unescape(m.group(1)))})", line
            )
            line = _CODE.sub(lambda m: code(unescape(m.group(1))), line)
            line = "".join(part if i % 2 else _relink(part, link) for i, part in enumerate(_code_split(line)))
        lines.append(line)
    return "\n".join(lines) + "\n"


def _relink(line: str, link: Callable[[str], str]) -> str:
    """Each inline link's target (`](target)`, parentheses balanced as CommonMark reads them) through
    `link`, percent-encoded where it holds a quote, an angle bracket, a parenthesis or a space: a spec's
    text in it (a path, a tag) stays inside the target, for every Markdown reader alike."""
    out, start = [], 0
    while (opening := line.find("](", start)) != -1:
        end, depth = opening + 2, 0
        while end < len(line) and not line[end].isspace() and (line[end] != ")" or depth):
            depth += {"(": 1, ")": -1}.get(line[end], 0)
            end += 1
        if end >= len(line) or line[end] != ")":
            out.append(line[start : opening + 2])
            start = opening + 2
            continue
        out.append(line[start:opening] + "](" + _quote(link(line[opening + 2 : end])) + ")")
        start = end + 1
    return "".join(out) + line[start:]


def _quote(target: str) -> str:
    return _UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode()), target)


def _code_split(line: str) -> list[str]:
    """`line` cut into text and code spans, alternately (the odd items are code: left as they are)."""
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(line):
        parts += [line[last : match.start()], match.group(0)]
        last = match.end()
    return parts + [line[last:]]


def page_url(href: str) -> str:
    """A relative link to a page's Markdown source (`x/index.md`, `x.md`) as the page's URL (`x/`)."""
    if _SCHEME.match(href):
        return href
    path, hash_, fragment = href.partition("#")
    path = re.sub(r"(^|/)index\.md$", r"\1", path)
    path = path[:-3] + "/" if path.endswith(".md") else path
    return path + hash_ + fragment


def from_folder(folder: str) -> Callable[[str], str]:
    """`link` for a page in `folder` (from the version's root) read from the version's root."""

    def link(href: str) -> str:
        if _SCHEME.match(href):
            return href
        target = page_url(href)
        path, hash_, fragment = target.partition("#")
        joined = posixpath.normpath(posixpath.join(folder, path)) if path else folder.rstrip("/")
        return joined + ("/" if path.endswith("/") or not path else "") + hash_ + fragment

    return link


def _blocks(lines: list[str]):
    """Admonitions as blockquotes and content tabs as headed sections, their indented content taken
    out of the indent."""
    kind, level, fence = None, 1, None
    for line in lines:
        if kind and (line.startswith("    ") or not line.strip()):
            yield ("> " + line[4:]).rstrip() if kind != "===" else line[4:]
            continue
        opened = _FENCE.match(line)
        if opened and fence in (None, opened.group(1)):
            fence = None if fence else opened.group(1)
        block = None if fence or opened else _BLOCK.match(line)
        kind = block.group(1) if block else None
        if block is None:
            level = len(line) - len(line.lstrip("#")) if not fence and re.match(r"#{1,6} ", line) else level
            yield line
        elif kind == "===":
            yield f"{'#' * min(level + 1, 6)} {block['title'] or 'Tab'}"
        else:
            yield from (f"> **{block['title'] or 'Note'}**", ">")


def inline(text: object) -> str:
    """Text from a spec on one line, inert in Markdown (markdown_text), and no heading or list marker
    at the start of a line that it opens."""
    return _inline(str(text))


def code(text: object) -> str:
    """A code span holding `text` literally, whatever backticks it has."""
    return _code(str(text))


# Both asked for the same names and types on every twin: each text is worked out once.
@lru_cache(maxsize=65536)
def _inline(text: str) -> str:
    escaped = re.sub(r"#(?!\d+;)", "&#35;", markdown_text(" ".join(text.split())))
    return re.sub(r"^([+=-]|\d)", lambda m: f"&#{ord(m.group(1))};", escaped)


@lru_cache(maxsize=65536)
def _code(text: str) -> str:
    text = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"
