"""A body whose own example Scalar would build too long shows the build's example of every field
(generator/site/body_examples.py), in the response panel and in the request's code, in Chromium."""

import json

import pytest

from generator import pins
from generator.pins import Pin, Release
from generator.site import scalar, shared_components
from generator.spec import RawSpec, Resolver, load, operations
from tests.browser.conftest import PROJECT
from tests.browser.test_all_of import operation_text, served_in_parts
from tests.test_body_examples import document, example_of

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
    split_above = sum(1 for _ in operations(Resolver(spec), webhooks=False)) - 1
    with served_in_parts([release], split_above, tmp_path_factory, "wide") as url:
        yield url


def test_a_body_with_a_long_example_shows_the_builds_example_of_every_field(page, wide_site_url):
    part = page.request.get(f"{wide_site_url}/{TAG}/docs/developer/api/{scalar.PARTS_DIR}/wide.json")
    assert part.ok, "the spec is cut into parts"
    get = part.json()["paths"]["/wide"]["get"]["responses"]["200"]["content"]["application/json"]
    shared = page.request.get(f"{wide_site_url}/{TAG}/docs/developer/api/{scalar.PARTS_DIR}/"
                              f"{shared_components.COMPONENTS_FILE}")
    assert example_of(get, part.json(), shared.json() if shared.ok else None)["w0"] == "string"
    text = operation_text(page, f"{wide_site_url}/{TAG}/docs/developer/api/#tag/wide/GET/wide", "GET wide")
    assert '"w0": "string"' in text and '"x": {}' in text, text[-3000:]  # Scalar builds `"x": {"y": ...}`
    text = operation_text(page, f"{wide_site_url}/{TAG}/docs/developer/api/#tag/wide/POST/wide", "POST wide")
    assert "--data '{" in text and '"x": {}' in text, text[-3000:]
