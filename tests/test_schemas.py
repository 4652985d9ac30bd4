"""Schema pages: one page per named schema, and operation pages that show one level of them."""

import json
import re
from html import escape
from posixpath import normpath

import pytest

from generator.commands.build import catalog as catalog_of
from generator.facts.schemas import schema_ref
from generator.layout import FRAGMENTS_DIR, PAGES_FILE
from generator.render.schemas import deref
from generator.render.urls import OPERATIONS_DIR, SCHEMAS_DIR, url_segment
from generator.spec.walk import reachable_components
from tests.conftest import PROJECT
from tests.test_operations import SCENARIOS, release, sections, stamped, write

FIELD_NAME = re.compile(r'<code class="aviato-name">(.*?)</code>')
HREF = re.compile(r'href="([^"#]*)"')


def page_sections(tree, folder) -> dict:
    """A page's sections: MkDocs builds the indexes, the operation and schema pages are stamped from
    prototypes after it."""
    built = tree / FRAGMENTS_DIR / folder / "index.json"
    return json.loads(built.read_text()) if built.is_file() else stamped(tree)[f"{folder}/"]["sections"]


def schema_sections(tree, name) -> dict:
    return page_sections(tree, f"{SCHEMAS_DIR}/{url_segment(name)}")


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    return write(tmp_path_factory.mktemp("trees"), [release(SCENARIOS / "recursive-and-shared-schemas.json")], "v1.0.0")


@pytest.fixture(scope="module")
def pinned(tmp_path_factory):
    """The project's three releases, each version's tree: (releases, {tag: tree})."""
    releases = [release(PROJECT / "specs" / f"{tag}.json", tag) for tag in ("v1.0.0", "v1.1.0", "v1.2.0")]
    return releases, {r.tag: write(tmp_path_factory.mktemp(r.tag), releases, r.tag) for r in releases}


def own_fields(schema) -> set[str]:
    """Every property name inside a schema without crossing into another named schema (each one an
    operation reaches is checked on its own)."""
    found: set[str] = set()
    todo = [schema]
    while todo:
        node = todo.pop()
        if isinstance(node, dict) and "$ref" not in node:
            if isinstance(node.get("properties"), dict):
                found |= set(node["properties"])
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return found


def linked_schema_pages(tree, folder) -> set[str]:
    """The schema pages a page links to, transitively (folders from the version's root)."""
    seen, todo = set(), [str(folder)]
    while todo:
        page = todo.pop()
        html = "".join(page_sections(tree, page).values())
        for href in HREF.findall(html):
            target = normpath(f"{page}/{href}")
            if target.startswith(f"{SCHEMAS_DIR}/") and target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def shown_fields(tree, folder) -> set[str]:
    return set(FIELD_NAME.findall("".join(page_sections(tree, folder).values())))


def assert_every_field_is_reachable(tree, spec, catalog, tag):
    for operation in catalog.by_tag[tag].values():
        folder = f"{OPERATIONS_DIR}/{url_segment(operation.operation_id)}"
        node = spec.document["paths"][operation.path]
        reached = reachable_components(spec.document, [node[operation.method.lower()], node.get("parameters")])
        linked = linked_schema_pages(tree, folder)
        on_page = shown_fields(tree, folder)
        for name in reached.get("schemas", {}):
            schema_folder = f"{SCHEMAS_DIR}/{url_segment(name)}"
            assert schema_folder in linked, f"{operation.operation_id}: {name} is not linked"
            shown = on_page | shown_fields(tree, schema_folder)
            schema = deref(spec, {"$ref": schema_ref(name)})[0]
            for field in own_fields(schema):
                assert escape(field) in shown, f"{operation.operation_id} → {name}.{field} is nowhere"


def test_every_field_an_operation_reaches_is_on_its_page_or_on_a_schema_page_it_links_to(trees, pinned):
    scenario = release(SCENARIOS / "recursive-and-shared-schemas.json")
    assert_every_field_is_reachable(trees, scenario.spec, catalog_of([scenario]), "v1.0.0")
    releases, built = pinned
    catalog = catalog_of(releases)
    for each in releases:
        assert_every_field_is_reachable(built[each.tag], each.spec, catalog, each.tag)


def test_an_operation_page_shows_one_level_of_a_named_schema_and_links_to_the_ones_inside(trees):
    html = sections(trees, "getNode")["responses"]
    assert 'id="schema-Node"' in html and '<code class="aviato-name">children</code>' in html, "Node's own fields"
    assert '<code class="aviato-name">owner</code>' not in html, "Meta's fields are on Meta's page"
    assert '<a class="aviato-schema-link" href="../../schemas/Meta/">Meta</a>' in html


def test_an_old_anchor_of_a_schema_no_longer_expanded_lands_next_to_a_link_to_its_page(trees):
    page = sections(trees, "getNode")
    assert 'id="schema-Meta"' not in "".join(v for k, v in page.items() if k != "schemas")
    assert '<li id="schema-Meta"><a href="../../schemas/Meta/">Meta</a></li>' in page["schemas"]
    assert "schemas/Node/" not in page["schemas"], "an expanded schema keeps its anchor on its fields"


def test_a_schema_page_shows_fields_types_constraints_an_example_its_users_and_when_it_was_added(pinned):
    _, built = pinned
    page = schema_sections(built["v1.2.0"], "MediaItemPage")
    assert "Schema <code>MediaItemPage</code> · Type object · Added in v1.0.0" in page["intro"]
    assert '<code class="aviato-name">limit</code> <span class="aviato-type">integer</span>' in page["fields"]
    assert "≥ 1; ≤ 200" in page["fields"], "constraints in words"
    assert 'array of <a class="aviato-schema-link" href="../MediaItem/">MediaItem</a>' in page["fields"]
    assert '"total": 0' in page["example"]
    assert '<a href="../../operations/listItems/">' in page["used-by"]
    collection = schema_sections(built["v1.2.0"], "Collection")
    assert "Added in v1.2.0" in collection["intro"]


def test_a_schema_that_contains_itself_links_back_to_its_own_fields(trees):
    page = schema_sections(trees, "Node")
    assert page["fields"].count('↻ <a href="#fields">Node</a> contains itself') == 2, "children[] and parent"
    assert '<a class="aviato-schema-link" href="../Meta/">Meta</a>' in page["fields"]
    assert '<a class="aviato-schema-link" href="../Node/">Node</a>' in schema_sections(trees, "Meta")["fields"]
    assert '<a href="../Node/"><code>Node</code></a>' in schema_sections(trees, "Meta")["used-by"]


def test_a_version_has_a_page_for_every_schema_another_release_has(pinned):
    _, built = pinned
    page = schema_sections(built["v1.0.0"], "Collection")["intro"]
    assert "is not part of the API in v1.0.0. It was added in v1.2.0." in page
    assert '<a href="../../../../../../v1.2.0/docs/developer/api/schemas/Collection/">v1.2.0</a>' in page
    listing = json.loads((built["v1.0.0"] / PAGES_FILE).read_text())
    assert f"{SCHEMAS_DIR}/Collection/" in listing["noindex"]


def test_the_schemas_index_lists_this_versions_schemas_and_those_of_other_releases(pinned):
    _, built = pinned
    index = json.loads((built["v1.0.0"] / FRAGMENTS_DIR / SCHEMAS_DIR / "index.json").read_text())
    assert '<a href="MediaItemPage/"><code>MediaItemPage</code></a>' in index["intro"]
    assert '<a href="Collection/"><code>Collection</code></a> (v1.2.0)' in index["elsewhere"]


def test_the_search_index_finds_a_schema_by_name_and_field(pinned):
    _, built = pinned
    entries = json.loads((built["v1.2.0"] / PAGES_FILE).read_text())["search"]
    entry = next(e for e in entries if e["location"] == f"{SCHEMAS_DIR}/MediaItemPage/")
    assert entry["title"] == "MediaItemPage (schema)"
    assert "<code>total</code>" in entry["text"] and "One page of media items." in entry["text"]


HOSTILE_NAMES = ["../../escape", "a b/c", "<img src=x onerror=alert(1)>", "Ünïcode名"]


def test_unsafe_schema_names_get_pages_inside_the_schemas_folder_and_stay_text(tmp_path):
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1.0.0"}, "paths": {"/x": {"get": {
        "operationId": "getX", "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": schema_ref(HOSTILE_NAMES[0])}}}}}}}},
        "components": {"schemas": {name: {"type": "object", "properties": {
            "next": {"$ref": schema_ref(HOSTILE_NAMES[(i + 1) % len(HOSTILE_NAMES)])}}}
            for i, name in enumerate(HOSTILE_NAMES)}}}
    path = tmp_path / "hostile-schemas.json"
    path.write_text(json.dumps(document))
    tree = write(tmp_path / "tree", [release(path)], "v1.0.0")
    root = (tree / SCHEMAS_DIR).resolve()
    pages = [(tree / folder).resolve() for folder in stamped(tree)  # where they are stamped after MkDocs
             if folder.startswith(f"{SCHEMAS_DIR}/")]
    assert len(pages) == len(HOSTILE_NAMES) and all(p.parent == root for p in pages)
    assert not (tmp_path / "escape").exists() and not (tree.parent / "escape").exists()
    html = "".join("".join(schema_sections(tree, name).values()) for name in HOSTILE_NAMES)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert_every_field_is_reachable(tree, release(path).spec, catalog_of([release(path)]), "v1.0.0")


CHAIN = {  # getA shows A's fields; A links B; B links C, which getA's page never names
    "openapi": "3.1.0", "info": {"title": "Chain", "version": "1"},
    "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}},
    "components": {"schemas": {
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"},
                                               "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}],
                                                         "description": "Who owns it."}}},
        "B": {"type": "object", "properties": {"c": {"$ref": "#/components/schemas/C"},
                                               "note": {"type": "object",
                                                        "properties": {"text": {"type": "string"}}}}},
        "C": {"type": "object", "properties": {"leaf": {"type": "string"}}},
        "Owner": {"type": "object", "properties": {"login": {"type": "string"}}},
    }},
}


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chain")
    spec = folder / "chain.json"
    spec.write_text(json.dumps(CHAIN))
    scenario = release(spec)
    return scenario, write(folder / "tree", [scenario], "v1.0.0")


def test_more_schemas_lists_the_schemas_the_page_links_to_not_every_one_it_reaches(chain):
    scenario, tree = chain
    page = sections(tree, "getA")
    assert '<li id="schema-B"><a href="../../schemas/B/">B</a></li>' in page["schemas"]
    assert "schemas/C/" not in "".join(page.values()), "C is linked from B's page, not listed on every page"
    assert 'href="../C/"' in schema_sections(tree, "B")["fields"]
    assert_every_field_is_reachable(tree, scenario.spec, catalog_of([scenario]), "v1.0.0")


def test_fields_merged_from_a_named_schema_say_whose_they_are_and_link_to_it(chain):
    _, tree = chain
    html = sections(tree, "getA")["responses"]
    assert ('<p class="aviato-merged">With the fields of '
            '<a class="aviato-schema-link" href="../../schemas/Owner/">Owner</a></p>') in html
    assert '<code class="aviato-name">login</code>' in html, "the fields are still shown, merged"


def test_a_schema_pages_fields_have_anchors_from_the_schemas_root(chain):
    _, tree = chain
    fields = schema_sections(tree, "B")["fields"]
    assert '<li id="field-c">' in fields and '<li id="field-note.text">' in fields
    intro = schema_sections(tree, "B")["intro"]
    assert 'data-aviato-schemas="../"' in intro, "assets/javascripts/anchors.js finds the schema pages"
    assert 'data-aviato-schemas="../../schemas/"' in sections(tree, "getA")["intro"]
