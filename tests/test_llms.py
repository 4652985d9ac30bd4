"""llms.txt, llms-full.txt and the Markdown twins of operation pages, in the built site: llms.txt as
llmstxt.org defines it, every link resolving, the twins listing what the HTML pages list, and a
hostile spec's text staying text (parsed with markdown-it-py, as tools read them)."""

import html
import json
import multiprocessing
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from generator.render.llms import overview_markdown
from generator.render.urls import OPERATIONS_DIR, SCHEMAS_DIR
from generator.site import links
from tests.security_support import (
    ADDED_PARAMETER,
    LATEST,
    PUBLIC_SUMMARY,
    TITLE,
    build_hostile_site,
    build_pinned_site,
)

TAGS = ("v1.0.0", "v1.1.0")
MARKDOWN = MarkdownIt("commonmark")
# llmstxt.org: an H1, an optional `>` summary, optional Markdown without headings, then H2 sections
# whose content is a list of `[name](url)` items, each optionally followed by `: notes`.
_H1 = re.compile(r"^# (?P<title>\S.*)$")
_H2 = re.compile(r"^## (?P<name>\S.*)$")
_ITEM = re.compile(r"^- \[(?P<name>[^\]]+)\]\((?P<url>[^)\s]+)\)(?::\s(?P<notes>.+))?$")


def parse_llms_txt(text: str) -> dict:
    """The parts of an llms.txt; an AssertionError names the first line that breaks the grammar."""
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    title = _H1.match(lines[0]) if lines else None
    assert title, f"the file must open with an H1, not {lines[:1]}"
    parsed = {"title": title["title"], "summary": None, "details": [], "sections": {}}
    section = None
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        heading = _H2.match(line)
        if heading:
            section = parsed["sections"].setdefault(heading["name"], [])
        elif section is not None:
            item = _ITEM.match(line)
            assert item, f"line {number}: a section holds only `- [name](url): notes` items: {line!r}"
            section.append(item.groupdict())
        elif line.startswith(">") and parsed["summary"] is None and not parsed["details"]:
            parsed["summary"] = line[1:].strip()
        else:
            assert not line.startswith("#"), f"line {number}: only H2 headings follow the H1: {line!r}"
            parsed["details"].append(line)
    return parsed


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_pinned_site(tmp_path_factory.mktemp("llms") / "site")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return build_hostile_site(tmp_path_factory.mktemp("llms-hostile") / "site")


def rewrites(site: Path) -> list[tuple[str, str]]:
    rules = [line.split() for line in (site / "_redirects").read_text().splitlines()]
    return [(rule[0], rule[1]) for rule in rules if rule[2] == "200"]


def served(site: Path, url_path: str) -> Path | None:
    """The file Netlify serves at `url_path`: directly, as a folder's index.html, or through a rewrite."""
    candidates = [url_path]
    for source, target in rewrites(site):
        if source == url_path:
            candidates.append(target)
        elif source.endswith("/*") and url_path.startswith(source[:-1]):
            candidates.append(target.replace(":splat", url_path[len(source) - 1:]))
    for candidate in candidates:
        file = site / candidate.lstrip("/")
        file = file / "index.html" if file.is_dir() else file
        if file.is_file():
            return file
    return None


def test_each_version_s_llms_txt_follows_the_llmstxt_grammar_with_a_section_per_tag(site):
    for tag in TAGS:
        parsed = parse_llms_txt((site / tag / "llms.txt").read_text(encoding="utf-8"))
        assert parsed["title"] == f"Aviato API {tag}"
        assert parsed["summary"].startswith(f"The REST API reference of Aviato API {tag}")
        assert {"Libraries", "Reference", "Optional"} <= set(parsed["sections"])
        library = {item["name"]: item for item in parsed["sections"]["Libraries"]}
        assert library["List libraries"]["notes"] == "`GET` `/api/libraries`"
        reference = {item["name"] for item in parsed["sections"]["Reference"]}
        assert {"OpenAPI document", "API overview"} <= reference
        assert [item["name"] for item in parsed["sections"]["Optional"]] == ["Changelog"]


def test_every_link_of_llms_txt_resolves_in_each_version_and_at_the_root(site):
    for where in (*TAGS, ""):  # "": /llms.txt, the latest through a rewrite
        llms = served(site, f"/{where}/llms.txt".replace("//", "/"))
        assert llms is not None, f"/{where}/llms.txt is not served"
        parsed = parse_llms_txt(llms.read_text(encoding="utf-8"))
        links = [item["url"] for items in parsed["sections"].values() for item in items]
        assert len(links) > 10
        for url in links:
            assert served(site, f"/{where}/{url}".replace("//", "/")) is not None, (
                f"{where or '/'}: {url} is not served"
            )
    assert served(site, "/llms.txt") == site / LATEST / "llms.txt"
    assert served(site, "/llms-full.txt") == site / LATEST / "llms-full.txt"


def test_llms_txt_lists_each_operation_s_markdown_twin(site):
    parsed = parse_llms_txt((site / LATEST / "llms.txt").read_text(encoding="utf-8"))
    library = {item["name"]: item["url"] for item in parsed["sections"]["Libraries"]}
    assert library["Get a scan job"] == f"{OPERATIONS_DIR}/getScanJob/index.md"
    assert (site / LATEST / library["Get a scan job"]).read_text().startswith("# Get a scan job\n")


def test_llms_full_txt_holds_every_operation_with_its_parameters_and_body_fields(site):
    tokens = MARKDOWN.parse((site / LATEST / "llms-full.txt").read_text(encoding="utf-8"))
    index = parse_llms_txt((site / LATEST / "llms.txt").read_text(encoding="utf-8"))
    tags = [name for name in index["sections"] if name not in ("Reference", "Optional")]
    operations = [item["name"] for name in tags for item in index["sections"][name]]
    first_tag = next(i for i, t in enumerate(tokens) if t.tag == "h2" and tokens[i + 1].content == tags[0])
    headings = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if i > first_tag and t.type == "heading_open" and t.tag == "h3"
    ]
    assert sorted(headings) == sorted(operations)
    codes = {t.content for t in tokens if t.type == "inline" for t in t.children if t.type == "code_inline"}
    assert {"jobId", "libraryId", "/api/libraries/{id}/scans/{jobId}"} <= codes


class _Parameters(HTMLParser):
    """The names in the first column of an HTML operation page's parameter table."""

    def __init__(self):
        super().__init__()
        self.names, self._table, self._cell, self._column = [], False, False, 0

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "aviato-parameters") in attrs:
            self._table = True
        elif self._table and tag == "tr":
            self._column = 0
        elif self._table and tag == "td":
            self._column += 1
        elif self._table and tag == "code" and self._column == 1:
            self._cell = True

    def handle_endtag(self, tag):
        self._table = self._table and tag != "table"
        self._cell = self._cell and tag != "code"

    def handle_data(self, data):
        if self._cell:
            self.names.append(data)


def twin_parameters(markdown: str) -> list[str]:
    """The names of the list items under the twin's `Parameters` heading."""
    tokens = MARKDOWN.parse(markdown)
    names, inside = [], False
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            inside = tokens[i + 1].content == "Parameters"
        elif inside and token.type == "list_item_open" and token.level == 1:
            first = tokens[i + 2].children[0]  # paragraph_open, inline
            names.append(first.content)
    return names


def test_each_operation_page_has_a_markdown_twin_beside_it_listing_the_same_parameters(site):
    assert compare_parameters(site) == 11


def test_a_hostile_spec_s_twins_list_the_same_parameters_as_its_pages(hostile):
    assert compare_parameters(hostile) == 18
    twins = (hostile / LATEST / OPERATIONS_DIR).glob("*/index.md")
    assert any(ADDED_PARAMETER in twin_parameters(twin.read_text(encoding="utf-8")) for twin in twins)


def compare_parameters(site: Path) -> int:
    """How many twins were compared with their pages; fails on the first twin that differs."""
    pages = sorted((site / LATEST / OPERATIONS_DIR).glob("*/index.md"))
    checked = 0
    for twin in pages:
        html = (twin.parent / "index.html").read_text(encoding="utf-8")
        reader = _Parameters()
        reader.feed(html)
        assert twin_parameters(twin.read_text(encoding="utf-8")) == reader.names, twin.parent.name
        checked += bool(reader.names)
    assert checked >= 3, "operations with parameters were compared"
    return len(pages)


def test_a_hostile_spec_stays_text_in_llms_txt_llms_full_txt_and_the_twins(hostile):
    files = [
        hostile / LATEST / "llms.txt",
        hostile / LATEST / "llms-full.txt",
        *sorted((hostile / LATEST / OPERATIONS_DIR).glob("*/index.md")),
    ]
    assert len(files) > 3
    texts = []
    for file in files:
        tokens = MARKDOWN.parse(file.read_text(encoding="utf-8"))
        inline = [child for token in tokens if token.children for child in token.children]
        assert not [t for t in tokens + inline if t.type in ("html_block", "html_inline")], file
        hrefs = [t.attrs["href"] for t in inline if t.type == "link_open"]
        assert all(re.fullmatch(r"[A-Za-z0-9_./%-]+", href) for href in hrefs), (file, hrefs)
        texts += [t.content for t in inline if t.type in ("text", "code_inline")]
    text = "".join(texts)
    assert TITLE in text and PUBLIC_SUMMARY in text, "the payloads read literally"
    parse_llms_txt(files[0].read_text(encoding="utf-8"))


def test_the_link_check_reads_llms_txt_and_finds_a_broken_link_at_its_line(tmp_path):
    version = tmp_path / "v1.0.0"
    (version / "docs/developer").mkdir(parents=True)
    (version / "docs/developer/index.html").write_text("<!doctype html><html><body><p>x</p></body></html>\n")
    (version / "llms.txt").write_text(
        "# API v1.0.0\n\n> s\n\n## Reference\n\n"
        "- [API overview](docs/developer/): fine\n- [Gone](docs/gone/index.md): not there\n"
    )
    (tmp_path / "_redirects").write_text("")
    (problem,) = links.problems(tmp_path)
    assert (problem.code, problem.location.line) == ("link-broken", 8)
    assert (
        problem.message
        == "[name](url) 'docs/gone/index.md' on /v1.0.0/llms.txt: no such file /v1.0.0/docs/gone/index.md"
    )


def test_llms_full_txt_opens_with_the_overview_as_commonmark_its_links_served(site):
    text = (site / LATEST / "llms-full.txt").read_text(encoding="utf-8")
    tokens = MARKDOWN.parse(text)
    inline = [child for token in tokens if token.children for child in token.children]
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[:3] == [f"Aviato API {LATEST}", "API overview", "What the API is"], (
        "the overview, one level down"
    )
    assert {"curl", "Python (httpx)"} <= set(headings), "its tabs are headed sections"
    assert not [t for t in tokens + inline if t.type in ("html_block", "html_inline")], "no HTML left"
    assert not re.search(r"^(!!!|===) ", text, re.MULTILINE), "no Material syntax left"
    quoted = [tokens[i + 2].content for i, t in enumerate(tokens) if t.type == "blockquote_open"]
    assert "**An API key has admin rights**" in quoted, "an admonition is a blockquote under its title"
    hrefs = {t.attrs["href"] for t in inline if t.type == "link_open"}
    assert f"{OPERATIONS_DIR}/login/" in hrefs and "docs/developer/changelog/" in hrefs
    for href in hrefs:
        assert served(site, f"/{LATEST}/{href}") is not None, href


def test_the_overview_s_code_blocks_stay_as_they_are_in_llms_full_txt():
    text = ('# A\n\n```bash\n# a comment, not a heading\n=== "not a tab"\n<b>code</b>\n```\n\n'
            '=== "Tab"\n\n    x\n')
    assert overview_markdown(text) == (
        '## A\n\n```bash\n# a comment, not a heading\n=== "not a tab"\n<b>code</b>\n```\n\n### Tab\n\nx\n'
    )


def test_the_link_check_reads_the_markdown_twins_outside_their_code(tmp_path):
    version = tmp_path / "v1.0.0"
    (version / "docs/developer").mkdir(parents=True)
    (version / "docs/developer/index.html").write_text("<!doctype html><html><body><p>x</p></body></html>\n")
    (version / "docs/developer/index.md").write_text(
        "# Overview\n\nSee [the API](api/).\n\n`[not](a-link)` and\n\n```\n[nor](this)\n```\n"
    )
    (tmp_path / "_redirects").write_text("")
    (problem,) = links.problems(tmp_path)
    assert (problem.code, problem.location.line) == ("link-broken", 3)
    assert (
        problem.message
        == "[name](url) 'api/' on /v1.0.0/docs/developer/index.md: no such file /v1.0.0/docs/developer/api/"
    )


def twins_of(site: Path) -> list[Path]:
    return sorted((site / LATEST).rglob("index.md"))


def test_every_page_of_every_version_has_a_markdown_twin_that_its_head_names(site):
    for tag in TAGS:
        pages = [
            p
            for p in (site / tag).rglob("index.html")
            if "noindex" not in p.read_text(encoding="utf-8") or tag != LATEST
        ]
        named = [
            p
            for p in pages
            if '<link rel="alternate " type="text/markdown" href="index.md">' in p.read_text(encoding="utf-8")
        ]
        assert len(named) > 15, tag
        for page in named:
            assert (page.parent / "index.md").is_file(), page
        for folder in (
            "",
            "docs/developer",
            "docs/developer/changelog",
            "docs/developer/api",
            f"{OPERATIONS_DIR}",
            f"{SCHEMAS_DIR}",
            f"{SCHEMAS_DIR}/ScanJob",
        ):
            assert (site / tag / folder / "index.html") in named, (tag, folder)


def test_a_schema_page_s_twin_lists_its_fields_example_and_users(site):
    tokens = MARKDOWN.parse((site / LATEST / SCHEMAS_DIR / "ScanJob/index.md").read_text(encoding="utf-8"))
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == ["ScanJob (schema)", "Fields", "Example", "Used by"]
    codes = [c.content for t in tokens if t.type == "inline" for c in t.children if c.type == "code_inline"]
    assert {"id", "libraryId", "status"} <= set(codes)
    assert any(t.type == "fence" and '"libraryId"' in t.content for t in tokens)
    hrefs = {
        c.attrs["href"] for t in tokens if t.type == "inline" for c in t.children if c.type == "link_open"
    }
    assert "../../operations/getScanJob/index.md" in hrefs
    for href in hrefs:
        assert served(site, f"/{LATEST}/{SCHEMAS_DIR}/ScanJob/{href}") is not None, href


def test_the_overview_s_twin_is_its_markdown_in_commonmark_with_links_from_the_page(site):
    text = (site / LATEST / "docs/developer/index.md").read_text(encoding="utf-8")
    tokens = MARKDOWN.parse(text)
    inline = [child for token in tokens if token.children for child in token.children]
    assert not [t for t in tokens + inline if t.type in ("html_block", "html_inline")]
    assert not re.search(r"^(!!!|\?\?\?|===) ", text, re.MULTILINE), "no Material syntax left"
    assert tokens[1].content == "API overview"
    hrefs = {t.attrs["href"] for t in inline if t.type == "link_open"}
    assert "api/operations/login/" in hrefs
    for href in hrefs - {h for h in hrefs if re.match(r"^[a-z]+:", h)}:
        assert served(site, f"/{LATEST}/docs/developer/{href}") is not None, href


def test_field_search_entries_land_on_ids_their_pages_have(site):
    index = json.loads((site / LATEST / "search/search_index.json").read_text(encoding="utf-8"))
    fields = [d for d in index["docs"] if "#field-" in d["location"]]
    titles = {d["title"] for d in fields}
    assert {"libraryId", "status"} <= titles
    for entry in fields:
        page, _, anchor = entry["location"].partition("#")
        assert f'id="{html.escape(anchor)}"' in (site / LATEST / page / "index.html").read_text(
            encoding="utf-8"
        )
    sections = [i for i, d in enumerate(index["docs"]) if "#field-" in d["location"]]
    pages = {d["location"]: i for i, d in enumerate(index["docs"]) if "#" not in d["location"]}
    assert all(pages[index["docs"][i]["location"].partition("#")[0]] < i for i in sections), (
        "each field after its page's entry (Material reads it as a section of that page)"
    )


# Raw HTML a twin may hold: none. (An allow-list would go here; the twins escape every `<`.)
RAW_HTML_ALLOWED: frozenset[str] = frozenset()


def test_a_hostile_spec_s_twins_of_every_page_hold_no_raw_html_and_no_script_links(hostile):
    twins = twins_of(hostile)
    assert {"index.md", "docs/developer/changelog/index.md", f"{SCHEMAS_DIR}/index.md"} <= {
        t.relative_to(hostile / LATEST).as_posix() for t in twins
    }
    for twin in twins:
        tokens = MARKDOWN.parse(twin.read_text(encoding="utf-8"))
        inline = [child for token in tokens if token.children for child in token.children]
        raw = [t.content for t in tokens + inline if t.type in ("html_block", "html_inline")]
        assert set(raw) <= RAW_HTML_ALLOWED, (twin, raw)
        hrefs = [
            t.attrs.get("href") or t.attrs.get("src") for t in inline if t.type in ("link_open", "image")
        ]
        assert not [h for h in hrefs if re.match(r"\s*(javascript|data|vbscript):", str(h), re.IGNORECASE)], (
            twin
        )


def test_with_many_operations_the_twins_and_schema_pages_are_written_by_processes_of_their_own(
        tmp_path, monkeypatch, forked_pools):
    """From PAGES_APART operation and schema pages, the interactive reference's documents, the schema
    pages with their twins, and the other twins with the llms files are each written in a forked process
    while this one writes the operations' pages (generator.forked.meanwhile): the docs tree is the same,
    byte for byte, but for the names of the stamps files, which hold the same pages. What MkDocs reads
    (all but the hidden folder) is complete when `ready` is called, while the schema pages and the twins
    may still be being written."""
    from generator import render
    from generator.commands.build import catalog
    from generator.commands.versions import render_version
    from generator.layout import HIDDEN_DIR, ROOT_FILES_DIR, SCHEMAS_DIR, STAMPS_DIR, json_lines, lines_files
    from generator.pins import releases
    from tests.conftest import PROJECT

    pinned = releases(PROJECT / "specs")
    when_ready: dict[str, bytes] = {}

    def shown(root: Path) -> dict[str, bytes]:  # what MkDocs reads
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                if p.is_file() and not p.is_relative_to(root / HIDDEN_DIR)}

    llms_when_ready = []
    # The forked processes that write what MkDocs does not read start only once MkDocs would run: had the
    # render waited for them before `ready`, it would find their files written (after their timeout).
    mkdocs_runs = multiprocessing.get_context("fork").Event()

    def ready(tree: Path) -> None:
        when_ready.update(shown(tree))
        llms_when_ready.append(((tree / ROOT_FILES_DIR / "llms-full.txt").exists(),
                                any(file.name.startswith("schemas-") for file in lines_files(tree, STAMPS_DIR))))
        mkdocs_runs.set()

    def tree(name: str) -> tuple[dict[str, bytes], dict[str, dict]]:
        when_ready.clear()
        mkdocs_runs.clear()
        root = render_version(PROJECT, catalog(pinned), pinned[-1].tag, tmp_path / name, ready)
        assert when_ready == shown(root)
        files = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                 if p.is_file() and not p.is_relative_to(root / STAMPS_DIR)}
        stamped = {v["folder"]: v for file in lines_files(root, STAMPS_DIR) for v in json_lines(file)}
        return files, stamped

    alone, alone_pages = tree("alone")
    monkeypatch.setattr(render, "PAGES_APART", 1)
    for name in ("_twins", "_schema_pages"):
        monkeypatch.setattr(render, name, lambda *args, written=getattr(render, name): (mkdocs_runs.wait(30),
                                                                                        written(*args))[1])
    apart, apart_pages = tree("apart")
    assert llms_when_ready == [(True, True), (False, False)]
    assert forked_pools == [1, 1, 1]
    assert any(name.endswith("llms-full.txt") for name in apart)
    assert any(folder.startswith(f"{SCHEMAS_DIR}/") for folder in apart_pages)
    assert apart_pages == alone_pages
    assert sorted(apart) == sorted(alone)
    assert [name for name in alone if apart[name] != alone[name]] == []
