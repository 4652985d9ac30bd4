"""The fast pointer index locates exactly what the full token scan locates, and falls back on repeated keys."""

import pytest

from generator.spec import RawSpec, load
from generator.spec.index import JsonIndex
from generator.spec.lines import json_positions
from tests.conftest import FIXTURES, PROJECT

DOCUMENTS = [*sorted((PROJECT / "specs").glob("v*.json")), *sorted((FIXTURES / "checks").glob("*/*.json"))]


@pytest.mark.parametrize("path", DOCUMENTS, ids=[f"{p.parent.name}/{p.name}" for p in DOCUMENTS])
def test_the_index_agrees_with_the_token_scan_on_every_pointer(path):
    spec = load(RawSpec(str(path), path.read_bytes()))
    expected = json_positions(spec.text)
    index = spec.positions
    repeated_keys = path.parent.name == "duplicate-key" and path.name == "bad.json"
    assert isinstance(index, JsonIndex) != repeated_keys  # repeated keys: the scan's own positions are used
    assert {pointer: index[pointer] for pointer in expected} == expected


@pytest.mark.parametrize("text, pointer, expected", [
    ('{"a": [1, 2, {"b": [true, null]}]}', "/a/2/b/1", (1, 27)),  # scalars in arrays
    ('{"a~b": {"c/d": "x"}}', "/a~0b/c~1d", (1, 10)),  # escaped segments
    ('{"k\\"q": {"x": 1}}', '/k"q/x', (1, 11)),  # keys with escapes
    ('\n\n  {"a": {}}', "", (3, 3)),  # the root, after blank lines
    ('{"a": {}, "b": []}', "/b", (1, 11)),  # after empty containers
    ('{"é": 1, "x": "ü"}', "/x", (1, 10)),  # columns count characters, not bytes
])
def test_the_index_locates(text, pointer, expected):
    import orjson

    assert JsonIndex(text, orjson.loads(text))[pointer] == expected


def test_an_unknown_pointer_is_not_in_the_index_and_locate_falls_back_to_its_parent():
    spec = load(RawSpec("a.json", b'{"openapi": "3.1.0",\n "paths": {}}'))
    assert "/paths/~1x" not in spec.positions
    assert spec.locate("/paths/~1x/get").line == 2
