"""Shared by the security tests: the hostile fixture, building a site from it, and reading pages.

tests/fixtures/hostile/ holds two releases of the small overview spec with payloads in every field a
page shows: the title, summaries, descriptions (Markdown that smuggles HTML), tag names, operationIds,
paths, parameter names, examples, and the server URL. Each executable payload would call
`alert('pwned-<where>')` and set `window.__pwned` if it ever ran.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from generator import pins
from generator.cli import main
from generator.commands.build import build_site
from tests.conftest import FIXTURES, PROJECT

HOSTILE = FIXTURES / "hostile"
LATEST = "v1.1.0"

# Text that must read literally wherever the pages show it.
TITLE = "Aviato <script>window.__pwned='title';alert('pwned-title')</script> API"
JINJA = "{{ 7*7 }} {{ 6*7*1001 }} {% if true %}jinja-ran{% endif %}"
JINJA_RESULTS = ("42042", "jinja-ran {{", "49 42042")  # what rendering the Jinja payload would leave behind
PUBLIC_SUMMARY = "Server information <script>window.__pwned='summary';alert('pwned-summary')</script>"
ADDED_PATH = "/api/hostile/new\"><script>window.__pwned='changelog';alert('pwned-changelog')</script>"
ADDED_PARAMETER = "<img src=openapi.json onerror=alert('pwned-param')>"
SERVER_URL = ("http://localhost:8096\"><script>alert('pwned-server')</script>"
              "$(touch pwned-by-spec)`touch pwned-by-spec`")
UNSAFE_IDS = ("../x", "a/b", "op with spaces", "médiathèque-🎬", "<script>alert('pwned-opid')</script>", "{{ 7*7 }}")
UNSAFE_TAGS = ("../x", "a/b", "with spaces", "Médiathèque 🎬", "<img src=x onerror=alert('pwned-tag')>")


def build_pinned_site(dest: Path, specs: Path = FIXTURES / "pinned") -> Path:
    """The small pinned fixture releases (or `specs`), built as `aviato-docs build` builds them."""
    assert main(["build", "--project", str(PROJECT), "--specs", str(specs), "--site", str(dest), "--quiet"]) == 0
    return dest


def build_hostile_site(dest: Path) -> Path:
    """The hostile releases built through `generator.commands.build.build_site` itself, past the checks gate (whose
    house rules may reject a spec like this one before any page is written)."""
    build_site(PROJECT, pins.releases(HOSTILE), dest)
    return dest


def hostile_document(tag: str = LATEST) -> dict:
    return json.loads((HOSTILE / f"{tag}.json").read_text(encoding="utf-8"))


def page_text(path: Path) -> str:
    """What a reader sees of a page without JavaScript: its text, character references decoded."""
    reader = _TextReader()
    reader.feed(path.read_text(encoding="utf-8"))
    return " ".join("".join(reader.parts).split())


class _TextReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)
