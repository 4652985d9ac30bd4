"""A spec full of HTML, JavaScript and Jinja payloads builds into pages where every payload is inert text."""

import ast
import json
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from generator.site import audit, links, output, scan
from tests.conftest import PROJECT
from tests.security_support import (ADDED_PARAMETER, ADDED_PATH, JINJA, JINJA_RESULTS, LATEST, PUBLIC_SUMMARY,
                                    SERVER_URL, TITLE, UNSAFE_IDS, UNSAFE_TAGS, build_hostile_site, page_text)

URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster")
SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*$")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build_hostile_site(tmp_path_factory.mktemp("hostile") / "site")


def pages(site: Path) -> list[Path]:
    return scan.files(site, scan.HTML)


def test_every_page_type_of_the_hostile_site_is_checked(site):
    """The checks below run over every kind of page the build makes, so a new kind cannot slip past."""
    kinds = {re.sub(r"operations/[^/]+/", "operations/*/", p.relative_to(site / LATEST).as_posix())
             for p in pages(site) if LATEST in p.parts}
    assert {"index.html", "404.html", "docs/developer/index.html", "docs/developer/api/index.html",
            "docs/developer/changelog/index.html"} <= kinds
    assert "docs/developer/api/operations/*/index.html" in kinds, "operation pages exist and are covered"


def test_no_page_carries_an_event_handler_a_script_url_or_a_script_from_the_spec(site):
    found = []
    for path in pages(site):
        page = scan.read_page(path)
        for element in page.elements:
            handlers = [name for name in element.attrs if name.startswith("on")]
            scripted = [name for name in URL_ATTRIBUTES if re.match(
                r"^\s*(javascript|vbscript|data):", unescape(element.attrs.get(name, "")), re.IGNORECASE)]
            if handlers or scripted or element.tag in ("iframe", "object", "embed", "base"):
                found.append(f"{path.relative_to(site)}:{element.line}: <{element.tag} {handlers + scripted}>")
        found += [f"{path.relative_to(site)}:{s.line}: inline script with a payload"
                  for s in page.inline_scripts() if "pwned" in s.text]
    assert found == []


@pytest.mark.parametrize("page, texts", [
    # the overview names the API by its title, and lists the public routes with their summaries
    ("docs/developer/index.html", [TITLE, JINJA, PUBLIC_SUMMARY]),
    # the changelog names added routes and parameters
    ("docs/developer/changelog/index.html", [ADDED_PATH, ADDED_PARAMETER]),
    # the operations index lists the operations by tag, with their summaries (the reference page, without
    # JavaScript, leads there)
    ("docs/developer/api/operations/index.html",
     [TITLE, PUBLIC_SUMMARY, *UNSAFE_TAGS[:3], UNSAFE_TAGS[4], ADDED_PATH]),
])
def test_text_from_the_spec_reads_literally(site, page, texts):
    text = page_text(site / LATEST / page)
    assert [t for t in texts if t not in text] == []


def test_the_jinja_in_a_spec_is_never_evaluated(site):
    rendered = {p.relative_to(site).as_posix(): [r for r in JINJA_RESULTS if r in page_text(p)] for p in pages(site)}
    assert {page: found for page, found in rendered.items() if found} == {}


def test_each_operation_page_shows_its_summary_and_operation_id_literally(site):
    operations = sorted((site / LATEST / "docs/developer/api/operations").glob("*/index.html"))
    assert operations
    shown = " ".join(page_text(p) for p in operations)
    assert [i for i in UNSAFE_IDS if i not in shown] == []
    assert PUBLIC_SUMMARY in shown


def test_the_scalar_configuration_cannot_end_its_json_script(site):
    for tag in ("v1.0.0", LATEST):
        page = scan.read_page(site / tag / "docs/developer/api/index.html")
        (config,) = [e for e in page.find("script") if e.attrs.get("id") == "aviato-scalar-config"]
        assert not re.search(r"</|<!--", config.text), "no end tag or comment opener inside the JSON"
        assert TITLE in json.loads(config.text)["metaData"]["title"]


def test_unsafe_operation_ids_and_tags_get_safe_stable_urls_inside_the_site(site, tmp_path):
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"], "nothing was written beside the site"
    unsafe = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.name != output.MARKER  # not a page
              and not all(SAFE_SEGMENT.match(part) for part in p.relative_to(site).parts)]
    assert unsafe == []
    again = build_hostile_site(tmp_path / "site")
    folders = lambda root: sorted(p.name for p in (root / LATEST / "docs/developer/api/operations").iterdir())
    assert folders(again) == folders(site), "the same spec gives the same URLs"


def test_the_headers_take_nothing_from_the_spec(site):
    headers = (site / "_headers").read_text()
    assert "pwned" not in headers and "<" not in headers
    csp = next(line for line in headers.splitlines() if "Content-Security-Policy" in line)
    assert "connect-src 'self';" in csp, "a server URL that is not a plain origin is left out"
    assert all(line == "/*" or re.match(r"^  [A-Za-z-]+: [^\r\n]+$", line) for line in headers.splitlines())


def test_the_published_examples_keep_the_server_url_a_plain_string(site, tmp_path):
    examples = site / LATEST / "docs/developer/examples"
    shell = next(line for line in (examples / "list-and-scan.sh").read_text().splitlines()
                 if line.startswith("AVIATO_URL="))
    result = subprocess.run(["bash", "-c", f'{shell}\nprintf %s "$AVIATO_URL"'], cwd=tmp_path,
                            capture_output=True, text=True, check=True)
    assert result.stdout == SERVER_URL and not (tmp_path / "pwned-by-spec").exists()
    clients = site / LATEST / "docs/developer/clients"
    for python in (examples / "list-and-scan.py", clients / "list_and_scan.py"):
        assignments = [node for node in ast.walk(ast.parse(python.read_text()))
                       if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "AVIATO_URL"]
        assert [ast.literal_eval(a.value) for a in assignments] == [SERVER_URL], python.name
    for script in (examples / "list-and-scan.mjs", clients / "list-and-scan.ts"):
        (literal,) = re.findall(r"^const AVIATO_URL = (.*);$", script.read_text(), re.MULTILINE)
        assert json.loads(literal) == SERVER_URL, script.name


def test_the_hostile_site_passes_the_audit_and_the_link_check(site):
    assert audit.problems(site, scan.mkdocs_yml(PROJECT)) == []
    assert links.problems(site) == []
