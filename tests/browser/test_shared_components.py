"""Scalar follows a part's relative `$ref`s into the version's shared components file, under the
site's Content-Security-Policy, and shows what they name as if the part carried it.

The latest pinned release, split at a lowered threshold into one part per tag.
"""

import json
import re
from contextlib import contextmanager

import pytest

from generator import pins
from generator.commands.build import build_site
from generator.site import scalar, shared_components, split
from tests.browser.conftest import PROJECT, netlify_dev, wait_for_scalar

API = "docs/developer/api"


def build_in_parts(release, out, budget: float = 0) -> None:
    """Build `release` with its reference cut into parts (one per tag), as a large spec's would be;
    every component shared unless a `budget` (scalar.PARTS_BUDGET) leaves room for copies."""
    saved = scalar.SPLIT_OPERATIONS, split.MAX_PART_BYTES, scalar.PARTS_BUDGET
    scalar.SPLIT_OPERATIONS, split.MAX_PART_BYTES, scalar.PARTS_BUDGET = 10, 10_000_000, budget
    try:
        build_site(PROJECT, [release], out, use_cache=False)
    finally:
        scalar.SPLIT_OPERATIONS, split.MAX_PART_BYTES, scalar.PARTS_BUDGET = saved


@contextmanager
def served_in_parts(tmp_path_factory, latest, name: str, budget: float = 0):
    """The latest release built in parts (`build_in_parts`), served as Netlify serves it: (site, URL)."""
    out = tmp_path_factory.mktemp(name) / "site"
    release = next(r for r in pins.releases(PROJECT / "specs") if r.tag == latest)
    build_in_parts(release, out, budget)
    with netlify_dev(out, tmp_path_factory.mktemp(f"{name}-log")) as url:
        yield out, url


def libraries_part(out, latest, releases) -> tuple[dict, dict, dict]:
    """The operation the deep links open, the schema of its body, and the part it is in, as built."""
    spec = dict(releases)[latest]
    operation = spec["paths"]["/api/libraries"]["post"]
    part = json.loads((out / latest / API / scalar.PARTS_DIR / "libraries.json").read_bytes())
    return operation, spec["components"]["schemas"]["LibraryCreate"], part


def shows_every_field(page, operation: dict, body: dict) -> None:
    """Scalar shows the operation with every field of its body's schema, described."""
    wait_for_scalar(page)
    heading = page.get_by_role("heading", name=operation["summary"], exact=True)
    heading.wait_for(state="visible")
    section = page.locator("section", has=heading).last
    for name, field in body["properties"].items():
        section.get_by_text(name, exact=True).first.wait_for(state="attached")
        assert field["description"] in section.inner_text(), name


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory, latest):
    with served_in_parts(tmp_path_factory, latest, "shared") as served:
        yield served


def test_a_deep_link_shows_the_fields_of_a_schema_its_part_names_in_the_shared_file(page, shared_site, latest,
                                                                                    releases):
    out, url = shared_site
    operation, body, part = libraries_part(out, latest, releases)
    assert "schemas" not in part.get("components", {}), "the part carries no schema of its own"
    fetched = []
    page.on("response", lambda response: fetched.append((response.url, response.status)))
    reply = page.goto(f"{url}/{latest}/{API}/#tag/libraries/POST/api/libraries")
    assert "connect-src 'self'" in reply.headers["content-security-policy"]
    shows_every_field(page, operation, body)
    shared = f"{url}/{latest}/{API}/{scalar.PARTS_DIR}/{shared_components.COMPONENTS_FILE}"
    assert (shared, 200) in fetched, "the shared components came from the site itself"


def test_a_response_named_in_the_shared_file_shows_its_description(page, shared_site, latest, releases):
    _, url = shared_site
    spec = dict(releases)[latest]
    operation = spec["paths"]["/api/libraries"]["post"]
    named = [spec["components"]["responses"][r["$ref"].rsplit("/", 1)[1]]["description"]
             for r in operation["responses"].values() if "$ref" in r]
    assert named, "the operation names responses in components"
    page.goto(f"{url}/{latest}/{API}/#tag/libraries/POST/api/libraries")
    wait_for_scalar(page)
    heading = page.get_by_role("heading", name=operation["summary"], exact=True)
    heading.wait_for(state="visible")
    section = page.locator("section", has=heading).last
    for description in named:
        section.get_by_text(description).first.wait_for(state="attached")


@pytest.fixture(scope="module")
def shared_30_site(tmp_path_factory, latest):
    """The latest release said as OpenAPI 3.0, one field of a shared schema `nullable` as 3.0 writes it."""
    from generator.pins import Pin, Release
    from generator.spec import RawSpec, load

    document = json.loads((PROJECT / "specs" / f"{latest}.json").read_text())
    document["openapi"] = "3.0.3"
    document["components"]["schemas"]["LibraryCreate"]["properties"]["name"]["nullable"] = True
    data = json.dumps(document).encode()
    release = Release(Pin(latest, f"{latest}.json", "", len(data), "test", "", 0),
                      load(RawSpec(f"{latest}.json", data, latest)))
    out = tmp_path_factory.mktemp("shared-30") / "site"
    build_in_parts(release, out)
    with netlify_dev(out, tmp_path_factory.mktemp("shared-30-log")) as url:
        yield url


def test_a_nullable_field_of_a_30_spec_reads_as_nullable_from_the_shared_file(page, shared_30_site, latest,
                                                                              releases):
    operation = dict(releases)[latest]["paths"]["/api/libraries"]["post"]
    page.goto(f"{shared_30_site}/{latest}/{API}/#tag/libraries/POST/api/libraries")
    wait_for_scalar(page)
    heading = page.get_by_role("heading", name=operation["summary"], exact=True)
    heading.wait_for(state="visible")
    section = page.locator("section", has=heading).last
    section.get_by_text("Display name.").first.wait_for(state="attached")
    # Scalar shows 3.1's `type: [string, null]` as "string | null", a 3.0 `nullable` left as it is apart
    assert re.search(r"\bname\s+Type:\s+string \| null\b", section.inner_text()), section.inner_text()[:600]


@pytest.fixture(scope="module")
def copies_site(tmp_path_factory, latest):
    """Parts with room for copies: each carries the components only it reaches."""
    with served_in_parts(tmp_path_factory, latest, "copies", scalar.PARTS_BUDGET) as served:
        yield served


def test_a_deep_link_shows_the_fields_of_a_schema_its_part_carries_and_no_models_list(page, copies_site, latest,
                                                                                    releases):
    out, url = copies_site
    operation, body, part = libraries_part(out, latest, releases)
    assert "LibraryCreate" in part["components"]["schemas"], "the part carries the schema only it reaches"
    page.goto(f"{url}/{latest}/{API}/#tag/libraries/POST/api/libraries")
    shows_every_field(page, operation, body)
    # a part's own few schemas are no list of the API's models (every schema has its page)
    page.locator('[data-sidebar-id$="/POST/api/libraries"]').first.wait_for(state="attached")
    assert page.locator('[data-sidebar-id$="/models"]').count() == 0
