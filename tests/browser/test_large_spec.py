"""A spec too large for Scalar to load whole reaches it as small parts; nothing is lost for the reader.

The pinned specs are small, so this site is built from them with the thresholds lowered until every
tag is a part of its own and the larger tags are cut into chunks.
"""

import pytest

from generator import pins
from generator.commands.build import build_site
from generator.site import scalar, split
from tests.browser.conftest import PROJECT, netlify_dev, wait_for_scalar
from tests.browser.test_site import sidebar_operations


@pytest.fixture(scope="module")
def split_site_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("split") / "site"
    saved = scalar.SPLIT_OPERATIONS, split.MAX_PART_BYTES
    scalar.SPLIT_OPERATIONS, split.MAX_PART_BYTES = 10, 8_000
    try:
        build_site(PROJECT, pins.releases(PROJECT / "specs"), out)
    finally:
        scalar.SPLIT_OPERATIONS, split.MAX_PART_BYTES = saved
    with netlify_dev(out, tmp_path_factory.mktemp("split-log")) as url:
        yield url


def test_a_deep_link_into_a_chunk_of_a_large_tag_opens_that_operation(page, split_site_url, latest, releases):
    spec = dict(releases)[latest]
    summary = spec["paths"]["/api/libraries/{id}/scan"]["post"]["summary"]
    page.goto(f"{split_site_url}/{latest}/docs/developer/api/#tag/libraries/POST/api/libraries/{{id}}/scan")
    wait_for_scalar(page)
    heading = page.get_by_role("heading", name=summary, exact=True)
    heading.wait_for(state="visible")
    assert heading.bounding_box()["y"] < page.viewport_size["height"]


def test_a_deep_link_fetches_its_own_part_and_no_other_while_the_tab_is_idle(page, split_site_url, latest,
                                                                          releases):
    """Once the first document shows, Scalar fetches every other part while the browser is idle (on
    Microsoft Graph that took the tab past 700 MB): the mount script lets a part's fetch go only once
    Scalar selects that part."""
    summary = dict(releases)[latest]["paths"]["/api/libraries/{id}/scan"]["post"]["summary"]
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(f"{split_site_url}/{latest}/docs/developer/api/#tag/libraries/POST/api/libraries/{{id}}/scan")
    wait_for_scalar(page)
    page.get_by_role("heading", name=summary, exact=True).wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(3000)  # what Scalar would fetch while idle, it would have asked for by now
    parts = {url.rsplit("/", 1)[1] for url in fetched if f"/{scalar.PARTS_DIR}/" in url}
    parts.discard("components.shared.json")
    assert len(parts) == 1 and next(iter(parts)).startswith("libraries"), parts


def test_every_operation_is_reachable_through_the_document_selector(page, split_site_url, latest, releases):
    spec = dict(releases)[latest]
    page.goto(f"{split_site_url}/{latest}/docs/developer/api/")
    wait_for_scalar(page)
    config = page.evaluate("() => JSON.parse(document.getElementById('aviato-scalar-config').textContent)")
    found = set()
    for source in config["sources"]:
        page.goto(f"{split_site_url}/{latest}/docs/developer/api/?api={source['slug']}")
        wait_for_scalar(page)
        page.get_by_text(source["title"]).first.wait_for()
        found |= sidebar_operations(page)
    expected = {f"{m.upper()} {path}" for path, item in spec["paths"].items() for m in item
                if m in ("get", "put", "post", "delete", "patch")}
    assert found == expected
    assert len(config["sources"]) > len(spec["tags"]), "some tags were cut into chunks"


def test_the_document_selectors_last_entry_lists_every_schema_as_scalars_models(page, split_site_url, latest,
                                                                               releases):
    """The parts carry few schemas and show no Models list; the schemas' own document does."""
    names = dict(releases)[latest]["components"]["schemas"]
    page.goto(f"{split_site_url}/{latest}/docs/developer/api/?api={scalar.MODELS}")
    wait_for_scalar(page)
    page.get_by_text(f"Models: {len(names)} schemas").first.wait_for()
    page.locator('[data-sidebar-id$="/models"] a').first.click()
    for name in names:
        page.locator("[data-sidebar-id]").get_by_text(name, exact=True).first.wait_for(state="attached")


@pytest.fixture(scope="module")
def untagged_site_url(tmp_path_factory, latest):
    """The latest release with every tag taken away, cut into parts as a large spec would be."""
    import json

    from generator.pins import Pin, Release
    from generator.spec import RawSpec, load

    document = json.loads((PROJECT / "specs" / f"{latest}.json").read_text())
    document.pop("tags", None)
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation.pop("tags", None)
    data = json.dumps(document).encode()
    release = Release(Pin(latest, f"{latest}.json", "", len(data), "test", "", 0),
                      load(RawSpec(f"{latest}.json", data, latest)))
    out = tmp_path_factory.mktemp("untagged") / "site"
    saved = scalar.SPLIT_OPERATIONS, split.MAX_PART_BYTES
    scalar.SPLIT_OPERATIONS, split.MAX_PART_BYTES = 10, 8_000
    try:
        build_site(PROJECT, [release], out, use_cache=False)
    finally:
        scalar.SPLIT_OPERATIONS, split.MAX_PART_BYTES = saved
    with netlify_dev(out, tmp_path_factory.mktemp("untagged-log")) as url:
        yield url


def test_a_spec_without_tags_is_browsed_by_path_prefix_and_deep_links_still_land(page, untagged_site_url, latest,
                                                                                 releases):
    summary = dict(releases)[latest]["paths"]["/api/libraries/{id}/scan"]["post"]["summary"]
    # Scalar lists an operation without a tag outside any tag: its deep link names none.
    page.goto(f"{untagged_site_url}/{latest}/docs/developer/api/#POST/api/libraries/{{id}}/scan")
    wait_for_scalar(page)
    heading = page.get_by_role("heading", name=summary, exact=True)
    heading.wait_for(state="visible")
    assert heading.bounding_box()["y"] < page.viewport_size["height"]
    config = page.evaluate("() => JSON.parse(document.getElementById('aviato-scalar-config').textContent)")
    titles = [source["title"] for source in config["sources"] if source["slug"] not in ("webhooks", scalar.MODELS)]
    assert titles and all(title.startswith("/api/") for title in titles), titles
    assert not any(title.startswith("default") for title in titles)
