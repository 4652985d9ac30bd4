"""Read the built site: its files by kind, the elements of an HTML page with their lines, mkdocs.yml.

The checks that run over the finished site (CSP hashes, the third-party audit, the link check) read
pages through this module, so each page is parsed the same way by all of them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import yaml

from generator.errors import Location, fail

HTML = (".html",)
SCRIPT = (".js", ".mjs")
STYLE = (".css",)
RAW_TEXT = ("script", "style")
JS_TYPES = ("", "text/javascript", "application/javascript", "module")


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: dict[str, str]
    line: int
    text: str = ""  # the raw content of a <script> or <style>, exactly as in the file
    text_line: int = 0  # where that content starts


@dataclass
class Page:
    """One HTML file: its elements in document order."""

    path: Path
    elements: list[Element] = field(default_factory=list)

    def find(self, *tags: str) -> Iterator[Element]:
        return (e for e in self.elements if e.tag in tags)

    def inline_scripts(self) -> Iterator[Element]:
        """The <script>s without `src` that a browser runs (not JSON data blocks)."""
        for element in self.find("script"):
            kind = element.attrs.get("type", "").strip().lower()
            if "src" not in element.attrs and kind in JS_TYPES:
                yield element


def files(site: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Every file below `site` with one of `suffixes`, in a stable order."""
    return sorted(p for p in site.rglob("*") if p.suffix in suffixes and p.is_file())


def read_page(path: Path) -> Page:
    parser = _Parser(Page(path))
    parser.feed(path.read_text(encoding="utf-8", errors="replace"))
    parser.close()
    return parser.page


class _Parser(HTMLParser):
    def __init__(self, page: Page):
        super().__init__(convert_charrefs=True)
        self.page = page
        self._open: tuple[str, dict[str, str], int] | None = None  # the raw-text element being read
        self._text: list[str] = []
        self._text_line = 0

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if tag in RAW_TEXT:
            self._open, self._text = (tag, values, line), []
            self._text_line = 0
        else:
            self.page.elements.append(Element(tag, values, line))

    def handle_startendtag(self, tag, attrs):
        self.page.elements.append(Element(tag, {name: value or "" for name, value in attrs}, self.getpos()[0]))

    def handle_data(self, data):
        if self._open is not None:
            if not self._text:
                self._text_line = self.getpos()[0]
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._open is not None and tag == self._open[0]:
            name, attrs, line = self._open
            self.page.elements.append(Element(name, attrs, line, "".join(self._text), self._text_line or line))
            self._open, self._text = None, []


def mkdocs_yml(project: Path) -> dict:
    path = project / "mkdocs.yml"
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as e:
        raise fail("mkdocs-config-invalid", f"cannot read {path.name}: {e}", Location(str(path))) from e


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may carry MkDocs' own tags (!ENV, !!python/name:...): read them as nothing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
