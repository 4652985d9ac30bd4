"""The parts of a large spec give Scalar its bodies' `allOf` merged (generator/site/all_of.py): the
reference shows them as Scalar's own merge does on a spec it loads whole, nested fields that inherit
included (their schemas are merged too).

Two releases of one spec with inheriting bodies: the first small enough for Scalar to load whole (it
merges them itself), the second with more operations, cut into parts (merged by the build).
"""

import json
import re
from contextlib import contextmanager

import pytest

from generator import pins
from generator.commands.build import build_site
from generator.pins import Pin, Release
from generator.site import scalar
from generator.spec import RawSpec, Resolver, load, operations
from tests.browser.conftest import PROJECT, netlify_dev, wait_for_scalar
from tests.test_all_of import body, inheriting, ref

WHOLE, PARTS = "v1.0.0", "v2.0.0"
FILLERS = 3  # operations the second release adds, so that it is cut into parts


def with_inheriting_bodies(base: dict, fillers: int) -> dict:
    document = json.loads(json.dumps(base))
    extra = inheriting()
    for operation in (op for item in extra["paths"].values() for op in item.values()):
        operation["tags"] = ["users"]
    extra["paths"]["/users/{id}"]["get"]["summary"] = "Get a user"
    extra["paths"]["/users/{id}"]["patch"]["summary"] = "Update a user"
    for number in range(fillers):
        extra["paths"][f"/fillers/{number}"] = {"get": {"tags": ["fillers"], "summary": f"Filler {number}",
                                                        "responses": {"204": {"description": "Done"}}}}
    document["paths"].update(extra["paths"])
    document["components"]["schemas"].update(extra["components"]["schemas"])
    document.setdefault("tags", []).extend([{"name": "users"}, {"name": "fillers"}])
    return document


@pytest.fixture(scope="module")
def inheriting_site_url(tmp_path_factory):
    with two_releases(with_inheriting_bodies, tmp_path_factory, "inheriting") as url:
        yield url


@contextmanager
def two_releases(document_of, tmp_path_factory, name: str):
    """The site of the latest pinned spec with `document_of(spec, fillers)`'s additions, served: WHOLE
    without fillers, loaded by Scalar whole, and PARTS with FILLERS operations more, cut into parts."""
    latest = pins.releases(PROJECT / "specs")[-1].tag
    base = json.loads((PROJECT / "specs" / f"{latest}.json").read_text())
    releases = []
    for tag, fillers in ((WHOLE, 0), (PARTS, FILLERS)):
        data = json.dumps(document_of(base, fillers)).encode()
        releases.append(Release(Pin(tag, f"{tag}.json", "", len(data), "test", "", 0),
                                load(RawSpec(f"{tag}.json", data, tag))))
    first = document_of(base, 0)
    with served_in_parts(releases, sum(1 for _ in operations(Resolver(first), webhooks=False)),
                         tmp_path_factory, name) as url:
        yield url


@contextmanager
def served_in_parts(releases: list[Release], split_above: int, tmp_path_factory, name: str):
    """The site of `releases` built with every spec of more than `split_above` operations cut into
    parts, served as Netlify serves it; its URL."""
    out = tmp_path_factory.mktemp(name) / "site"
    saved = scalar.SPLIT_OPERATIONS
    scalar.SPLIT_OPERATIONS = split_above
    try:
        build_site(PROJECT, releases, out, use_cache=False)
    finally:
        scalar.SPLIT_OPERATIONS = saved
    with netlify_dev(out, tmp_path_factory.mktemp(f"{name}-log")) as url:
        yield url


def operation_text(page, url: str, heading: str) -> str:
    page.goto(url)
    wait_for_scalar(page)
    shown = page.get_by_role("heading", name=heading, exact=True).first
    shown.wait_for(state="visible")
    page.wait_for_timeout(500)  # the examples beside it
    text = shown.evaluate("e => e.closest('section').innerText")
    return re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+Z", "<date-time>", text)  # Scalar's examples: the time now


@pytest.mark.parametrize("hash_, heading", [("#tag/users/PATCH/users/{id}", "Update a user"),
                                            ("#tag/users/GET/users/{id}", "Get a user")])
def test_a_body_that_inherits_shows_what_scalars_own_merge_shows(page, inheriting_site_url, hash_, heading):
    part = page.request.get(f"{inheriting_site_url}/{PARTS}/docs/developer/api/{scalar.PARTS_DIR}/users.json")
    assert part.ok, "the second release is cut into parts"
    part = part.json()
    media = part["paths"]["/users/{id}"]["patch"]["requestBody"]["content"]["application/json"]
    assert media["schema"]["$ref"].endswith(".merged-request"), "the part's body is merged"
    whole = operation_text(page, f"{inheriting_site_url}/{WHOLE}/docs/developer/api/{hash_}", heading)
    merged = operation_text(page, f"{inheriting_site_url}/{PARTS}/docs/developer/api/{hash_}", heading)
    fields = ["id", "@odata.type", "deletedDateTime", "displayName", "manager", "memberOf"]
    if "PATCH" in hash_:
        assert all(re.search(rf"^{re.escape(field)}$", merged, re.M) for field in fields), merged
        assert "A person with an account." in merged
    assert ([line for line in whole.splitlines() if line.strip()]
            == [line for line in merged.splitlines() if line.strip()])


def with_a_self_holding_schema(base: dict, fillers: int) -> dict:
    """`base` with Microsoft Graph's termStore shape added: a term inherits and one of its fields is
    an array of terms; a new relation's body names a term."""
    document = with_inheriting_bodies(base, fillers)
    document["components"]["schemas"].update({
        "Term": {"allOf": [ref("Entity"), {"title": "term", "type": "object", "properties": {
            "label": {"type": "string"}, "children": {"type": "array", "items": ref("Term")}}}]},
        "Relation": {"allOf": [ref("Entity"), {"title": "relation", "type": "object", "properties": {
            "fromTerm": {"anyOf": [ref("Term"), {"type": "null"}]}}}]}})
    document["paths"]["/relations"] = {"post": {
        "tags": ["terms"], "summary": "Create a relation", "requestBody": body("Relation", True),
        "responses": {"204": {"description": "Done"}}}}
    document["tags"].append({"name": "terms"})
    return document


@pytest.fixture(scope="module")
def self_holding_site_url(tmp_path_factory):
    with two_releases(with_a_self_holding_schema, tmp_path_factory, "self-holding") as url:
        yield url


RELATION = "#tag/terms/POST/relations"


@pytest.mark.console_errors_expected
def test_scalars_own_merge_of_a_schema_whose_array_holds_its_own_kind_never_ends(page, page_watch,
                                                                                 self_holding_site_url):
    """What the build's merge is for: given the spec whole, Scalar merges the term's `allOf`, then its
    children's, and so on, until the stack runs out."""
    operation_text(page, f"{self_holding_site_url}/{WHOLE}/docs/developer/api/{RELATION}", "Create a relation")
    assert any("Maximum call stack size exceeded" in error for error in page_watch.errors), page_watch.errors


def test_in_parts_a_schema_whose_array_holds_its_own_kind_shows_its_fields_with_no_error(
        page, self_holding_site_url):
    text = operation_text(page, f"{self_holding_site_url}/{PARTS}/docs/developer/api/{RELATION}",
                          "Create a relation")
    for field in ("id", "fromTerm"):
        assert re.search(rf"^{re.escape(field)}$", text, re.M), text
    assert "{ id, @odata.type, children, +1 }" in text, "the term's preview, as Scalar shows it: " + text
