"""A large spec's parts name their components in one shared file per version instead of each copying them."""

import json

import orjson
import pytest

from generator.site import scalar, shared_components
from generator.site import split as split_module
from generator.site.shared_components import COMPONENTS_FILE, share
from generator.site.split import split
from tests.conftest import PROJECT
from tests.test_split import refs_in


@pytest.fixture(scope="module")
def document():
    return json.loads((PROJECT / "specs/v1.2.0.json").read_text())


def target(document, pointer):
    node = document
    for segment in pointer.lstrip("/").split("/"):
        node = node[segment.replace("~1", "/").replace("~0", "~")]
    return node


def schema_heavy(operations=60, schemas=120):
    """Every operation's response reaches every schema: each schema names the next one."""
    def schema(i):
        fields = {f"field{j}": {"type": "string", "description": "y" * 40} for j in range(8)}
        if i + 1 < schemas:
            fields["next"] = {"$ref": f"#/components/schemas/S{i + 1}"}
        return {"type": "object", "description": "x" * 200, "properties": fields}

    first = {"$ref": "#/components/schemas/S0"}
    ok = {"description": "ok", "content": {"application/json": {"schema": first}}}
    paths = {f"/v1/things{i}": {"get": {"operationId": f"get{i}", "responses": {"200": ok}}}
             for i in range(operations)}
    schemes = {"key": {"type": "http", "scheme": "bearer"}}
    components = {"schemas": {f"S{i}": schema(i) for i in range(schemas)}, "securitySchemes": schemes}
    info = {"title": "Heavy", "version": "1"}
    return {"openapi": "3.1.0", "info": info, "paths": paths, "components": components}


@pytest.mark.parametrize("max_bytes, budget", [
    (10**9, None),  # whole tags, every component shared
    (8_000, None),  # tags cut into chunks
    (8_000, 10**9),  # room for every copy: nothing shared
    (8_000, 600_000),  # room for some: what many chunks reach shared, the rest copied
])
def test_every_ref_of_a_part_lands_on_its_component_in_the_shared_file_or_in_the_part(document, max_bytes,
                                                                                     budget):
    shared = share(split(document, max_bytes), budget)
    for part in shared.parts:
        for ref in refs_in(part.document):
            file, _, pointer = ref.partition("#")
            assert file in (COMPONENTS_FILE, ""), ref
            assert target(shared.components if file else part.document, pointer) is not None, (part.slug, ref)
    for ref in refs_in(shared.components):  # between components: within the shared file
        assert ref.startswith("#/components/") and target(shared.components, ref[1:]) is not None, ref


def test_a_part_keeps_its_security_schemes_and_nothing_else_of_components(document):
    for part in share(split(document, 8_000)).parts:
        assert part.document["components"] == {"securitySchemes": document["components"]["securitySchemes"]}


def test_the_shared_file_holds_each_component_some_part_reaches_once(document):
    parts = split(document, 8_000)
    shared = share(parts).components
    reached = {(kind, name) for part in parts for kind, entries in part.document["components"].items()
               for name in entries if kind != "securitySchemes"}
    assert {(kind, name) for kind, entries in shared["components"].items() for name in entries} == reached
    assert shared["openapi"] == document["openapi"]


def test_sharing_leaves_the_document_and_the_parts_it_was_given_as_they_were(document):
    before = orjson.dumps(document)
    parts = split(document, 8_000)
    copies = [orjson.dumps(part.document) for part in parts]
    share(parts)
    assert orjson.dumps(document) == before
    assert [orjson.dumps(part.document) for part in parts] == copies


def test_parts_without_components_get_no_shared_file():
    plain = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
             "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}}}
    shared = share(split(plain))
    assert shared.components == {} and shared.parts[0].document == split(plain)[0].document


def test_a_schema_heavy_specs_parts_stay_within_three_times_the_document(tmp_path, monkeypatch):
    """The issue's budget: the parts of a version, shared file included, ≤ 3× the document."""
    monkeypatch.setattr(scalar, "SPLIT_OPERATIONS", 0)
    heavy = schema_heavy()
    parts, _ = scalar.write_documents(heavy, len(heavy["paths"]), "openapi.json", tmp_path, [])
    written = sum(path.stat().st_size for path in (tmp_path / scalar.PARTS_DIR).iterdir())
    assert len(parts) > 1 and (tmp_path / scalar.PARTS_DIR / COMPONENTS_FILE).is_file()
    assert written <= 3 * len(orjson.dumps(heavy)), written


def test_no_part_takes_the_shared_files_name():
    assert "." in shared_components.COMPONENTS_FILE.removesuffix(".json"), "a slug has no dot"


def test_an_image_from_another_host_in_a_shared_component_is_found_by_the_audit(tmp_path):
    from generator.site import audit

    api = tmp_path / "v1/docs/developer/api"
    (api / scalar.PARTS_DIR).mkdir(parents=True)
    config = {"sources": [{"title": "t", "slug": "t", "url": f"{scalar.PARTS_DIR}/t.json"}]}
    (api / "index.html").write_text('<script type="application/json" id="aviato-scalar-config">'
                                    f"{json.dumps(config)}</script>")
    (api / scalar.PARTS_DIR / "t.json").write_text(json.dumps({"openapi": "3.1.0", "info": {}, "paths": {}}))
    shared = {"openapi": "3.1.0", "info": {}, "components": {"schemas": {"Pet": {
        "description": "![pet](https://img.example.net/pet.png)"}}}}
    (api / scalar.PARTS_DIR / COMPONENTS_FILE).write_text(json.dumps(shared, indent=2))
    (problem,) = [p.message for p in audit.problems(tmp_path, {})]
    assert "/components/schemas/Pet/description loads https://img.example.net/pet.png" in problem, problem


def test_a_schema_heavy_spec_without_tags_is_cut_by_path_prefix_not_into_one_operation_parts(
        tmp_path, monkeypatch):
    """Every operation reaches more schemas than a part's budget: the parts share them, so the budget
    counts the operations, and each path prefix is one part a reader can browse."""
    monkeypatch.setattr(scalar, "SPLIT_OPERATIONS", 0)
    monkeypatch.setattr(split_module, "MAX_PART_BYTES", 50_000)
    heavy = schema_heavy(operations=60, schemas=120)
    heavy["paths"] = {f"/v1/{area}/item{i}": item for i, item in enumerate(heavy["paths"].values())
                      for area in ["orders", "payments", "refunds"][i % 3:i % 3 + 1]}
    assert len(orjson.dumps(heavy["components"])) > 50_000, "one operation reaches more than the budget"
    *parts, models = scalar.write_documents(heavy, len(heavy["paths"]), "openapi.json", tmp_path, [])[0]
    assert [(part.title, part.operations) for part in parts] == [
        ("/v1/orders", 20), ("/v1/payments", 20), ("/v1/refunds", 20)]
    assert models.slug == scalar.MODELS  # the schemas' own document, not a part of operations
    for part in parts:
        assert (tmp_path / scalar.PARTS_DIR / f"{part.slug}.json").stat().st_size <= 50_000, part.slug


def tags_with_their_own_schemas(tags=4):
    """Each tag's operation reaches its own small schema, and every operation the one large `Common`."""
    def schema(name, ref=None):
        fields = {f"f{j}": {"type": "string", "description": name * (3 if ref else 300)} for j in range(4)}
        return {"type": "object", "properties": {**fields, **({"common": {"$ref": ref}} if ref else {})}}

    paths, schemas = {}, {"Common": schema("common")}
    for i in range(tags):
        schemas[f"Own{i}"] = schema(f"own{i}", "#/components/schemas/Common")
        body = {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/Own{i}"}}}}
        paths[f"/t{i}"] = {"get": {"tags": [f"t{i}"], "operationId": f"get{i}",
                                   "responses": {"200": {"description": "ok", **body}}}}
    return {"openapi": "3.1.0", "info": {"title": "Own", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas}}


def test_a_schema_one_part_reaches_stays_in_it_when_the_budget_has_room_for_its_copy():
    """A deep link loads its part and the shared file whole: what only its part reaches is no burden
    to the others' deep links."""
    document = tags_with_their_own_schemas()
    whole = len(orjson.dumps(document))
    shared = share(split(document), 2 * whole)
    assert list(shared.components["components"]["schemas"]) == ["Common"]
    for i, part in enumerate(shared.parts):
        assert list(part.document["components"]["schemas"]) == [f"Own{i}"]
        assert set(refs_in(part.document)) == {f"{COMPONENTS_FILE}#/components/schemas/Common",
                                               f"#/components/schemas/Own{i}"}


def test_without_room_for_copies_every_component_is_shared():
    document = tags_with_their_own_schemas()
    shared = share(split(document), 0)
    assert sorted(shared.components["components"]["schemas"]) == ["Common", "Own0", "Own1", "Own2", "Own3"]
    assert all("components" not in part.document for part in shared.parts)


def test_a_schema_every_part_reaches_is_shared_however_large_the_budget_but_one_copy_is_not():
    """Sharing what every part reaches costs no copy; with room for all copies, nothing is shared."""
    document = tags_with_their_own_schemas()
    assert share(split(document), 10**9).components == {}
    assert share(split(document), 10**9).parts[0].document["components"]["schemas"].keys() == {"Own0", "Common"}


def test_a_large_specs_schemas_come_last_in_the_selector_as_a_document_of_their_own(tmp_path, monkeypatch):
    """Scalar's Models list, which the parts lose: one more document, loaded only when chosen."""
    from types import SimpleNamespace

    monkeypatch.setattr(scalar, "SPLIT_OPERATIONS", 0)
    heavy = schema_heavy(operations=6, schemas=12)
    parts, _ = scalar.write_documents(heavy, len(heavy["paths"]), "openapi.json", tmp_path, [])
    models = json.loads((tmp_path / scalar.PARTS_DIR / f"{scalar.MODELS}.json").read_bytes())
    assert models["paths"] == {} and models["components"]["schemas"] == heavy["components"]["schemas"]
    facts = SimpleNamespace(title="Heavy", version="1", security_scheme=None)
    sources = scalar.configuration(facts, "openapi.json", parts)["sources"]
    assert [s["title"] for s in sources[:2]] == ["/v1/things0: 1 operation", "/v1/things1: 1 operation"]
    assert sources[-1] == {"title": "Models: 12 schemas", "slug": scalar.MODELS,
                           "url": f"{scalar.PARTS_DIR}/{scalar.MODELS}.json", "hideModels": False}
    assert scalar.configuration(facts, "openapi.json", parts)["hideModels"] is True, "a part's own few: no list"


def test_the_models_documents_slug_is_no_parts():
    assert "." in scalar.MODELS, "a slug has no dot"


@pytest.mark.parametrize("split_at", [10**9, 0], ids=["whole", "in-parts"])
def test_a_spec_with_an_integer_beyond_64_bits_is_written_for_scalar_with_it(tmp_path, monkeypatch, split_at):
    """OpenAI's spec has `minimum: -9223372036854776000`, which orjson refuses: the build stopped with
    'Integer exceeds 64-bit range'. Small or cut into parts, Scalar's documents keep the number."""
    monkeypatch.setattr(scalar, "SPLIT_OPERATIONS", split_at)
    heavy = schema_heavy(operations=6, schemas=4)
    big = -9223372036854776000
    heavy["components"]["schemas"]["S3"]["properties"]["seed"] = {"type": "integer", "minimum": big}
    heavy["info"]["description"] = "![x](https://img.example/x.png)"  # a small spec's rewritten copy too
    parts, name = scalar.write_documents(heavy, len(heavy["paths"]), "openapi.json", tmp_path, [])
    written = [p for p in tmp_path.rglob("*.json")]
    assert written and (bool(parts) == (split_at == 0)), (name, written)
    assert any(str(big) in p.read_text() for p in written)
    assert all(json.loads(p.read_text()) for p in written)
    holding = [p for p in written if '"seed"' in p.read_text()]
    assert holding and all(str(big) in p.read_text() for p in holding), "an integer, not a float"
