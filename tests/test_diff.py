"""diff.compare and diff.history: identity, shared and recursive schemas, composition, the policy."""

import copy
import json

import pytest

from generator import diff, pins
from generator.diff import formats
from generator.diff.history import LIFECYCLE_RULES
from generator.pins import Pin, Release
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES, PROJECT

BASE = json.loads((FIXTURES / "diff/operation-added/old.json").read_text())


def spec(document: dict, name: str = "spec.json"):
    return load(RawSpec(name, json.dumps(document, indent=2).encode()))


def edited(edit) -> dict:
    document = copy.deepcopy(BASE)
    edit(document)
    return document


def rules(old: dict, new: dict) -> list[tuple[str, str | None]]:
    return [(c.rule, c.operation.key if c.operation else None) for c in diff.compare(spec(old), spec(new))]


def thing(document: dict) -> dict:
    return document["components"]["schemas"]["Thing"]


def test_a_pinned_release_compared_with_itself_has_no_changes():
    release = pins.releases(PROJECT / "specs")[-1]
    assert diff.compare(release.spec, release.spec) == []


def test_a_renamed_path_with_the_same_operation_id_is_one_change_not_a_removal_and_an_addition():
    new = edited(lambda d: d["paths"].__setitem__("/api/items/{id}", d["paths"].pop("/api/things/{id}")))
    assert rules(BASE, new) == [("operation-route-changed", "getThing"), ("operation-route-changed", "updateThing")]


def test_operations_without_an_operation_id_are_matched_by_method_and_path():
    def strip_ids(d):
        for item in d["paths"].values():
            for operation in item.values():
                if isinstance(operation, dict):
                    operation.pop("operationId", None)
    old = edited(strip_ids)
    new = edited(lambda d: (strip_ids(d), d["paths"]["/api/things/{id}"]["get"].__setitem__("deprecated", True)))
    assert rules(old, new) == [("operation-deprecated", "GET /api/things/{id}")]


def test_a_change_in_a_shared_recursive_component_is_reported_once_per_operation():
    # Thing is returned by both operations, and refers to itself through `parent`.
    new = edited(lambda d: thing(d)["properties"].pop("name"))
    changes = diff.compare(spec(BASE), spec(new))
    assert [(c.rule, c.operation.key) for c in changes] == [
        ("response-property-removed", "getThing"), ("response-property-removed", "updateThing")]
    assert {c.old.pointer for c in changes} == {"/components/schemas/Thing/properties/name"}
    assert changes[0].message == "property name was removed from the 200 application/json response"


def test_a_change_below_a_recursive_reference_is_found_by_the_shortest_path():
    def nest(d):
        thing(d)["properties"]["owner"] = {"$ref": "#/components/schemas/Owner"}
        d["components"]["schemas"]["Owner"] = {"type": "object", "required": ["email"], "properties": {
            "best": {"$ref": "#/components/schemas/Thing"}, "email": {"type": "string"}}}
    old = edited(nest)
    new = edited(lambda d: (nest(d), d["components"]["schemas"]["Owner"]["properties"].pop("email")))
    changes = diff.compare(spec(old), spec(new))
    assert [c.message for c in changes if c.operation.key == "getThing"] == [
        "property owner.email was removed from the 200 application/json response"]


def test_properties_moved_into_an_all_of_base_are_no_change():
    def split(d):
        schemas = d["components"]["schemas"]
        schemas["Base"] = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
        own = thing(d)
        own["properties"].pop("id")
        own["required"] = ["name"]
        schemas["Thing"] = {"allOf": [{"$ref": "#/components/schemas/Base"}, own]}
    assert rules(BASE, edited(split)) == []


@pytest.mark.parametrize("variant, expected", [
    # anyOf with a null member: the value may now be null
    ({"anyOf": [{"type": "string"}, {"type": "null"}]}, "response-property-made-nullable"),
    # oneOf that adds an integer variant: a type the client never saw
    ({"oneOf": [{"type": "string"}, {"type": "integer"}]}, "response-property-type-changed"),
    # OpenAPI 3.0 style nullable beside the type
    ({"type": "string", "nullable": True}, "response-property-made-nullable"),
])
def test_composition_keywords_are_compared_by_what_values_they_allow(variant, expected):
    new = edited(lambda d: thing(d)["properties"].__setitem__("name", variant))
    assert {rule for rule, _ in rules(BASE, new)} == {expected}


def test_dangling_and_cyclic_references_are_compared_without_raising():
    def breakage(d):
        d["components"]["schemas"]["Loop"] = {"$ref": "#/components/schemas/Loop"}
        thing(d)["properties"]["loop"] = {"$ref": "#/components/schemas/Loop"}
        thing(d)["properties"]["gone"] = {"$ref": "#/components/schemas/Missing"}
    broken = edited(breakage)
    assert rules(broken, broken) == []
    assert {rule for rule, _ in rules(BASE, broken)} == {"response-property-added"}


def release(tag: str, document: dict) -> Release:
    document = {**document, "info": {**document["info"], "version": tag.lstrip("v")}}  # as pull requires
    raw = RawSpec(f"{tag}.json", json.dumps(document).encode(), tag)
    return Release(Pin(tag, f"{tag}.json", "", 0, "", "", 0), load(raw))


def test_the_pinned_history_follows_the_policy_and_dates_each_operation():
    history = diff.history(pins.releases(PROJECT / "specs"))
    assert history.violations == []
    user, stats = history.operations["getCurrentUser"], history.operations["getLibraryStats"]
    assert (user.added_in, user.deprecated_since, user.removed_in) == ("v1.0.0", "v1.1.0", "v1.2.0")
    assert (stats.added_in, stats.deprecated_since, stats.removed_in) == ("v1.1.0", "v1.2.0", None)


def test_the_history_keeps_each_operations_sunset_date_even_once_it_is_removed():
    def deprecate(d):
        d["paths"]["/api/things/{id}"]["get"].update({"deprecated": True, "x-sunset": "2027-01-31T00:00:00Z"})
    removed = edited(lambda d: d["paths"]["/api/things/{id}"].pop("get"))
    history = diff.history([release("v1.0.0", BASE), release("v1.1.0", edited(deprecate)), release("v1.2.0", removed)])
    thing = history.operations["getThing"]
    assert (thing.deprecated_since, thing.sunset, thing.removed_in) == ("v1.1.0", "2027-01-31", "v1.2.0")
    assert history.until("v1.0.0").operations["getThing"].sunset is None
    listed = {o["operation"]: o for o in formats.history_json(history)["operations"]}
    assert (listed["getThing"]["sunset"], listed["updateThing"]["sunset"]) == ("2027-01-31", None)


def test_a_history_that_removes_an_operation_without_deprecating_it_reports_the_violation():
    removed = edited(lambda d: d["paths"]["/api/things/{id}"].pop("get"))
    history = diff.history([release("v1.0.0", BASE), release("v1.1.0", BASE), release("v1.2.0", removed)])
    ((step, change),) = history.violations
    assert (step.old_tag, step.new_tag, change.rule, change.operation.key) == \
        ("v1.1.0", "v1.2.0", "operation-removed-without-deprecation", "getThing")
    assert history.operations["getThing"].removed_in == "v1.2.0"


def test_the_lifecycles_only_history_dates_operations_as_the_full_one_does():
    renamed = edited(lambda d: d["paths"]["/api/things/{id}"]["get"].update(operationId="fetchThing"))
    deprecated = edited(lambda d: d["paths"]["/api/things/{id}"]["get"].update(deprecated=True))
    for releases in (pins.releases(PROJECT / "specs"),
                     [release("v1.0.0", BASE), release("v1.1.0", renamed), release("v1.2.0", deprecated)]):
        full, fast = diff.history(releases), diff.history(releases, lifecycles_only=True)
        assert fast.operations == full.operations
        assert [pointers(c) for s in fast.steps for c in s.changes] == \
            [pointers(c) for s in full.steps for c in s.changes if c.rule in LIFECYCLE_RULES]
        for upto in releases[:-1]:  # a version's history, cut from the whole one without comparing again
            cut, walked = fast.until(upto.tag), diff.history(releases[: releases.index(upto) + 1])
            assert (cut.tags, cut.operations) == (walked.tags, walked.operations)


def pointers(change):
    return change.rule, change.message, change.operation, change.old.pointer, change.new.pointer


@pytest.mark.parametrize("tags, tag, expected", [
    (["v1.0.0", "v1.1.0", "v1.2.0"], "v1.2.0", "v1.1.0"),  # the release just before
    (["v1.0.0", "v1.1.0"], "v1.0.0", None),  # the first release has none
    (["v1.1.0", "v1.2.0-rc.1", "v1.2.0"], "v1.2.0", "v1.1.0"),  # a stable release skips prereleases
    (["v1.1.0", "v1.2.0-rc.1", "v1.2.0-rc.2"], "v1.2.0-rc.2", "v1.2.0-rc.1"),  # a prerelease does not
])
def test_the_changelog_compares_with_the_previous_pinned_release(tags, tag, expected):
    releases = [release(t, BASE) for t in tags]
    previous = diff.previous_release(releases, next(r for r in releases if r.tag == tag))
    assert (previous.tag if previous else None) == expected


def test_response_headers_are_matched_by_name_whatever_its_case_and_through_refs():
    def with_header(name, required, shared=False):
        def edit(d):
            header = {"required": required, "schema": {"type": "integer"}}
            if shared:
                d["components"]["headers"] = {"Remaining": header}
                header = {"$ref": "#/components/headers/Remaining"}
            d["paths"]["/api/things/{id}"]["get"]["responses"]["200"]["headers"] = {name: header}
        return edited(edit)

    assert rules(with_header("X-Remaining", True), with_header("x-remaining", True)) == []
    assert rules(with_header("X-Remaining", True), with_header("x-remaining", True, shared=True)) == []
    assert [rule for rule, _ in rules(with_header("X-Remaining", True, shared=True), with_header("X-Remaining", False))] \
        == ["response-header-made-optional"]
    assert [rule for rule, _ in rules(with_header("X-Remaining", True), BASE)] == ["response-required-header-removed"]


def test_an_object_is_closed_by_any_part_of_an_allof_and_by_every_variant_of_a_oneof():
    def update(schema):
        return edited(lambda d: d["components"]["schemas"].update(ThingUpdate=schema))

    open_ = {"type": "object", "properties": {"name": {"type": "string"}}}
    closed = {**open_, "additionalProperties": False}
    assert rules(update(open_), update({"allOf": [open_, {"unevaluatedProperties": False}]})) == \
        [("request-object-closed", "updateThing")]
    assert rules(update(open_), update({"oneOf": [closed, open_]})) == []  # a variant still takes more
    assert rules(update(open_), update({"oneOf": [closed, closed]})) == [("request-object-closed", "updateThing")]
    nested = {"type": "object", "properties": {"meta": open_}}
    assert [c.message for c in diff.compare(spec(update(nested)), spec(update(
        {"type": "object", "properties": {"meta": closed}})))] == \
        ["the object at meta in the request body (application/json) now refuses properties it does not list; "
         "clients sending more are refused"]


def test_a_change_to_an_operation_without_a_tag_links_the_anchor_scalar_gives_it():
    """An untagged operation is `#GET/path` in Scalar, so the changelog's link must not say `tag/default`."""
    def document(paths: dict) -> dict:
        return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths}

    alerts = {"get": {"operationId": "listAlerts", "responses": {"200": {"description": "ok"}}}}
    old = load(RawSpec("old.json", json.dumps(document({})).encode()))
    new = load(RawSpec("new.json", json.dumps(document({"/alerts/{region}": alerts})).encode()))
    tagged = copy.deepcopy(alerts)
    tagged["get"]["tags"] = ["Weather Alerts"]
    with_tag = load(RawSpec("tagged.json", json.dumps(document({"/alerts/{region}": tagged})).encode()))
    assert [c.operation.scalar_anchor for c in diff.compare(old, new)] == ["GET/alerts/{region}"]
    assert [c.operation.scalar_anchor for c in diff.compare(old, with_tag)
            if c.operation] == ["tag/weather-alerts/GET/alerts/{region}"]


def test_a_spec_with_an_integer_beyond_64_bits_is_compared_like_any_other_value():
    """OpenAI's spec has `minimum: -9223372036854776000`, beyond what orjson writes: diff compares it."""
    def release(tag: str, minimum: int) -> Release:
        document = {"openapi": "3.1.0", "info": {"title": "t", "version": tag}, "paths": {"/x": {"post": {
            "operationId": "x", "requestBody": {"content": {"application/json": {"schema": {
                "type": "object", "properties": {"seed": {"type": "integer", "minimum": minimum}}}}}},
            "responses": {"200": {"description": "ok"}}}}}}
        raw = RawSpec(f"{tag}.json", json.dumps(document).encode(), tag)
        return Release(Pin(tag, raw.source, "", len(raw.data), "test", "", 0), load(raw))

    same = diff.compare(release("v1", -9223372036854776000).spec, release("v2", -9223372036854776000).spec)
    assert list(same) == []
    narrower = list(diff.compare(release("v1", -9223372036854777000).spec,
                                 release("v2", -9223372036854776000).spec))
    small = list(diff.compare(release("v1", 1).spec, release("v2", 5).spec))
    assert narrower and [c.rule for c in narrower] == [c.rule for c in small], "a raised minimum narrows"
