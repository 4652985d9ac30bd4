"""The pages' Markdown twins, as a reader's tools meet them on the site served as Netlify serves it:
named by each page's <link rel=alternate type=text/markdown>, served at the page's URL + index.md,
and copied by the "Copy as Markdown" button of operation pages."""

import urllib.request

import pytest
from markdown_it import MarkdownIt

from tests.browser.conftest import PageWatch
from tests.test_llms import twin_parameters

OPERATION = "docs/developer/api/operations/scanLibrary/"
PAGES = [
    "docs/developer/",
    "docs/developer/changelog/",
    "docs/developer/api/",
    "docs/developer/api/operations/",
    "docs/developer/api/schemas/",
    "docs/developer/api/schemas/ScanJob/",
    OPERATION,
]
MARKDOWN = MarkdownIt("commonmark")


def fetch(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get("Content-Type", ""), response.read().decode("utf-8")


@pytest.mark.parametrize("prefix", ["{latest}/", "latest/", ""])  # versioned, /latest/, unversioned
def test_an_operation_page_s_markdown_twin_is_served_at_its_url_plus_index_md(site_url, latest, prefix):
    page = f"{site_url}/{prefix.format(latest=latest)}{OPERATION}"
    status, _, text = fetch(page + "index.md")
    assert status == 200
    assert text.startswith("# Scan a library\n")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_names_its_markdown_twin_which_resolves_without_a_console_error(page, latest, path):
    assert page.goto(f"/{latest}/{path}").ok
    link = page.locator('head link[type="text/markdown"]')
    assert link.count() == 1
    assert link.evaluate("e => e.relList.contains('alternate')"), "rel names it an alternate"
    href = link.evaluate("e => e.href")
    assert href == page.url.split("#")[0].split("?")[0] + "index.md"
    status, _, text = fetch(href)
    assert status == 200 and MARKDOWN.parse(text)[0].tag == "h1"
    page.wait_for_load_state("networkidle")  # Material's requests, if it fetched anything beside the link


@pytest.mark.parametrize("operation_id", ["getScanJob", "getLibrary", "scanLibrary"])
def test_the_alternate_link_s_markdown_lists_the_parameters_the_page_shows(page, latest, operation_id):
    page.goto(f"/{latest}/docs/developer/api/operations/{operation_id}/")
    shown = page.locator("table.aviato-parameters tbody tr td:first-child code").all_inner_texts()
    assert shown, "the page lists parameters"
    _, _, text = fetch(page.locator('head link[type="text/markdown"]').evaluate("e => e.href"))
    assert twin_parameters(text) == shown


def test_copy_as_markdown_puts_the_twin_on_the_clipboard(browser, site_url, latest):
    context = browser.new_context(base_url=site_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page = context.new_page()
    watch = PageWatch()
    page.on("console", watch.on_console)
    try:
        page.goto(f"/{latest}/{OPERATION}")
        page.get_by_role("button", name="Copy as Markdown").click()
        page.get_by_role("status").filter(has_text="Copied.").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
    finally:
        context.close()
    assert copied == fetch(f"{site_url}/{latest}/{OPERATION}index.md")[2]
    assert watch.errors == []


def test_without_javascript_an_operation_page_links_its_markdown(browser, site_url, latest):
    context = browser.new_context(java_script_enabled=False, base_url=site_url)
    page = context.new_page()
    try:
        page.goto(f"/{latest}/{OPERATION}")
        link = page.get_by_role("link", name="This page as Markdown")
        assert link.is_visible()
        assert page.get_by_role("button", name="Copy as Markdown").count() == 0
        href = link.evaluate("e => e.href")
    finally:
        context.close()
    assert fetch(href)[2].startswith("# Scan a library\n")
