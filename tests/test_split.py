"""Large specs reach Scalar as small self-contained parts: one per tag, large tags cut into chunks."""

import json

import orjson
import pytest

from generator.facts import METHODS, extract
from generator.site import scalar
from generator.site.shared_components import share
from generator.site.split import path_prefix, split
from tests.conftest import PROJECT


@pytest.fixture(scope="module")
def document():
    return json.loads((PROJECT / "specs/v1.2.0.json").read_text())


def operations_of(document):
    return {(path, method) for path, item in document.get("paths", {}).items() for method in item if method in METHODS}


def refs_in(node):
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str):
            yield node["$ref"]
        for value in node.values():
            yield from refs_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs_in(value)


def resolves(document, ref):
    node = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return False
        node = node[part]
    return True


@pytest.mark.parametrize("max_bytes", [10**9, 8_000])  # whole tags; tags cut into chunks
def test_every_operation_lands_in_exactly_one_part(document, max_bytes):
    parts = split(document, max_bytes)
    seen = [op for part in parts for op in operations_of(part.document)]
    assert sorted(seen) == sorted(operations_of(document))
    assert sum(part.operations for part in parts if part.slug != "webhooks") == len(seen)


@pytest.mark.parametrize("max_bytes", [10**9, 8_000])
def test_each_part_carries_every_component_its_refs_reach(document, max_bytes):
    for part in split(document, max_bytes):
        dangling = [ref for ref in refs_in(part.document) if not resolves(part.document, ref)]
        assert dangling == [], part.slug
        assert part.document["components"]["securitySchemes"] == document["components"]["securitySchemes"]


def test_a_part_holds_only_the_components_it_needs(document):
    parts = {part.slug: part for part in split(document)}
    assert "Collection" in parts["collections"].document["components"]["schemas"]
    assert "Collection" not in parts["settings"].document["components"]["schemas"]


def test_a_tag_too_large_is_cut_into_ordered_chunks_that_stay_under_the_limit(document):
    # The limit counts what a part holds once its components are shared (shared_components.py).
    parts = [part for part in share(split(document, 8_000)).parts if part.tag_slug == "libraries"]
    assert len(parts) > 1
    assert [part.slug for part in parts] == [f"libraries-{n}" for n in range(1, len(parts) + 1)]
    firsts = [part.first for part in parts]
    assert firsts == sorted(firsts), "chunks follow (path, method) order"
    for part in parts:
        assert part.title.startswith("Libraries (")
        if part.operations > 1:
            assert len(orjson.dumps(part.document)) <= 8_000 * 1.5


def test_webhooks_get_a_part_of_their_own(document):
    (hooks,) = [part for part in split(document) if part.slug == "webhooks"]
    assert set(hooks.document["webhooks"]) == set(document["webhooks"])
    assert "paths" not in hooks.document


def test_a_spec_under_the_threshold_is_loaded_whole(document):
    facts_count = sum(len(ops) for _, ops in [(0, operations_of(document))])
    assert facts_count < scalar.SPLIT_OPERATIONS
    assert scalar.parts(document, facts_count) == []


def test_the_reference_configuration_lists_parts_and_where_chunks_start(document, mini_spec):
    parts = split(document, 8_000)
    config = scalar.configuration(extract(mini_spec), "openapi.json", parts)
    assert "url" not in config
    assert [s["slug"] for s in config["sources"]] == [p.slug for p in parts]
    assert all(s["url"] == f"tags/{s['slug']}.json" for s in config["sources"])
    chunks = config[scalar.CHUNKS_KEY]["libraries"]
    assert chunks[0][0] == "libraries-1" and chunks[0][1] == "/api/libraries"


@pytest.mark.parametrize("path, prefix", [
    ("/v1/messages/batches/{id}", "/v1/messages"),  # a version segment is kept with what follows it
    ("/api/libraries/{id}/scan", "/api/libraries"),
    ("/repos/{owner}/{repo}", "/repos"),
    ("/{id}", "/"),  # nothing but a parameter
    ("/api/v2/users", "/api/v2/users"),
    ("/", "/"),
])
def test_a_path_prefix_is_what_the_path_is_about(path, prefix):
    assert path_prefix(path) == prefix


@pytest.fixture(scope="module")
def untagged(document):
    """The project's spec with every tag taken away, as generators without tags write them."""
    stripped = json.loads(json.dumps(document))
    stripped.pop("tags", None)
    for item in stripped["paths"].values():
        for method in METHODS:
            if isinstance(item.get(method), dict):
                item[method].pop("tags", None)
    return stripped


@pytest.mark.parametrize("max_bytes", [10**9, 8_000])  # one part per prefix; large prefixes cut in chunks
def test_a_spec_without_tags_is_cut_by_path_prefix_into_parts_named_by_what_they_hold(untagged, max_bytes):
    parts = [part for part in split(untagged, max_bytes) if part.slug != "webhooks"]
    assert len(parts) > 5
    assert all(part.title.startswith("/api/") and "default" not in part.title for part in parts)
    assert len({part.slug for part in parts}) == len(parts)
    seen = [op for part in parts for op in operations_of(part.document)]
    assert sorted(seen) == sorted(operations_of(untagged))
    assert [part.first for part in parts] == sorted(part.first for part in parts)


def test_a_deep_link_into_a_spec_without_tags_finds_the_part_that_holds_its_operation(untagged, mini_spec):
    parts = split(untagged, 8_000)
    chunks = scalar.configuration(extract(mini_spec), "openapi.json", parts)[scalar.CHUNKS_KEY]["default"]
    holder = {op: part.slug for part in parts for op in operations_of(part.document)}
    for path, method in holder:
        # What the mount script's partOf does: the last part that starts at or before (path, method).
        found = [slug for slug, first, index in chunks if (first, index) <= (path, METHODS.index(method))][-1]
        assert found == holder[(path, method)], (path, method)


def test_an_operation_without_a_tag_has_scalars_deep_link_without_a_tag(untagged):
    from generator.spec import RawSpec, load

    spec = load(RawSpec("untagged.json", json.dumps(untagged).encode()))
    scan = next(op for op in extract(spec).operations if op.path == "/api/libraries/{id}/scan")
    assert scan.scalar_anchor == "POST/api/libraries/{id}/scan", "Scalar lists it outside any tag"
