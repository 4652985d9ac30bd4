"""What a browser would load from HTML, CSS or a description's Markdown, read as the browser reads it.

HTML is parsed with html.parser (character references decoded, text and code left as text), every URL
is resolved with the WHATWG URL parser's rules that matter for "does this leave the site" (tabs and
newlines dropped, the scheme case-insensitive, backslashes as slashes in http(s)/ws(s)/ftp URLs,
`//host` relative to the page's scheme), and `srcset` is split into its candidates. The descriptions
Scalar renders are Markdown: see descriptions.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from urllib.parse import unquote

from generator.site.scan import JS_TYPES, RAW_TEXT, Element, Page

SPECIAL = ("http", "https", "ws", "wss", "ftp")  # the schemes whose URLs name a host a browser connects to
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "preconnect", "dns-prefetch", "icon",
                "apple-touch-icon", "mask-icon", "manifest"}
URL_ATTRS = ("src", "poster", "data", "background")
SVG_LOADERS = ("image", "use", "feimage", "script")
IMAGE_TAGS = ("img", "source", "image", "input")
# An element loads nothing unless it is one of these tags or has one of these attributes (element_loads).
_LOADING_TAGS = frozenset({"link", "base", "style", *SVG_LOADERS})
_LOADING_ATTRIBUTES = frozenset({*URL_ATTRS, "srcset", "imagesrcset", "style"})
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CSS_URL = re.compile(r"""url\(\s*["']?\s*([^"')\s]+)|@import\s+["']([^"']+)|image-set\(\s*["']([^"']+)""",
                      re.IGNORECASE)


@dataclass(frozen=True)
class Load:
    url: str  # as written (after character references are decoded)
    host: str  # where the browser would connect
    how: str  # what would load it: `<img src>`, `style="" url()`, ...
    line: int = 1  # in the HTML or CSS text read
    column: int | None = None
    tag: str = ""  # the element and attribute that load it, when it is one
    attribute: str = ""

    @property
    def image(self) -> bool:
        """An image (what img-src governs; a <picture> loads through its <source>s)."""
        return self.tag in IMAGE_TAGS and self.attribute in ("src", "srcset")


@dataclass(frozen=True)
class Origin:
    scheme: str  # lower case; `//host` is taken as https, the site's own scheme
    host: str
    port: int | None  # None: the scheme's default


def origin(url: str) -> Origin | None:
    """Where a browser would connect for `url` read in one of this site's pages, or None when it stays
    on the site (relative) or loads nothing from a network (data:, blob:, javascript:, ...)."""
    url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(33))))
    scheme = _SCHEME.match(url)
    if scheme is None:  # relative to an http(s) page: only `//host` (or `\\host`) leaves it
        rest = url.replace("\\", "/")
        return _authority("https", rest[2:]) if rest.startswith("//") else None
    name = scheme.group(1).lower()
    if name not in SPECIAL:
        return None
    # `http:host`, `http:/host` and `http:\\host` all name `host` (a same-scheme `https:x` is relative
    # on an https page; counted as foreign all the same: no page of ours writes one).
    return _authority(name, url[scheme.end():].replace("\\", "/").lstrip("/"))


def foreign_host(url: str) -> str | None:
    """The host `url` would be loaded from, when that leaves the site (see `origin`)."""
    found = origin(url)
    return found.host if found else None


def _authority(scheme: str, authority_and_path: str) -> Origin | None:
    authority = re.split(r"[/?#]", authority_and_path, maxsplit=1)[0].rpartition("@")[2]
    host, port = authority, None
    if re.search(r":\d*$", authority) and not authority.endswith("]"):
        host, _, digits = authority.rpartition(":")
        port = int(digits) if digits else None
    host = unquote(host).lower().rstrip(".")
    if port == _DEFAULT_PORTS.get(scheme):
        port = None
    return Origin(scheme, host, port) if host else None


_DEFAULT_PORTS = {"http": 80, "https": 443, "ws": 80, "wss": 443, "ftp": 21}


def srcset_urls(value: str) -> list[str]:
    """The URL of each candidate of a `srcset` (a URL may itself hold commas; a candidate's descriptors
    follow it after white space)."""
    urls, position = [], 0
    while position < len(value):
        match = re.compile(r"[\s,]*(\S*)").match(value, position)
        assert match is not None  # both parts may be empty: it matches at every position
        url = match.group(1)
        position = match.end()
        if not url:
            break
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip the descriptors, up to the comma that ends the candidate
            end = value.find(",", position)
            position = len(value) if end < 0 else end + 1
        urls.append(url)
    return urls


def css_loads(text: str, how: str) -> list[Load]:
    """`url()`, `@import` and `image-set()` of CSS text, each on another host, with its line and column."""
    found = []
    for match in _CSS_URL.finditer(text):
        url = _CSS_ESCAPE.sub(_unescape_css, match.group(1) or match.group(2) or match.group(3))
        if (host := foreign_host(url)) is not None:
            line = text.count("\n", 0, match.start()) + 1
            found.append(Load(url, host, how, line, match.start() - text.rfind("\n", 0, match.start())))
    return found


_CSS_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})\s?|(.))", re.DOTALL)


def _unescape_css(match: re.Match) -> str:
    """A CSS escape (`\\68` or `\\:`) as the character it stands for."""
    if match.group(1) is None:
        return match.group(2)
    code = int(match.group(1), 16)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def may_load(element: Element) -> bool:
    """Whether the element is one that can load anything (a <script> included): most are not."""
    return element.tag in _LOADING_TAGS or not _LOADING_ATTRIBUTES.isdisjoint(element.attrs)


def element_loads(element: Element) -> list[Load]:
    """What one element loads from another host through its attributes and, for <style>, its text
    (the text of a <script> is JavaScript: the audit reads it apart)."""
    attrs, tag = element.attrs, element.tag
    if not may_load(element):  # most elements of a page
        return []
    candidates = [(name, attrs[name]) for name in URL_ATTRS if name in attrs]
    candidates += [("srcset", url) for url in srcset_urls(attrs.get("srcset", ""))]
    candidates += [("imagesrcset", url) for url in srcset_urls(attrs.get("imagesrcset", ""))]
    rels = set(attrs.get("rel", "").lower().split())
    if (tag == "link" and rels & LOADING_RELS) or tag in SVG_LOADERS or tag == "base":
        candidates += [(name, attrs[name]) for name in ("href", "xlink:href") if name in attrs]
    found = [Load(url, host, f"<{tag} {name}>", element.line, None, tag, name)
             for name, url in candidates if (host := foreign_host(url)) is not None]
    if "style" in attrs:
        found += [Load(f.url, f.host, 'style="" url()', element.line, None, tag, "style")
                  for f in css_loads(attrs["style"], "")]
    if tag == "style":
        found += [Load(f.url, f.host, f.how, element.text_line + f.line - 1, f.column)
                  for f in css_loads(element.text, "<style> url()/@import")]
    return found


def read_html(html: str, path=None) -> Page:
    """Every element of an HTML text, as a browser's parser sees it (attributes decoded; the text of
    <script> and <style> kept raw; markup inside text or comments is no element)."""
    return PageReader().read(html, path)


class PageReader:
    """Reads HTML texts as `read_html` does, remembering what each piece of markup that recurs across
    them parses to. The pages of a site are stamped from a few templates: most of their tags are tags of
    other pages too, and html.parser is most of what reading them costs.

    The text is fed to html.parser a piece at a time, each from a `<` to the next one. A piece is looked
    up only where the parser is between two pieces of markup: no tag, comment or declaration begun and
    not ended, no <script> or <style> open. There, what comes next is read the same whatever came before
    (text outside <script> and <style> is not kept), so a piece read there before gives the same element
    again; it is remembered once it has ended where it began, between two pieces of markup, on its second
    reading. html.parser waits for more text wherever a piece could go on differently, so a piece that
    ended there alone ends there in any page. Anywhere else the parser goes on as it would (pieces fed
    in ever larger runs until it is between two pieces of markup again: a long <script> is not searched
    for its end once per piece)."""

    # Pieces remembered at most, and as many hashes: 7,000 of Graph's pages make 26,000 and 131,000 (45 MB).
    REMEMBERED = 500_000

    def __init__(self):
        self._seen: set[int] = set()  # the hashes of the pieces read once
        self._known: dict[str, tuple[int, tuple[Element, ...]]] = {}  # a piece: its line, its elements

    def read(self, html: str, path=None) -> Page:
        page = Page(path)
        reader, elements, known = _Reader(page), page.elements, self._known
        pieces = html.split("<")
        reader.feed(pieces[0])
        between = reader.between_markup()  # a piece found known leaves the parser where it was
        line, index, count, unsettled = 1 + pieces[0].count("\n"), 1, len(pieces), 0
        while index < count:
            if not between:  # fed on in runs twice as long as the way gone since the markup began
                run = pieces[index:index + max(1, index - unsettled)]
                text = "<" + "<".join(run)
                reader.feed(text)
                between = reader.between_markup()
                line, index = line + text.count("\n"), index + len(run)
                continue
            piece = pieces[index]
            hit = known.get(piece)
            if hit is not None:
                if hit[1]:
                    elements.extend(hit[1] if hit[0] == line else _moved(hit[1], line))
            else:
                reader.settle(line)
                first = len(elements)
                reader.feed("<" + piece)
                between = reader.between_markup()
                if not between:
                    unsettled = index
                elif (key := hash(piece)) in self._seen:
                    if len(known) < self.REMEMBERED:
                        known[piece] = (line, tuple(elements[first:]))
                elif len(self._seen) < self.REMEMBERED:
                    self._seen.add(key)
            line, index = line + piece.count("\n"), index + 1
        if between:
            reader.settle(line)
        reader.close()
        return page


def _moved(elements: tuple[Element, ...], line: int) -> list[Element]:
    """The elements of a piece read before, on line `line` now."""
    return [Element(e.tag, e.attrs, line, e.text, line if e.text_line else 0) for e in elements]


def html_loads(html: str) -> list[Load]:
    """Everything an HTML text loads from another host through its elements (scripts' text aside)."""
    return [load for element in read_html(html).elements for load in element_loads(element)]


def runs_script(element: Element) -> bool:
    return element.tag == "script" and "src" not in element.attrs and \
        element.attrs.get("type", "").strip().lower() in JS_TYPES


class _Reader(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self._open: tuple[str, dict, int] | None = None  # a <script> or <style> whose text is being read
        self._text: list[str] = []

    def between_markup(self) -> bool:
        """Whether the parser is between two pieces of markup: nothing begun and not ended but text,
        no <script> or <style> open (PageReader)."""
        return self._open is None and self.cdata_elem is None and "<" not in self.rawdata

    def settle(self, line: int) -> None:
        """Go on from here, on line `line`, between two pieces of markup: the text not handled yet is
        dropped (text outside <script> and <style> is not kept)."""
        self.rawdata, self.lineno, self.offset = "", line, 0

    def handle_starttag(self, tag, attrs):
        line, _ = self.getpos()
        values: dict[str, str] = {}
        for name, value in attrs:  # the first of a repeated attribute counts
            values.setdefault(name, value or "")
        if tag in RAW_TEXT:
            self._open, self._text = (tag, values, line), []
        else:
            self.page.elements.append(Element(tag, values, line))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self._open:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            name, attrs, line = self._open
            self.page.elements.append(Element(name, attrs, line, "".join(self._text), line))
            self._open = None

    def close(self):
        super().close()
        self.handle_endtag(self._open[0] if self._open else "")


class HtmlWriter(HTMLParser):
    """HTML written again as it is read (character references decoded, then escaped once): subclasses
    change the elements or the text they need to."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []  # the elements open around the text being read

    def html(self, text: str) -> str:
        self.feed(text)
        self.close()
        return "".join(self.out)

    def handle_starttag(self, tag, attrs):
        if tag not in _VOID:
            self.open.append(tag)
        kept = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
        self.out.append(f"<{tag}{kept}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.open and self.open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass
            self.out.append(f"</{tag}>")

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
