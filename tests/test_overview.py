"""The API overview page: its Markdown per spec (golden files), and a build that fails when the prose
says something the spec of the version being built does not."""

import copy
import hashlib
import html
import json
import re

import pytest

from generator import render
from generator.cli import main
from generator.errors import GeneratorError
from generator.facts import extract
from tests.conftest import PROJECT
from tests.overview_support import OVERVIEW, OVERVIEW_FIXTURES, load_spec, pinned_releases, render_tree

TEMPLATE = PROJECT / "docs/developer/index.md.j2"
SCAN = 'route("POST /api/libraries/{id}/scan")'


def template_line(text: str) -> int:
    """The first line of the overview template that contains `text`."""
    lines = TEMPLATE.read_text().splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def overview_of(spec, tag, tmp_path, **kwargs) -> str:
    return (render_tree(spec, tag, tmp_path / tag, **kwargs) / OVERVIEW).read_text()


def load_spec_from(document: dict, folder, name):
    path = folder / name
    path.write_text(json.dumps(document))
    return load_spec(path, "v0.9.0")


def render_templates(tmp_path, files: dict[str, str]):
    """Render templates written from `files` against the minimal spec; the rendered tree."""
    templates = tmp_path / "templates"
    for name, text in files.items():
        (templates / name).parent.mkdir(parents=True, exist_ok=True)
        (templates / name).write_text(text)
    spec = load_spec(OVERVIEW_FIXTURES / "minimal.json", "v0.9.0")
    return render_tree(spec, "v0.9.0", tmp_path / "out", templates=templates)


def render_problem(tmp_path, files: dict[str, str]):
    with pytest.raises(GeneratorError) as caught:
        render_templates(tmp_path, files)
    (problem,) = caught.value.problems
    return problem


@pytest.fixture(scope="module")
def releases():
    return {release.tag: release for release in pinned_releases()}


@pytest.fixture(scope="module")
def pinned_overviews(releases, tmp_path_factory):
    tags = tuple(sorted(releases, reverse=True))
    out = tmp_path_factory.mktemp("pinned")
    return {tag: overview_of(release.spec, tag, out, tags=tags, latest=tags[0]) for tag, release in releases.items()}


@pytest.mark.parametrize("name", ["minimal"])
def test_the_overview_of_a_fixture_spec_matches_its_golden_file(name, tmp_path, golden):
    spec = load_spec(OVERVIEW_FIXTURES / f"{name}.json", "v0.9.0")
    golden(f"overview/{name}.md", overview_of(spec, "v0.9.0", tmp_path))


@pytest.mark.parametrize("tag", ["v1.0.0", "v1.1.0", "v1.2.0"])
def test_the_overview_of_each_pinned_release_matches_its_golden_file(tag, pinned_overviews, golden):
    golden(f"overview/{tag}.md", pinned_overviews[tag])


def test_a_route_the_spec_no_longer_has_fails_the_render_at_its_template_line(tmp_path):
    spec = load_spec(OVERVIEW_FIXTURES / "scan-route-removed.json", "v0.9.0")
    with pytest.raises(GeneratorError) as caught:
        render_tree(spec, "v0.9.0", tmp_path)
    (problem,) = caught.value.problems
    assert (problem.code, problem.level) == ("template-error", "error")
    assert (problem.location.source, problem.location.line) == ("docs/developer/index.md.j2", template_line(SCAN))
    assert "v0.9.0" in problem.message and "'POST /api/libraries/{id}/scan'" in problem.message


def test_a_route_the_spec_no_longer_has_fails_the_build_command_naming_template_and_line(tmp_path, capsys):
    specs = tmp_path / "specs"
    specs.mkdir()
    data = (OVERVIEW_FIXTURES / "scan-route-removed.json").read_bytes()
    (specs / "v0.9.0.json").write_bytes(data)
    (specs / "manifest.json").write_text(json.dumps({"releases": [{
        "tag": "v0.9.0", "file": "v0.9.0.json", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
        "source": "file:tests/fixtures/overview", "pulled_at": "2026-01-01T00:00:00Z"}]}))
    site = tmp_path / "site"
    assert main(["build", "--project", str(PROJECT), "--specs", str(specs), "--site", str(site), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert f"docs/developer/index.md.j2:{template_line(SCAN)}: error[template-error] v0.9.0: " \
           "route 'POST /api/libraries/{id}/scan' does not exist" in err
    assert not (tmp_path / "site").exists()


def test_an_older_release_renders_its_own_routes_events_and_deprecations(pinned_overviews):
    old, middle, new = (html.unescape(pinned_overviews[tag]) for tag in ("v1.0.0", "v1.1.0", "v1.2.0"))
    assert "<code>user.created</code>" not in old and "<code>user.created</code>" in middle
    assert "<code>collection.updated</code>" not in middle and "<code>collection.updated</code>" in new
    assert "POST /api/collections/{id}/items" not in old and "POST /api/collections/{id}/items" in new
    assert "No operation is deprecated in v1.0.0." in old
    deprecated = middle.split("| Deprecated | Use instead |")[1].split("\n\n")[0]
    assert "GET /api/users/me" in deprecated and "GET /api/auth/session" in deprecated
    assert "GET /api/users/me" not in new
    assert "here\n`1.0.0`" in old and "here\n`1.2.0`" in new
    # A release's pages never say whether it is the latest: they are reused when newer ones come out.
    assert "latest one" not in new and "latest one" not in old


def test_every_list_follows_the_spec_when_the_spec_changes(tmp_path):
    document = json.loads((OVERVIEW_FIXTURES / "minimal.json").read_text())
    changed = copy.deepcopy(document)
    changed["paths"]["/api/health"] = {"get": {"operationId": "getHealth", "tags": ["System"], "summary": "Health",
                                               "security": [], "responses": {"200": {"description": "up"}}}}
    poster = {"operationId": "getPoster", "tags": ["Assets"], "summary": "Poster image",
              "parameters": [{"name": "token", "in": "query", "schema": {"type": "string"}}],
              "responses": {"200": {"description": "image", "content": {"image/webp": {}}},
                            "418": {"description": "A teapot."}}}
    changed["paths"]["/api/poster"] = {"get": poster}
    hook = {"summary": "Item added", "responses": {"200": {"description": "ok"}}}
    changed["webhooks"] = {"item.added": {"post": hook}}
    before = html.unescape(overview_of(load_spec_from(document, tmp_path, "a.json"), "v0.9.0", tmp_path / "a"))
    after = html.unescape(overview_of(load_spec_from(changed, tmp_path, "b.json"), "v0.9.0", tmp_path / "b"))
    for text in ("GET /api/health</code></a> | Health |",  # a public route
                 "GET /api/poster</code></a> | Poster image |",  # a ?token= route
                 "GET /api/poster</code></a>: <code>image/webp</code>",  # a route that does not return JSON
                 "| 418 | A teapot. | per operation |",  # a status code
                 "| <code>item.added</code> | Item added |"):  # a webhook event
        assert text not in before and text in after, text
    assert "v0.9.0 sends no webhook events." in before and "sends no webhook events" not in after


def test_validation_error_fields_appear_only_where_the_spec_declares_them(pinned_overviews, tmp_path):
    spec = load_spec(OVERVIEW_FIXTURES / "minimal.json", "v0.9.0")
    assert "ValidationError" not in overview_of(spec, "v0.9.0", tmp_path)
    extra = pinned_overviews["v1.2.0"].split("adds these fields to the error shape:")[1].split("```json")[0]
    assert "| <code>fields</code> | object of string | no |" in extra
    assert "<code>error</code>" not in extra  # the base error's field is not repeated


@pytest.mark.parametrize("template, href", [
    ("index.md.j2", "docs/developer/api/operations/listLibraries/"),  # the version's home at /V/
    ("developer/index.md.j2", "api/operations/listLibraries/"),  # the overview
    ("developer/guide/index.md.j2", "../api/operations/listLibraries/"),  # a page one level deeper
    ("developer/faq.md.j2", "../api/operations/listLibraries/"),  # directory URLs: /V/docs/developer/faq/
])
def test_route_links_are_relative_to_the_page_that_renders_them(template, href, tmp_path):
    out = render_templates(tmp_path, {template: '{{ route("GET /api/libraries") }}'})
    page = out / (template[:-3] if template == "index.md.j2" else f"docs/{template[:-3]}")
    assert re.search(r'href="([^"]+)"', page.read_text()).group(1) == href


def test_route_links_target_the_operations_own_page_decided_in_one_place():
    spec = load_spec(OVERVIEW_FIXTURES / "minimal.json", "v0.9.0")
    operation = extract(spec).operation("listLibraries")
    assert render.operation_href(operation) == "docs/developer/api/operations/listLibraries/"


def test_a_claim_the_spec_contradicts_fails_the_build_at_the_claim(tmp_path):
    problem = render_problem(tmp_path, {
        "index.md.j2": '# Errors\n{{ require(not facts.status("401"), "nothing answers 401") }}\n'})
    assert (problem.location.source, problem.location.line) == ("docs/index.md.j2", 2)
    assert "nothing answers 401" in problem.message


def test_a_missing_route_in_an_included_snippet_is_located_in_the_snippet(tmp_path):
    problem = render_problem(tmp_path, {
        "index.md.j2": '# Home\n\n{% include "parts/example.txt" %}\n',
        "parts/example.txt": 'first line\n{{ route("DELETE /api/libraries") }}\n'})
    assert (problem.location.source, problem.location.line) == ("docs/parts/example.txt", 2)


def test_has_route_mentions_an_optional_route_only_in_the_versions_that_have_it(pinned_overviews):
    bulk = [line for line in pinned_overviews["v1.2.0"].splitlines() if "Do bulk work in bulk" in line]
    assert "POST /api/collections/&#123;id&#125;/items" in bulk[0]
    assert "(such as" not in pinned_overviews["v1.1.0"]


@pytest.mark.parametrize("text, expected", [
    ("usually `admin`", "usually <code>admin</code>"),  # a code span stays code
    ("`a*b` and *c*", "<code>a&#42;b</code> and &#42;c&#42;"),  # no emphasis, in or out of code
    ("a ` b", "a &#96; b"),  # an unpaired backtick is text
    ("`<script>`", "<code>&lt;script&gt;</code>"),  # HTML in a code span stays text
])
def test_spec_descriptions_keep_their_code_spans_and_nothing_else(text, expected):
    assert render.markdown_code_spans(text) == expected
