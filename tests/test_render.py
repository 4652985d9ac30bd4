import html
import json

import pytest

from generator import render
from generator.errors import GeneratorError
from generator.facts import extract
from generator.site.scalar import configuration
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES, PROJECT


def context(spec, tag="v1.0.0"):
    facts = extract(spec)
    return render.VersionContext(tag, facts, (tag,), tag, configuration(facts, "openapi.json"))


@pytest.fixture
def release_spec():
    """A small spec with every route the overview's prose names, so the whole docs tree renders."""
    path = FIXTURES / "mini-v1.1.0.json"
    return load(RawSpec(str(path), path.read_bytes(), "v1.1.0"))


def test_the_overview_lists_the_public_and_token_routes_of_its_version(release_spec, tmp_path):
    render.version_tree(PROJECT / "docs", tmp_path, context(release_spec), release_spec.raw)
    overview = html.unescape((tmp_path / "docs/developer/index.md").read_text())
    public = overview.split("### Routes without authentication")[1].split("##")[0]
    assert "GET /api/health" in public
    assert "/api/libraries" not in public
    token = overview.split("### The `?token=` query parameter")[1].split("###")[0]
    assert "GET /api/stream/{itemId}/direct" in token
    assert "<code>item.added</code>" in overview
    assert "| <code>error</code> | string | yes |" in overview


def test_the_release_document_is_published_byte_for_byte(release_spec, tmp_path):
    render.version_tree(PROJECT / "docs", tmp_path, context(release_spec), release_spec.raw)
    assert (tmp_path / "docs/developer/api/openapi.json").read_bytes() == release_spec.raw.data
    assert (tmp_path / "index.md").is_file()


def test_the_reference_page_embeds_scalar_configuration_for_a_published_site(release_spec, tmp_path):
    render.version_tree(PROJECT / "docs", tmp_path, context(release_spec), release_spec.raw)
    page = (tmp_path / "docs/developer/api/index.md").read_text()
    config = json.loads(page.split('id="aviato-scalar-config">')[1].split("</script>")[0])
    assert config["url"] == "openapi.json"
    assert config["withDefaultFonts"] is False
    assert config["hideClientButton"] is True
    assert config["showDeveloperTools"] == "never"
    assert "proxyUrl" not in config
    assert config["authentication"] == {"preferredSecurityScheme": "bearerAuth"}


def test_a_route_missing_from_the_spec_fails_the_build_at_the_template_line(mini_spec, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.md.j2").write_text("# Home\n\nScan with {{ route('POST /api/libraries/{id}/scan') }}.\n")
    with pytest.raises(GeneratorError) as caught:
        render.version_tree(templates, tmp_path / "out", context(mini_spec), mini_spec.raw)
    (problem,) = caught.value.problems
    assert problem.code == "template-error"
    assert (problem.location.source, problem.location.line) == ("docs/index.md.j2", 3)
    assert "POST /api/libraries/{id}/scan" in problem.message


def test_a_route_that_exists_links_to_its_operation_page(mini_spec, tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "index.md.j2").write_text("{{ route('GET /api/libraries') }}")
    render.version_tree(templates, tmp_path / "out", context(mini_spec), mini_spec.raw)
    assert (tmp_path / "out/index.md").read_text() == \
        '<a href="docs/developer/api/operations/listLibraries/"><code>GET /api/libraries</code></a>'


@pytest.mark.parametrize("text, expected", [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),  # HTML stays text
    ("[x](javascript:alert(1))", "&#91;x&#93;(javascript:alert(1))"),  # no Markdown link
    ("a_b*c`d", "a&#95;b&#42;c&#96;d"),  # no emphasis or code spans
])
def test_spec_text_is_inert_in_markdown(text, expected):
    assert render.markdown_text(text) == expected


def test_json_in_a_script_element_cannot_close_it():
    assert "</script>" not in render.json_script({"d": "</script><script>alert(1)</script>"})
