"""Properties of diff.compare on generated specs: a spec equals itself, and reading a diff backwards
turns every addition into the matching removal and back."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import diff
from generator.spec import RawSpec, load

NAMES = ("id", "name", "size", "tags")
TYPES = ("string", "integer", "number", "boolean")
SLOTS = (("/things", "get"), ("/things", "post"), ("/things/{id}", "get"), ("/things/{id}", "delete"))


@st.composite
def leaf(draw):
    schema = {"type": draw(st.sampled_from(TYPES))}
    if draw(st.booleans()):
        schema["type"] = [schema["type"], "null"]
    if schema["type"] == "string" and draw(st.booleans()):
        schema["enum"] = draw(st.lists(st.sampled_from(("a", "b", "c")), min_size=1, unique=True))
    return schema


@st.composite
def union(draw):
    """A oneOf or anyOf of objects, some fixing a `type` const, maybe with a null variant."""
    variants = draw(st.lists(object_schema(depth=1), min_size=1, max_size=3))
    for variant, kind in zip(variants, draw(st.lists(st.sampled_from(("a", "b", "c")), unique=True,
                                                     max_size=len(variants)))):
        variant["properties"]["type"] = {"const": kind}
    if draw(st.booleans()):
        variants.append({"type": "null"})
    return {draw(st.sampled_from(("oneOf", "anyOf"))): variants}


@st.composite
def object_schema(draw, depth=0):
    children = leaf() if depth else st.one_of(leaf(), object_schema(depth=1), union(),
                                              st.just({"$ref": "#/components/schemas/Shared"}))
    properties = draw(st.dictionaries(st.sampled_from(NAMES), children, max_size=3))
    required = draw(st.lists(st.sampled_from(sorted(properties)), unique=True)) if properties else []
    return {"type": "object", "properties": properties, "required": required}


@st.composite
def operation(draw, slot: int):
    body = {"content": {"application/json": {"schema": draw(object_schema())}}}
    responses = {status: {"description": status, **(body if draw(st.booleans()) else {})}
                 for status in draw(st.lists(st.sampled_from(("200", "201", "404")), min_size=1, unique=True))}
    parameters = [{"name": name, "in": where, "required": draw(st.booleans()), "schema": draw(leaf())}
                  for name, where in draw(st.lists(st.tuples(st.sampled_from(NAMES), st.sampled_from(("query", "header"))),
                                                   max_size=2, unique=True))]
    node = {"responses": responses, "parameters": parameters, "deprecated": draw(st.booleans())}
    if draw(st.booleans()):
        node["operationId"] = f"op{slot}"
    if draw(st.booleans()):
        node["requestBody"] = {"required": draw(st.booleans()), "content": {"application/json": {"schema": draw(object_schema())}}}
    return node


@st.composite
def specs(draw):
    paths: dict = {}
    for slot, (path, method) in enumerate(SLOTS):
        if draw(st.booleans()):
            paths.setdefault(path, {})[method] = draw(operation(slot))
    document = {"openapi": "3.1.0", "info": {"title": "generated", "version": "1"}, "paths": paths,
                "components": {"schemas": {"Shared": draw(object_schema(depth=1))}}}
    return load(RawSpec("generated.json", json.dumps(document, indent=1).encode()))


SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(specs())
def test_a_spec_compared_with_itself_has_no_changes(spec):
    assert diff.compare(spec, spec) == []


@SETTINGS
@given(specs(), specs())
def test_every_addition_read_backwards_is_the_matching_removal(a, b):
    forward, backward = diff.compare(a, b), diff.compare(b, a)
    # The pointers name the change in each file; the operation's key may differ by direction when
    # only its operationId changed, so it is not compared.
    reversed_changes = {(c.rule, c.new.pointer, c.old.pointer) for c in backward}
    for change in forward:
        mirrors = diff.RULES[change.rule].mirrors
        if mirrors:
            assert any((mirror, change.old.pointer, change.new.pointer) in reversed_changes for mirror in mirrors), \
                change.format()
