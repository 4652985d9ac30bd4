"""The static operation pages: URL segments, sanitising, schemas, and what each page says."""

import json
import re
from html import unescape

import pytest

from generator import render
from generator.commands.build import catalog as catalog_of
from generator.errors import GeneratorError
from generator.facts import extract
from generator.layout import FRAGMENTS_DIR, OPERATIONS_DIR, PAGES_FILE, PROTOTYPE_SEGMENT, STAMPS_DIR, json_lines, lines_files
from generator.pins import Pin, Release
from generator.render import operations
from generator.render.markdown_safe import description_html, safe_href
from generator.render.page_files import PROTOTYPE_SOURCE
from generator.render.operations import url_segment
from generator.render.schema_html import SchemaHtml
from generator.render.urls import SCHEMAS_DIR
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES, PROJECT

SCENARIOS = FIXTURES / "operations"


def release(path, tag="v1.0.0") -> Release:
    return Release(Pin(tag, path.name, "", 0, "", "", 0), load(RawSpec(str(path), path.read_bytes(), tag)))


def write(tmp_path, releases, tag):
    catalog = catalog_of(releases)
    facts = catalog.facts[tag]
    context = render.VersionContext(tag, facts, tuple(reversed(catalog.tags)), catalog.tags[-1], {},
                                    operations=catalog)
    written = operations.write_tree(tmp_path, context) + operations.write_schema_pages(tmp_path, context)
    operations.write_listing(tmp_path, written)
    return tmp_path


def stamped(tree) -> dict[str, dict]:
    """The values of each page stamped after MkDocs (operation and schema pages), by folder."""
    return {values["folder"]: values for file in lines_files(tree, STAMPS_DIR) for values in json_lines(file)}


def page_values(tree, operation_id) -> dict:
    return stamped(tree)[f"{OPERATIONS_DIR}/{url_segment(operation_id)}/"]


def sections(tree, operation_id) -> dict:
    return page_values(tree, operation_id)["sections"]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return write(tmp_path_factory.mktemp("hostile"), [release(SCENARIOS / "hostile-text-and-unsafe-ids.json")], "v1.0.0")


@pytest.fixture(scope="module")
def trees(tmp_path_factory):
    return write(tmp_path_factory.mktemp("trees"), [release(SCENARIOS / "recursive-and-shared-schemas.json")], "v1.0.0")


@pytest.fixture(scope="module")
def pinned():
    """The project's pinned Aviato releases: operations added, deprecated, replaced and removed."""
    return [release(PROJECT / "specs" / f"{tag}.json", tag) for tag in ("v1.0.0", "v1.1.0", "v1.2.0")]


@pytest.mark.parametrize("operation_id, expected", [
    ("getUser", "getUser"),  # a plain word is its own segment: readable, as people share it
    ("list_items-v2", "list_items-v2"),  # digits, `_` and `-` are fine
    ("repos/get", "repos-get-"),  # GitHub's namespaced ids: readable slug plus a hash
    ("../../etc/passwd", "etc-passwd-"),  # no way out of the operations folder
    ("with space", "with-space-"),
    ("créer-élément", "creer-element-"),  # other scripts fold to ASCII where they can
    ("получить", "operation-"),  # and fall back to the hash where they cannot
    ("", "operation-"),
    ("-leading", "leading-"),  # a segment starts with a letter or digit
    ("x" * 101, "x" * 60 + "-"),  # folder names stay short
])
def test_an_operation_id_becomes_a_safe_stable_folder_name(operation_id, expected):
    segment = url_segment(operation_id)
    assert segment == expected if expected == operation_id else segment.startswith(expected)
    assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}", segment)
    assert url_segment(operation_id) == segment, "the same id gives the same folder in every build"


def test_ids_that_slug_alike_still_get_distinct_folders():
    ids = ["repos/get", "repos get", "repos-get", "repos.get", "Repos/Get", "../repos/get"]
    assert len({url_segment(i) for i in ids}) == len(ids)


def test_unsafe_operation_ids_are_written_inside_the_operations_folder(hostile):
    root = (hostile / OPERATIONS_DIR).resolve()
    schemas = (hostile / SCHEMAS_DIR).resolve()  # the spec names no schema: the index and prototype only
    assert len(list(schemas.rglob("index.md"))) == 2
    # The six operations' pages are stamped into their folders after MkDocs (generator.site.operation_pages).
    folders = [(hostile / folder).resolve() for folder in stamped(hostile)]
    assert len(folders) == 6 and all(f.is_relative_to(root) and f.parent == root for f in folders)
    built = [p.resolve() for p in hostile.rglob("*.md") if not p.resolve().is_relative_to(schemas)]
    assert len(built) == 4  # the index, a prototype per heading shape (two) and the absent pages' one
    assert all(p.is_relative_to(root) for p in built)
    assert not (hostile.parent / "escape").exists()


@pytest.mark.parametrize("text, shown, absent", [
    ("a <script>alert(1)</script> b", "&lt;script&gt;", "<script"),  # raw HTML is text
    ("<img src=x onerror=alert(1)>", "&lt;img", "<img"),
    ("[x](javascript:alert(1))", "<a>x</a>", "javascript"),  # unsafe schemes lose their href
    ("[x](JaVaScRiPt:alert(1))", "<a>x</a>", "alert"),
    ("[x](javascript&#58;alert(1))", "<a>x</a>", "javascript"),  # as the browser would decode it
    ("[x](data:text/html,hi)", "<a>x</a>", "data:"),
    ("[x](//evil.example/)", "<a>x</a>", "evil"),  # protocol-relative is another host, unsaid
    ("![pixel](https://tracker.example/p.gif)", '<a href="https://tracker.example/p.gif">pixel</a>', "<img"),
    ("![local](pixel.gif)", "<span>local</span>", "<img"),  # nowhere to link a relative image to
    ("[docs](https://docs.example/x) [here](../x)", '<a href="https://docs.example/x">docs</a>', "../x"),
    ("`<b>` stays code", "<code>&lt;b&gt;</code>", "<b>"),
    ("# Title\n\nbody", "<p><strong>Title</strong></p>", "<h1"),  # the page keeps its own outline
    ("x{: onclick=alert(1) }", "{: onclick", "onclick=\""),  # no attribute lists
    ("<!-- aviato-fragment intro -->", "&lt;!-- aviato-fragment", "<!--"),  # no forged section markers
])
def test_descriptions_are_sanitised_markdown(text, shown, absent):
    html = description_html(text)
    assert shown in html
    assert absent not in html


@pytest.mark.parametrize("base, text, shown", [
    # A relative link was written against the API's own documentation: it points there...
    ("https://docs.example/rest/", "[hooks](/rest/webhooks#update)", '<a href="https://docs.example/rest/webhooks#update">'),
    ("https://docs.example/rest/", "[x](guide)", '<a href="https://docs.example/rest/guide">'),
    ("https://docs.example/rest/", "[x](https://other.example/)", '<a href="https://other.example/">'),
    ("https://docs.example/rest/", "[x](javascript:alert(1))", "<a>x</a>"),  # the base makes nothing safe
    # ...and without that documentation's address, nowhere (our pages have nothing at that path).
    (None, "[hooks](/rest/webhooks#update)", "<a>hooks</a>"),
    (None, "[x](#section)", "<a>x</a>"),
])
def test_relative_links_point_into_the_apis_own_documentation_or_nowhere(base, text, shown):
    assert shown in description_html(text, base)


@pytest.mark.parametrize("href, safe", [
    ("https://example.com/a", True), ("http://example.com", True), ("../other/", True), ("#anchor", True),
    ("page?x=1", True), ("mailto:a@b", False), ("javascript:x", False), (" javascript:x", False),
    ("java\tscript:x", False), ("//host/x", False), ("vbscript:x", False), ("", False),
])
def test_only_http_and_relative_links_are_kept(href, safe):
    assert safe_href(href) is safe


def test_a_recursive_schema_is_cut_off_visibly_where_it_recurs(trees):
    html = sections(trees, "getNode")["responses"]
    assert html.count('id="schema-Node"') == 1, "Node is expanded once"
    cuts = re.findall(r'<li class="aviato-cut">↻ <a href="#schema-Node">Node</a> contains itself', html)
    # Since schemas have pages, the page shows one level of named schemas: meta is a link to Meta's page,
    # and Meta's owner is shown there (it used to be the third cut, inside meta, on this page).
    assert len(cuts) == 2, "children[] and parent each stop where Node recurs"
    assert '<a class="aviato-schema-link" href="../../schemas/Meta/">Meta</a>' in html


def test_a_large_schema_met_again_on_a_page_links_to_its_first_expansion(trees):
    html = sections(trees, "putNode")
    assert 'id="schema-Big"' in html["request-body"]
    assert 'Same fields as <a href="#schema-Big">Big</a> above' in html["responses"]
    assert "f12" not in html["responses"]


def test_an_unresolvable_ref_is_shown_not_fatal(trees):
    assert "⚠ $ref #/components/schemas/Missing cannot be resolved" in sections(trees, "getNode")["responses"]


def test_a_small_schema_met_again_is_written_out_again(release_spec_path=SCENARIOS / "recursive-and-shared-schemas.json"):
    spec = release(release_spec_path).spec
    renderer = SchemaHtml(spec, url_segment)
    first = renderer.render({"$ref": "#/components/schemas/Meta"})
    again = renderer.render({"$ref": "#/components/schemas/Meta"})
    assert "tag" in first and "tag" in again and "Same fields" not in again


def test_the_page_has_the_route_parameters_auth_body_and_a_curl_example(trees):
    page = sections(trees, "getNode")
    assert '<span class="aviato-method aviato-method--get">GET</span> <code>/nodes/{id}</code>' in page["intro"]
    assert "<code>depth</code>" in page["parameters"] and "path" in page["parameters"]
    assert "Bearer token" in page["authentication"]
    curl = unescape(page["example"])
    assert "curl -X GET 'https://trees.example/api/nodes/n1?depth=2'" in curl, "the spec's values fill the URL"
    assert '-H "Authorization: Bearer $AVIATO_API_KEY"' in curl
    assert "built from the schema" in page["example"], "no example in the spec: said so"
    assert 'href="../../#tag/nodes/GET/nodes/{id}"' in page["intro"], "the button opens Scalar on it"


def test_a_public_operation_has_no_key_in_its_example_and_a_token_route_says_so(hostile):
    public = sections(hostile, "repos/get")
    assert "<strong>Public</strong>" in public["authentication"]
    assert "Authorization" not in public["example"]
    assert "$AVIATO_URL/relative/repos/{owner}" in unescape(public["example"]), "no absolute server: a variable"
    assert "<code>?token=</code>" in sections(hostile, "stream")["authentication"]
    assert "a <code>video/mp4</code> body" in sections(hostile, "stream")["example"]


def test_spec_text_reaches_the_page_escaped_everywhere(hostile):
    values = page_values(hostile, "repos/get")
    assert not any("<script>" in str(value) for key, value in values.items() if key != "sections")
    assert "&lt;script&gt;" in values["name_front"]
    assert values["description"].startswith("GET /repos/{owner}: Hi click pixel docs"), \
        "an HTML element's tag leaves the meta description whole, a link its words alone"
    assert values["name_markdown"].startswith("Get &lt;script&gt;alert(1)&lt;/script&gt;"), "the h1 is inert Markdown"
    html = "".join(sections(hostile, "repos/get").values())
    assert "<img" not in html and "javascript:" not in html and "<script" not in html
    assert html.count("<!-- aviato-fragment") == 0


def test_each_section_has_its_heading_and_marker_in_the_markdown(trees):
    """In the Markdown of the prototype MkDocs builds for pages of these headings."""
    values = page_values(trees, "getNode")
    page = (trees / values["from"] / PROTOTYPE_SOURCE).read_text()
    assert list(values["sections"]) == re.findall(r"<!-- aviato-fragment (\S+) -->", page)
    for key, heading in (("authentication", "Authentication"), ("parameters", "Parameters"),
                         ("responses", "Responses"), ("example", "Example")):
        assert f"## {heading} {{#{key}}}\n\n<!-- aviato-fragment {key} -->" in page
    assert "<!-- aviato-fragment intro -->" in page.split("## ")[0]
    assert 'search: {"exclude": true}' in page, "our own search entry replaces Material's parse"


def test_search_entries_carry_path_summary_operation_id_and_parameter_names(trees):
    entries = {e["location"]: e for e in json.loads((trees / PAGES_FILE).read_text())["search"]}
    entry = entries[f"{OPERATIONS_DIR}/getNode/"]
    assert entry["title"] == "Get a node"
    for word in ("GET /nodes/{id}", "getNode", "<code>id</code>", "<code>depth</code>"):
        assert word in entry["text"]


def test_every_operation_of_every_release_has_a_page_in_every_version(pinned, tmp_path):
    ever = {op.operation_id for r in pinned for op in extract(r.spec).operations}
    for r in pinned:
        tree = write(tmp_path / r.tag, pinned, r.tag)
        pages = {folder for folder in stamped(tree) if folder.startswith(f"{OPERATIONS_DIR}/")}
        assert pages == {f"{OPERATIONS_DIR}/{url_segment(i)}/" for i in ever}


def test_a_removed_operation_says_when_and_what_replaced_it(pinned, tmp_path):
    tree = write(tmp_path, pinned, "v1.2.0")
    intro = sections(tree, "getCurrentUser")["intro"]
    assert "not part of the API in v1.2.0. It was added in v1.0.0 and removed in v1.2.0." in intro
    assert '<a href="../getSession/"><code>getSession</code></a>' in intro
    assert '<a href="../../../../../../v1.1.0/docs/developer/api/operations/getCurrentUser/">v1.1.0</a>' in intro
    assert json.loads((tree / PAGES_FILE).read_text())["noindex"] == [
        f"{OPERATIONS_DIR}/getCurrentUser/", f"{OPERATIONS_DIR}/{PROTOTYPE_SEGMENT}/"]


def test_an_operation_from_a_later_release_says_when_it_arrives(pinned, tmp_path):
    intro = sections(write(tmp_path, pinned, "v1.0.0"), "addCollectionItems")["intro"]
    assert "It was added in v1.2.0." in intro


def test_a_deprecated_operation_says_since_when_and_links_its_replacement(pinned, tmp_path):
    intro = sections(write(tmp_path, pinned, "v1.1.0"), "getCurrentUser")["intro"]
    assert "Deprecated since v1.1.0" in intro and "Added in v1.0.0" in intro
    assert 'Use <a href="../getSession/"><code>getSession</code></a> instead.' in intro


def test_a_renamed_operation_id_points_to_the_same_route_under_its_new_name(tmp_path):
    fixtures = [release(FIXTURES / "pinned" / f"{tag}.json", tag) for tag in ("v1.0.0", "v1.1.0")]
    intro = sections(write(tmp_path, fixtures, "v1.1.0"), "getServerInfo")["intro"]
    assert 'is the operation <a href="../getInfo/"><code>getInfo</code></a>' in intro


def test_the_index_groups_operations_by_tag_in_the_specs_order(pinned, tmp_path):
    tree = write(tmp_path, pinned, "v1.2.0")
    page = (tree / OPERATIONS_DIR / "index.md").read_text()
    headings = re.findall(r"^## (.+) \{#", page, re.MULTILINE)
    declared = [t["name"] for t in pinned[-1].spec.document["tags"]]
    assert headings[:-1] == [t for t in declared if t in headings] and headings[-1] == "Not in v1.2.0"
    listing = "".join(json.loads((tree / FRAGMENTS_DIR / OPERATIONS_DIR / "index.json").read_text()).values())
    assert listing.count('<li><a href="') == 46, "45 operations and the one removed before v1.2.0"


def test_operation_ids_that_differ_only_in_case_fail_the_build_at_the_second_id(tmp_path):
    document = json.loads((SCENARIOS / "recursive-and-shared-schemas.json").read_text())
    document["paths"]["/nodes/{id}"]["put"]["operationId"] = "GetNode"
    path = tmp_path / "case-only-ids.json"
    path.write_text(json.dumps(document, indent=1))
    with pytest.raises(GeneratorError) as caught:
        catalog_of([release(path)])
    problem = caught.value.problems[0]
    assert problem.code == "operation-url-collision"
    assert problem.location.pointer == "/paths/~1nodes~1{id}/put/operationId" and problem.location.line


def test_every_link_within_a_page_reaches_an_element_of_that_page(trees):
    pages = {folder: values for folder, values in stamped(trees).items() if folder.startswith(f"{OPERATIONS_DIR}/")}
    assert pages
    for folder, values in pages.items():
        html = "".join(values["sections"].values())
        ids = set(re.findall(r' id="([^"]+)"', html))
        for target in re.findall(r'href="#([^"]+)"', html):
            assert target in ids, f"{folder}: #{target}"
    assert "Same fields as" in sections(trees, "listNodes")["responses"], "arrays of a named schema link too"


def test_a_versions_catalog_cut_from_the_whole_one_is_the_catalog_of_its_releases():
    from generator import pins

    releases = pins.releases(PROJECT / "specs")
    whole = catalog_of(releases)
    for count in range(1, len(releases)):
        tag = releases[count - 1].tag
        cut, built = whole.until(tag), catalog_of(releases[:count])
        assert (cut.tags, cut.by_tag, cut.lifecycles, cut.ids()) == \
            (built.tags, built.by_tag, built.lifecycles, built.ids())
        assert [cut.removed_in(i) for i in cut.ids()] == [built.removed_in(i) for i in built.ids()]
