"""An operation marked `x-internal` or `x-scalar-ignore` has its page on the site, so the interactive
reference shows it too: Scalar gets a copy of the spec without those marks (Scalar drops what they
mark from its navigation, and a deep link to such an operation opened on the introduction)."""

import json

import pytest

from generator.site import hidden, scalar

PUBLISHED = "openapi.json"


def spec(**marks) -> dict:
    item = {"get": {"operationId": "get-item", "summary": "Get an item", "tags": ["Items"], **marks,
                    "responses": {"200": {"description": "ok"}}}}
    return {"openapi": "3.1.0", "info": {"title": "Items", "version": "1"}, "paths": {"/items/{id}": item},
            "tags": [{"name": "Items"}]}


@pytest.mark.parametrize("marks", [
    {"x-internal": True},  # Redocly's and Scalar's "internal" operation
    {"x-scalar-ignore": True},  # Scalar's own mark
])
def test_scalar_gets_the_operations_it_would_hide_without_their_mark(tmp_path, marks):
    document = spec(**marks)
    parts, name = scalar.write_documents(document, 1, PUBLISHED, tmp_path, [])
    assert (parts, name) == ([], scalar.REWRITTEN), "Scalar loads a copy, the spec stays as published"
    loaded = json.loads((tmp_path / name).read_text())["paths"]["/items/{id}"]["get"]
    assert not set(hidden.MARKS) & loaded.keys()
    published = document["paths"]["/items/{id}"]["get"]
    assert published.items() >= marks.items(), "the published spec keeps its marks"


def test_a_hidden_tag_webhook_and_schema_are_shown_too():
    document = {**spec(), "tags": [{"name": "Items", "x-internal": True}],
                "webhooks": {"itemMoved": {"post": {"x-scalar-ignore": True}}},
                "components": {"schemas": {"Item": {"type": "object", "x-internal": True}}}}
    shown = hidden.for_scalar(document)
    assert shown == {**spec(), "webhooks": {"itemMoved": {"post": {}}},
                     "components": {"schemas": {"Item": {"type": "object"}}}}


def test_scalar_gets_the_spec_itself_when_nothing_is_hidden(tmp_path):
    assert hidden.for_scalar(spec(**{"x-internal": False})) is None
    assert scalar.write_documents(spec(), 1, PUBLISHED, tmp_path, []) == ([], PUBLISHED)


def test_a_large_spec_split_for_scalar_shows_its_hidden_operations_in_its_part(tmp_path, monkeypatch):
    monkeypatch.setattr(scalar, "SPLIT_OPERATIONS", 0)  # split however small
    parts, name = scalar.write_documents(spec(**{"x-internal": True}), 1, PUBLISHED, tmp_path, [])
    assert parts and name == PUBLISHED, "Scalar loads the parts; the whole document stays the spec"
    written = [json.loads(p.read_text()) for p in (tmp_path / scalar.PARTS_DIR).glob("*.json")]
    operations = [op for part in written for item in part["paths"].values() for op in item.values()]
    assert operations and not [op for op in operations if set(hidden.MARKS) & op.keys()]
