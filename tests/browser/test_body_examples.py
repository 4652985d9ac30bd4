"""A body whose own example Scalar would build too long shows the build's example of every field
(generator/site/body_examples.py), in the response panel and in the request's code, in Chromium."""

import json

import pytest

from generator import pins
from generator.commands.build import build_site
from generator.pins import Pin, Release
from generator.site import scalar
from generator.spec import RawSpec, Resolver, load, operations
from tests.browser.conftest import PROJECT, netlify_dev, wait_for_scalar
from tests.test_body_examples import document

TAG = "v2.0.0"


@pytest.fixture(scope="module")
def wide_site_url(tmp_path_factory):
    latest = pins.releases(PROJECT / "specs")[-1].tag
    spec = json.loads((PROJECT / "specs" / f"{latest}.json").read_text())
    wide = document()
    for path, item in wide["paths"].items():
        for method, operation in item.items():
            operation.update(tags=["wide"], summary=f"{method.upper()} {path.strip('/')}")
    spec["paths"].update(wide["paths"])
    spec["components"]["schemas"].update(wide["components"]["schemas"])
    spec.setdefault("tags", []).append({"name": "wide"})
    data = json.dumps(spec).encode()
    release = Release(Pin(TAG, f"{TAG}.json", "", len(data), "test", "", 0),
                      load(RawSpec(f"{TAG}.json", data, TAG)))
    out = tmp_path_factory.mktemp("wide") / "site"
    saved = scalar.SPLIT_OPERATIONS
    scalar.SPLIT_OPERATIONS = sum(1 for _ in operations(Resolver(spec), webhooks=False)) - 1
    try:
        build_site(PROJECT, [release], out, use_cache=False)
    finally:
        scalar.SPLIT_OPERATIONS = saved
    with netlify_dev(out, tmp_path_factory.mktemp("wide-log")) as url:
        yield url


def section_text(page, url: str, heading: str) -> str:
    page.goto(url)
    wait_for_scalar(page)
    shown = page.get_by_role("heading", name=heading, exact=True).first
    shown.wait_for(state="visible")
    page.wait_for_timeout(500)  # the examples beside it
    return shown.evaluate("e => e.closest('section').innerText")


def test_a_body_with_a_long_example_shows_the_builds_example_of_every_field(page, wide_site_url):
    part = page.request.get(f"{wide_site_url}/{TAG}/docs/developer/api/{scalar.PARTS_DIR}/wide.json")
    assert part.ok, "the spec is cut into parts"
    get = part.json()["paths"]["/wide"]["get"]["responses"]["200"]["content"]["application/json"]
    assert get["example"]["w0"] == "string"
    text = section_text(page, f"{wide_site_url}/{TAG}/docs/developer/api/#tag/wide/GET/wide", "GET wide")
    assert '"w0": "string"' in text and '"x": {}' in text, text[-3000:]  # Scalar builds `"x": {"y": ...}`
    text = section_text(page, f"{wide_site_url}/{TAG}/docs/developer/api/#tag/wide/POST/wide", "POST wide")
    assert "--data '{" in text and '"x": {}' in text, text[-3000:]
