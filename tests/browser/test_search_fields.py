"""The site search finds operations by the fields of their bodies and schemas by name, and lands on
the field, on the site built from specs/ served as Netlify serves it."""

import re

import pytest
from playwright.sync_api import expect

OPERATIONS = "docs/developer/api/operations"
SCHEMAS = "docs/developer/api/schemas"


def search(page, latest: str, query: str) -> None:
    page.goto(f"/{latest}/docs/developer/")
    page.locator(".md-search__input").click()
    page.keyboard.type(query)  # Material searches on key events; fill() alone sends none


def test_searching_a_response_field_finds_get_a_scan_job_and_lands_on_the_field(page, latest):
    search(page, latest, "itemsFound")
    group = page.locator(".md-search-result__item", has_text="Get a scan job").first
    group.wait_for(state="visible")
    # Material's link: the entry's location with ?h=<terms> (search.highlight) before its fragment
    field = group.locator(
        f'.md-search-result__link[href*="/{OPERATIONS}/getScanJob/"][href*="#field-"]'
    ).first
    # Results are redrawn as each key arrives: the first ones are for a prefix ("items") of the query.
    expect(field).to_contain_text("itemsFound")
    field.click()
    page.wait_for_url(f"**/{latest}/{OPERATIONS}/getScanJob/**#field-response-200.itemsFound")
    target = page.locator('[id="field-response-200.itemsFound"]')
    assert target.is_visible() and "itemsFound" in target.inner_text()
    assert target.evaluate(
        "e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
    ), "the field is in view"


@pytest.mark.parametrize(
    "query, operation_id, anchor",
    [
        ("stats.totalSizeBytes", "getLibrary", "field-response-200.stats.totalSizeBytes"),  # a dotted path
        ("scanIntervalMinutes", "createLibrary", "field-request.scanIntervalMinutes"),  # a request body field
    ],
)
def test_searching_a_field_path_finds_the_library_operations(page, latest, query, operation_id, anchor):
    search(page, latest, query)
    result = page.locator(
        f'.md-search-result__link[href*="/{OPERATIONS}/{operation_id}/"][href$="#{anchor}"]'
    ).first
    result.wait_for(state="visible")
    result.click()
    page.wait_for_url(f"**/{OPERATIONS}/{operation_id}/**#{anchor}")
    assert page.locator(f'[id="{anchor}"]').is_visible()


def test_searching_a_schema_name_finds_its_page(page, latest):
    search(page, latest, "ScanJob")
    first = page.locator(".md-search-result__item").first.locator(".md-search-result__link").first
    # the schema's page is the first result, once the results are those of the whole query
    expect(first).to_have_attribute("href", re.compile(f"/{SCHEMAS}/ScanJob/"))
    first.click()
    page.wait_for_url(f"**/{latest}/{SCHEMAS}/ScanJob/**")


def test_on_the_reference_the_index_waits_until_the_deep_linked_operation_shows_then_search_works(
        page, latest, releases):
    """Material fetches the search index as a page loads; on the interactive reference that competed
    with Scalar showing the deep link's operation (Microsoft Graph's index is 6.8 MB): it is fetched
    once the operation shows (overrides/assets/javascripts/reference-search.js)."""
    summary = dict(releases)[latest]["paths"]["/api/libraries/{id}/scan"]["post"]["summary"]
    events = []
    page.on("request", lambda request: events.append("index") if request.url.endswith(
        "/search/search_index.json") else None)
    page.goto(f"/{latest}/docs/developer/api/#tag/libraries/POST/api/libraries/{{id}}/scan")
    page.get_by_role("heading", name=summary, exact=True).wait_for(state="visible")
    events.append("shown")
    page.locator(".md-search__input").click()
    page.keyboard.type("itemsFound")
    page.locator(".md-search-result__item", has_text="Get a scan job").first.wait_for(state="visible")
    assert events.count("index") == 1 and events.index("shown") < events.index("index"), events
