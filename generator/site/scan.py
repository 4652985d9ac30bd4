"""Read the built site: its files by kind, the elements of an HTML page with their lines, mkdocs.yml.

The checks that run over the finished site (CSP hashes, the third-party audit, the link check) read
pages through this module, so each page is parsed the same way by all of them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from html import unescape
from pathlib import Path
from typing import NamedTuple

from generator.site import engine

HTML = (".html",)
SCRIPT = (".js", ".mjs")
STYLE = (".css",)
RAW_TEXT = ("script", "style")
JS_TYPES = ("", "text/javascript", "application/javascript", "module")
SCRIPTS = frozenset({"script"})


class Element(NamedTuple):  # a tuple: pages have many, and PageReader makes them again for each page
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


@dataclass(frozen=True)
class Scope:
    """The part of a site a check reads: all of it but the top-level folders in `skipped` (the versions
    a build reused, checked when they were built), plus the files in `changed` wherever they are."""

    skipped: frozenset[str] = frozenset()
    changed: frozenset[Path] = frozenset()

    def __call__(self, path: Path, site: Path) -> bool:
        return path in self.changed or path.relative_to(site).parts[0] not in self.skipped


EVERYTHING = Scope()


def files(site: Path, suffixes: tuple[str, ...], scope: Scope = EVERYTHING,
          listing: set[str] | None = None) -> list[Path]:
    """Every file below `site` with one of `suffixes` (and in `scope`), in a stable order. The skipped
    folders are not walked at all: a build with many reused versions reads only what it changed.
    `listing`: every file below `site`, as `inventory` gives them, read instead of walking it again
    (a version of 10,000 operations is 100,000 files: a second each walk)."""
    if listing is not None:
        changed = {Path(os.path.relpath(path, site)).as_posix() for path in scope.changed}
        chosen = [name for name in listing
                  if name.endswith(suffixes) and os.path.splitext(name)[1] in suffixes
                  and (name.partition("/")[0] not in scope.skipped or name in changed)]
        return [Path(site, name) for name in sorted(chosen, key=_parts)]
    found = [p for p in scope.changed if p.suffix in suffixes and p.is_file()]
    for top in os.scandir(site):
        if top.name in scope.skipped:
            continue
        if top.is_file():
            found += [Path(top.path)] if os.path.splitext(top.name)[1] in suffixes else []
            continue
        for folder, _, names in os.walk(top.path):
            found += [Path(folder, name) for name in names if os.path.splitext(name)[1] in suffixes]
    return sorted(set(found))


def _parts(name: str) -> list[str]:
    return name.split("/")  # the order of the paths: as Path sorts them


def inventory(site: Path) -> tuple[set[str], set[str]]:
    """Every file and every folder below `site`, as paths from it (`a/b.html`), in one walk."""
    files_found: set[str] = set()
    folders: set[str] = set()
    for folder, subfolders, names in os.walk(site):
        relative = os.path.relpath(folder, site).replace(os.sep, "/")
        prefix = "" if relative == "." else relative + "/"
        folders.update(prefix + name for name in subfolders)
        files_found.update(prefix + name for name in names)
    return files_found, folders


def read_page(path: Path, tags: frozenset[str] | None = None) -> Page:
    """The page's elements (only those named in `tags`, when given) with their lines.

    A tokenizer for the well-formed HTML a build writes: much faster than html.parser, which matters
    on thousands of operation pages; reading only the tags a check needs is faster still.
    """
    return parse(path.read_text(encoding="utf-8", errors="replace"), path, tags)


def parse(html: str, path: Path, tags: frozenset[str] | None = None) -> Page:
    """`read_page` of a page's text, already read (or written) as `path`."""
    token = _TOKEN if tags is None else _token_for(tags | frozenset(RAW_TEXT))
    page = Page(path)
    position = counted = 0
    line = 1  # the line of `counted`, advanced as the tokens are read
    while (match := token.search(html, position)) is not None:
        position = match.end()
        name = match.group("name")
        if name is None:  # a comment, doctype or end tag
            continue
        tag = name.lower()
        line, counted = line + html.count("\n", counted, match.start()), match.start()
        attrs: dict[str, str] = {}
        for a in _ATTRIBUTE.finditer(match.group("attrs")):  # the first of a repeated attribute counts
            attrs.setdefault(a.group(1).lower(), unescape(a.group(2) or a.group(3) or a.group(4) or ""))
        if tag in _RAW_TEXT_END:  # its text runs to its end tag, markup or not
            close = _RAW_TEXT_END[tag].search(html, position)
            end = close.start() if close else len(html)
            text_line = line + html.count("\n", counted, position)
            page.elements.append(Element(tag, attrs, line, html[position:end], text_line))
            position = end
        else:
            page.elements.append(Element(tag, attrs, line))
    return page


_RAW_TEXT_END = {tag: re.compile(rf"</{tag}[\s/>]", re.IGNORECASE) for tag in RAW_TEXT}
_ATTRS = r"""(?P<attrs>(?:[^>"']|"[^"]*"|'[^']*')*)>"""
_TOKEN = re.compile(rf"<!--.*?-->|<![^>]*>|<\?[^>]*>|</[^>]*>|<(?P<name>[A-Za-z][^\s/>]*){_ATTRS}", re.DOTALL)
_ANCHOR = re.compile(r'\s(?:id|name)="([^"]*)"')


@lru_cache(maxsize=16)
def _token_for(tags: frozenset[str]) -> re.Pattern:
    """Comments (skipped) and the start tags of `tags`; everything else is passed over unread."""
    names = "|".join(sorted(map(re.escape, tags)))
    return re.compile(rf"<!--.*?-->|<(?P<name>(?i:{names}))(?=[\s/>]){_ATTRS}", re.DOTALL)


def anchors(path: Path) -> set[str]:
    """Every `id` and `name` a fragment can point at in the page."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return {unescape(m.group(1)) for m in _ANCHOR.finditer(text)}


_ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def mkdocs_yml(project: Path) -> dict:
    return engine.read_config(project)  # the one reader of mkdocs.yml
