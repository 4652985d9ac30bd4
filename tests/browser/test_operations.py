"""The static operation pages, as a reader meets them on the site served as Netlify serves it."""

import urllib.request
from contextlib import contextmanager

import pytest

from generator.render.operations import url_segment
from tests.browser.conftest import PageWatch, wait_for_scalar

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
OPERATIONS = "docs/developer/api/operations"


def operation_ids(spec: dict) -> dict[str, dict]:
    """operationId -> operation object, for every operation of a spec."""
    return {op["operationId"]: {**op, "method": m.upper(), "path": path} for path, item in spec["paths"].items()
            for m, op in item.items() if m in METHODS}


def url(tag: str | None, operation_id: str) -> str:
    return f"/{tag + '/' if tag else ''}{OPERATIONS}/{url_segment(operation_id)}/"


@contextmanager
def page_without_javascript(browser, site_url):
    """A page of a fresh context with JavaScript off; on leaving, no request has left the site."""
    context = browser.new_context(java_script_enabled=False, base_url=site_url)
    page = context.new_page()
    watch = PageWatch()
    page.on("request", watch.on_request)
    try:
        yield page
    finally:
        context.close()
    assert watch.foreign == []


@pytest.fixture(scope="module")
def ever(releases) -> dict[str, list[str]]:
    """operationId -> the tags that have it, for every operation any pinned release published."""
    found: dict[str, list[str]] = {}
    for tag, spec in releases:
        for operation_id in operation_ids(spec):
            found.setdefault(operation_id, []).append(tag)
    return found


def fetch(base: str, path: str) -> tuple[int, str]:
    with urllib.request.urlopen(base + path, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


def test_every_operation_url_ever_published_answers_in_every_version_and_unversioned(site_url, releases, latest, ever):
    for tag, spec in releases:
        own = operation_ids(spec)
        full = 0
        for operation_id in ever:
            status, body = fetch(site_url, url(tag, operation_id))
            assert status == 200, f"{tag}: {operation_id}"
            if operation_id in own:
                full += 1
                assert "Open in the interactive reference" in body, f"{tag} has {operation_id}: its full page"
            else:
                assert f"Not in {tag}" in body, f"{tag} lacks {operation_id}: a page that says so"
        assert full == len(own), f"{tag}: one page per operation of its spec"
    for operation_id, present in ever.items():
        for prefix in (None, "latest"):  # both serve the latest release
            status, body = fetch(site_url, url(prefix, operation_id))
            assert status == 200, f"{prefix or 'unversioned'}: {operation_id}"
            expected = "Open in the interactive reference" if latest in present else f"Not in {latest}"
            assert expected in body, f"{prefix or 'unversioned'}: {operation_id} as in {latest}"


def test_an_operation_page_reads_with_javascript_disabled(browser, site_url, latest, releases):
    spec = dict(releases)[latest]
    operation = spec["paths"]["/api/libraries/{id}/scan"]["post"]
    with page_without_javascript(browser, site_url) as page:
        assert page.goto(url(latest, operation["operationId"])).ok
        assert page.get_by_role("heading", level=1).inner_text().startswith(operation["summary"])
        article = page.locator("article")
        assert article.get_by_text("/api/libraries/{id}/scan", exact=True).first.is_visible()
        for heading in ("Authentication", "Parameters", "Responses", "Example"):
            assert page.get_by_role("heading", level=2, name=heading).is_visible()
        assert article.locator("details.aviato-response[open] .aviato-fields").first.is_visible(), \
            "the success response's fields show without a click"
        assert "Authorization: Bearer $AVIATO_API_KEY" in article.locator("pre").first.inner_text()


def test_the_open_in_reference_button_lands_on_the_operation_in_scalar(page, latest, releases):
    operation = dict(releases)[latest]["paths"]["/api/libraries/{id}/scan"]["post"]
    page.goto(url(latest, operation["operationId"]))
    page.get_by_role("link", name="Open in the interactive reference").click()
    page.wait_for_url(lambda at: at.endswith(f"/{latest}/docs/developer/api/#tag/libraries/POST/api/libraries/{{id}}/scan"))
    wait_for_scalar(page)
    heading = page.get_by_role("heading", name=operation["summary"], exact=True)
    heading.wait_for(state="visible")
    box = heading.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert header["y"] + header["height"] <= box["y"] < page.viewport_size["height"], "in view, below the header"


@pytest.mark.parametrize("query, operation_id", [
    ("/api/libraries/{id}/scan", "scanLibrary"),  # a path, as people paste it
    ("scanLibrary", "scanLibrary"),  # the operationId
    ("Scan a library", "scanLibrary"),  # the summary
    ("jobId", "getScanJob"),  # a parameter name
])
def test_the_site_search_finds_an_operations_page(page, latest, query, operation_id):
    page.goto(f"/{latest}/docs/developer/")
    page.locator(".md-search__input").click()
    page.keyboard.type(query)  # Material searches on key events; fill() alone sends none
    result = page.locator(f'.md-search-result__link[href*="/operations/{url_segment(operation_id)}/"]').first
    result.wait_for(state="visible")
    result.click()
    page.wait_for_url(f"**/{latest}/{OPERATIONS}/{url_segment(operation_id)}/**")


def switch_version(page, tag: str) -> None:
    page.locator(".md-version__current").hover(force=True)
    page.locator(".md-version__link", has_text=tag).click()


def test_switching_version_on_an_operation_page_keeps_the_operation(page, releases, ever):
    tags = [tag for tag, _ in releases]
    operation_id = next(i for i, present in ever.items() if len(present) == len(tags))
    summary = operation_ids(dict(releases)[tags[0]])[operation_id]["summary"]
    page.goto(url(tags[-1], operation_id))
    switch_version(page, tags[0])
    page.wait_for_url(f"**{url(tags[0], operation_id)}")
    assert page.get_by_role("heading", level=1).inner_text().startswith(summary)


def test_switching_to_a_version_without_the_operation_explains_its_absence(page, releases, ever):
    newest, oldest = releases[0][0], releases[-1][0]
    operation_id = next(i for i, present in ever.items() if oldest not in present and newest in present)
    page.goto(url(newest, operation_id))
    switch_version(page, oldest)
    page.wait_for_url(f"**{url(oldest, operation_id)}")
    note = page.locator("article .admonition").first
    assert note.inner_text().startswith(f"Not in {oldest}")
    assert f"It was added in {ever[operation_id][-1]}." in note.inner_text()  # newest first
    page.get_by_role("link", name=newest, exact=True).last.click()
    page.wait_for_url(f"**{url(newest, operation_id)}")


def test_a_removed_operation_names_its_replacement_at_its_unversioned_url(page, latest, releases, ever):
    operation_id, present = next((i, p) for i, p in ever.items() if latest not in p)
    spec = dict(releases)[present[-1]]
    replacement = operation_ids(spec)[operation_id].get("x-aviato-replaced-by")
    page.goto(url(None, operation_id))
    text = page.locator("article").inner_text()
    assert f"Not in {latest}" in text
    if replacement:
        page.get_by_role("link", name=replacement).first.click()
        page.wait_for_url(f"**{url(None, replacement)}")


SCHEMAS = "docs/developer/api/schemas"


def schema_url(tag: str | None, name: str) -> str:
    return f"/{tag + '/' if tag else ''}{SCHEMAS}/{url_segment(name)}/"


@pytest.fixture(scope="module")
def schemas_ever(releases) -> dict[str, list[str]]:
    """schema name -> the tags that have it (newest first), for every schema any pinned release published."""
    found: dict[str, list[str]] = {}
    for tag, spec in releases:
        for name in spec.get("components", {}).get("schemas", {}):
            found.setdefault(name, []).append(tag)
    return found


def test_every_schema_url_ever_published_answers_in_every_version_and_unversioned(site_url, releases, latest,
                                                                                  schemas_ever):
    for tag, spec in releases:
        own = spec.get("components", {}).get("schemas", {})
        for name in schemas_ever:
            status, body = fetch(site_url, schema_url(tag, name))
            assert status == 200, f"{tag}: {name}"
            assert ('<h2 id="fields">' in body) == (name in own), f"{tag}: {name}, its page or a page of absence"
    for name in schemas_ever:
        status, _ = fetch(site_url, schema_url(None, name))
        assert status == 200, f"unversioned: {name}"


def test_the_reference_page_without_javascript_leads_to_the_operation_pages(browser, site_url, latest, releases):
    """The reference page does not list the operations itself (Microsoft Graph's 11,422 made it 2 MB for
    every reader): it leads to the list of operations, and that to each operation's page."""
    spec = dict(releases)[latest]
    operation = spec["paths"]["/api/libraries/{id}/scan"]["post"]
    with page_without_javascript(browser, site_url) as page:
        assert page.goto(f"/{latest}/docs/developer/api/").ok
        notice = page.locator("noscript p")  # Playwright's text and role locators skip <noscript>
        assert notice.inner_text().startswith("The interactive reference needs JavaScript.")
        assert notice.bounding_box()["height"] > 0
        notice.locator('a[href="operations/"]').click()
        page.wait_for_url(f"**/{latest}/{OPERATIONS}/")
        page.locator("article a", has_text="POST /api/libraries/{id}/scan").first.click()
        page.wait_for_url(f"**{url(latest, operation['operationId'])}")
        assert page.get_by_role("heading", level=1).inner_text().startswith(operation["summary"])


def test_a_schema_page_reads_with_javascript_disabled_and_leads_to_its_operations(browser, site_url, latest):
    with page_without_javascript(browser, site_url) as page:
        assert page.goto(schema_url(latest, "MediaItemPage")).ok
        assert page.get_by_role("heading", level=1).inner_text().startswith("MediaItemPage")
        for heading in ("Fields", "Example", "Used by"):
            assert page.get_by_role("heading", level=2, name=heading).is_visible()
        assert page.locator("article code.aviato-name", has_text="total").is_visible()
        page.locator("article a", has_text="/api/items").first.click()
        page.wait_for_url(f"**{url(latest, 'listItems')}")


def test_an_old_link_to_a_schema_an_operation_page_no_longer_expands_lands_next_to_its_page(page, latest):
    page.goto(url(latest, "listItems") + "#schema-MediaItem")
    stub = page.locator("#schema-MediaItem")
    stub.wait_for(state="visible")
    box = stub.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"], "the anchor is scrolled into view"
    stub.get_by_role("link", name="MediaItem").click()
    page.wait_for_url(f"**{schema_url(latest, 'MediaItem')}")
    assert page.locator("article code.aviato-name", has_text="libraryId").first.is_visible()


def test_an_old_link_to_a_field_the_page_no_longer_shows_lands_on_a_note_that_leads_to_it(page, latest):
    """listItems shows MediaItemPage's fields and links `items` to MediaItem's page: the anchor a page
    that expanded every schema gave MediaItem's `libraryId` there leads to that field's own anchor."""
    anchor = "field-response-200.items.libraryId"
    assert page.goto(url(latest, "listItems") + "#" + anchor).ok
    note = page.locator(f'[id="{anchor}"]')
    note.wait_for(state="visible")
    assert "aviato-moved" in note.get_attribute("class")
    box = note.bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"], "the note is scrolled into view"
    assert "response-200.items.libraryId is a field of MediaItem" in note.inner_text()
    note.get_by_role("link", name="MediaItem").click()
    page.wait_for_url(f"**{schema_url(latest, 'MediaItem')}#field-libraryId")
    field = page.locator('[id="field-libraryId"]')
    assert field.locator("code.aviato-name").first.inner_text() == "libraryId"
    assert 0 <= field.bounding_box()["y"] < page.viewport_size["height"]


def test_an_old_link_to_a_schema_the_page_does_not_show_leads_to_its_page(page, latest):
    page.goto(url(latest, "getSession") + "#schema-MediaItem")
    note = page.locator('[id="schema-MediaItem"]')
    note.wait_for(state="visible")
    note.get_by_role("link", name="MediaItem").click()
    page.wait_for_url(f"**{schema_url(latest, 'MediaItem')}")


def test_a_field_anchor_nothing_on_the_page_leads_to_points_at_the_nearest_field_it_shows(page, latest):
    page.goto(url(latest, "listItems") + "#field-response-200.total.nothing")
    note = page.locator('[id="field-response-200.total.nothing"]')
    note.wait_for(state="visible")
    assert "The nearest field it shows is response-200.total." in note.inner_text()
    note.get_by_role("link", name="response-200.total").click()
    assert page.evaluate("location.hash") == "#field-response-200.total"


@pytest.mark.parametrize("hash", [
    "#schema-%2F%2Fevil.example%2Fx",  # another host
    "#field-response-200.items.%3Cimg%20src%3Dx%20onerror%3Dwindow.pwned%3D1%3E",  # markup
])
def test_a_hostile_anchor_is_text_and_leads_nowhere_else(page, latest, hash):
    page.goto(url(latest, "listItems") + hash)
    page.wait_for_load_state("load")
    assert page.evaluate("window.pwned") is None
    assert page.locator("article img").count() == 0
    hrefs = page.locator(".aviato-moved a").evaluate_all("links => links.map(a => a.href)")
    assert all(href.startswith(page.url.split("/docs/")[0]) for href in hrefs), hrefs


def test_switching_to_a_version_without_the_schema_explains_its_absence(page, releases, schemas_ever):
    newest, oldest = releases[0][0], releases[-1][0]
    name = next(n for n, present in schemas_ever.items() if oldest not in present and newest in present)
    page.goto(schema_url(newest, name))
    switch_version(page, oldest)
    page.wait_for_url(f"**{schema_url(oldest, name)}")
    note = page.locator("article .admonition").first
    assert note.inner_text().startswith(f"Not in {oldest}")
    assert f"It was added in {schemas_ever[name][-1]}." in note.inner_text()


def test_the_site_search_finds_a_schema_by_name(page, latest):
    page.goto(f"/{latest}/docs/developer/")
    page.locator(".md-search__input").click()
    page.keyboard.type("MediaItemPage")
    result = page.locator('.md-search-result__link[href*="/schemas/MediaItemPage/"]').first
    result.wait_for(state="visible")
    result.click()
    page.wait_for_url(f"**/{latest}/{SCHEMAS}/MediaItemPage/**")
