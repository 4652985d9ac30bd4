"""The diff on public documents: consecutive releases compare without crashing; a document against
itself, against its package's JSON/YAML twin and against a YAML twin with anchors shows no change."""

import pytest
import yaml

from generator import diff
from generator.spec import RawSpec, load
from tests.corpus.conftest import CORPUS, ids

SMALL = tuple(d for d in CORPUS.documents if d.operations <= 500)


@pytest.mark.parametrize("old, new", CORPUS.pairs, ids=[f"{a}..{b}" for a, b in CORPUS.pairs])
def test_consecutive_releases_diff_without_crashing(session, old, new):
    changes = diff.compare(session.spec(CORPUS.by_id(old)), session.spec(CORPUS.by_id(new)))
    assert all(change.level for change in changes)


@pytest.mark.parametrize("document", CORPUS.documents, ids=ids(CORPUS.documents))
def test_a_document_against_itself_shows_no_change(session, document):
    spec = session.spec(document)
    assert list(diff.compare(spec, spec)) == []


@pytest.mark.parametrize("json_id, yaml_id", CORPUS.twins, ids=[f"{a}..{b}" for a, b in CORPUS.twins])
def test_a_release_published_as_json_and_as_yaml_shows_no_change(session, json_id, yaml_id):
    changes = diff.compare(session.spec(CORPUS.by_id(json_id)), session.spec(CORPUS.by_id(yaml_id)))
    assert [c.rule for c in changes] == []


@pytest.mark.parametrize("document", SMALL, ids=ids(SMALL))
def test_a_yaml_twin_with_anchors_shows_no_change(session, document):
    spec = session.spec(document)
    twin = yaml.safe_dump(_shared(spec.document, {}), sort_keys=False, allow_unicode=True).encode()
    if _repeats_a_ref(spec.document, set()):
        assert b"&id" in twin, "the repeated $refs became one anchor and its aliases"
    changes = diff.compare(spec, load(RawSpec(f"{document.id}.yaml", twin, document.tag)))
    assert [c.rule for c in changes] == []


def _shared(node, seen: dict):
    """The document with every repeated object (`{"$ref": ...}` above all) one shared object, which
    YAML writes once with an anchor and then as aliases."""
    if isinstance(node, list):
        return [_shared(item, seen) for item in node]
    if not isinstance(node, dict):
        return node
    copy = {key: _shared(value, seen) for key, value in node.items()}
    if any(isinstance(value, (dict, list)) for value in copy.values()):
        return copy
    return seen.setdefault(repr(sorted(copy.items(), key=lambda kv: kv[0])), copy)


def _repeats_a_ref(node, seen: set) -> bool:
    if isinstance(node, list):
        return any(_repeats_a_ref(item, seen) for item in node)
    if not isinstance(node, dict):
        return False
    if isinstance(node.get("$ref"), str) and len(node) == 1:
        if node["$ref"] in seen:
            return True
        seen.add(node["$ref"])
    return any(_repeats_a_ref(value, seen) for value in node.values())
