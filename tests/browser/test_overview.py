"""The API overview of every version, as a reader sees it: every link resolves, the tables and the
example tabs render, and what they list is that version's spec."""

from urllib.parse import unquote, urlparse

import pytest

from tests.browser.conftest import operations, public_operations

SECTIONS = [
    "What the API is", "Where the spec lives", "Creating an API key", "Authenticating", "Quick examples",
    "Response shapes", "Versioning", "Rate limits and backpressure", "Generating a typed client",
    "Where to read the reference",
]
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def article_links(page) -> list[str]:
    return page.eval_on_selector_all("article a[href]", "els => els.map(e => e.href)")


def table_rows(page, header: str) -> list[list[str]]:
    """The body rows (cell texts) of every article table whose first header cell reads `header`."""
    return page.eval_on_selector_all("article table", """(tables, header) => tables
        .filter(t => t.tHead && t.tHead.rows[0].cells[0].innerText.trim() === header)
        .flatMap(t => [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.innerText.trim())))""", header)


def token_operations(spec: dict) -> set[str]:
    """`METHOD /path` of the operations with a `token` query parameter."""
    found = set()
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                parameters = [_deref(spec, p) for p in item.get("parameters", []) + item[method].get("parameters", [])]
                if any(p.get("in") == "query" and p.get("name") == "token" for p in parameters):
                    found.add(f"{method.upper()} {path}")
    return found


def _deref(spec: dict, node: dict) -> dict:
    while "$ref" in node:
        target = spec
        for part in node["$ref"][2:].split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def test_the_overview_has_the_issue_sections_in_order(page, releases):
    for tag, _ in releases:
        page.goto(f"/{tag}/docs/developer/")
        headings = page.locator("article h2").all_inner_texts()
        assert [h.rstrip("¶").strip() for h in headings] == SECTIONS, tag


def test_every_link_in_each_versions_overview_resolves(page, releases, site_url):
    checked: dict[str, int] = {}
    for tag, spec in releases:
        page.goto(f"/{tag}/docs/developer/")
        here = page.url
        for href in article_links(page):
            url = urlparse(href)
            assert f"{url.scheme}://{url.netloc}" == site_url, f"{tag}: the overview links off the site: {href}"
            target = href.split("#")[0]
            if target not in checked:
                checked[target] = page.request.get(target).status
            assert checked[target] < 400, f"{tag}: {href} answers {checked[target]}"
            if url.fragment and target == here.split("#")[0]:
                assert page.locator(f"[id='{unquote(url.fragment)}']").count() == 1, f"{tag}: no anchor for {href}"
            elif url.fragment.startswith("tag/"):
                method, _, path = unquote(url.fragment).split("/", 2)[2].partition("/")
                assert f"{method} /{path}" in operations(spec), f"{tag}: {href} names no operation of {tag}"
    assert len(checked) >= 4  # the reference, its document, the changelog and the example files at least


def test_the_tables_render_and_list_exactly_what_each_versions_spec_declares(page, releases):
    for tag, spec in releases:
        page.goto(f"/{tag}/docs/developer/")
        assert "| ---" not in page.locator("article").inner_text(), f"{tag}: a table did not render"
        assert [row[0] for row in table_rows(page, "What")] == \
            ["Published reference", "Interactive reference", "Raw OpenAPI document"]
        routes = [row[0] for row in table_rows(page, "Route")]
        assert sorted(routes) == sorted(token_operations(spec) | public_operations(spec)), tag
        events = [row[0] for row in table_rows(page, "Event")]
        assert events == list(spec.get("webhooks", {})), tag
        codes = [row[0] for row in table_rows(page, "Status")]
        declared = {code for item in spec["paths"].values() for m in METHODS if m in item
                    for code in item[m]["responses"]}
        assert codes[1:] == sorted(c for c in declared if not c.startswith("2")), tag
        assert [row[0] for row in table_rows(page, "Field")][:1] == ["error"], tag


@pytest.mark.parametrize("label, language, marker", [
    ("curl", "bash", "curl --fail-with-body"),
    ("JavaScript (fetch)", "javascript", "await fetch("),
    ("Python (httpx)", "python", "httpx.Client("),
])
def test_each_example_tab_shows_its_code(page, latest, label, language, marker):
    page.goto(f"/{latest}/docs/developer/")
    tabs = page.locator("article .tabbed-set").first
    tabs.locator("label", has_text=label).click()
    block = tabs.locator(".tabbed-block:visible")
    assert block.count() == 1
    code = block.locator("code").inner_text()
    assert marker in code and "AVIATO_KEY" in code
