"""The site stage's coupling to Material's HTML is checked: a marker missing from a built page fails
the build loudly instead of leaving a prototype's placeholders in the published page."""

from __future__ import annotations

import json

import pytest
from markdown.extensions.toc import slugify

from generator.errors import GeneratorError
from generator.layout import OPERATIONS_DIR, PROTOTYPE_NAME, PROTOTYPE_SEGMENT
from generator.site import material, operation_pages
from tests.test_operation_stamps import build


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        return build(tmp_path_factory.mktemp("material"), True, monkeypatch)[0]


def test_a_page_material_built_has_every_marker_the_site_stage_replaces(built):
    prototype = (built / OPERATIONS_DIR / PROTOTYPE_SEGMENT / "index.html").read_text(encoding="utf-8")
    markers = material.heading_markers(slugify(PROTOTYPE_NAME, "-"), PROTOTYPE_NAME)
    assert material.missing(prototype, [*markers, material.HEAD]) == []
    assert json.loads((built / material.SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]


def test_a_prototype_without_materials_heading_markers_fails_the_build_with_its_location(tmp_path):
    prototype = tmp_path / OPERATIONS_DIR / PROTOTYPE_SEGMENT / "index.html"
    prototype.parent.mkdir(parents=True)
    prototype.write_text(f"<html><head></head><body><h1>{PROTOTYPE_NAME}</h1></body></html>",
                         encoding="utf-8")
    (tmp_path / operation_pages.BUILD_NOTES).write_text(json.dumps({"noindex": [], "scripts": []}))
    with pytest.raises(GeneratorError) as raised:
        operation_pages.assemble(tmp_path, lambda: operation_pages.Later([], "", ""))
    (problem,) = raised.value.problems
    assert problem.code == "material-marker-missing"
    assert problem.location.source == str(prototype)
    assert 'id="aviatoabsentname"' in problem.message


def test_the_theme_s_files_mkdocs_copies_are_the_same_with_the_lighter_listing(tmp_path):
    """generator.site.engine lists the theme's folders without their hidden files and folders (Material's
    14,000 icons), which MkDocs does not copy: it copies the very same files as with its own listing,
    and the icons still load as templates."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files

    from generator.site import engine
    from tests.conftest import PROJECT

    (tmp_path / "docs").mkdir()

    def copied(lighter: bool) -> list[str]:
        config = load_config(config_file=str(engine.config_path(PROJECT)), docs_dir=str(tmp_path / "docs"),
                             site_dir=str(tmp_path / "site"))
        if lighter:
            engine._list_lightly(config.theme)
        env = config.theme.get_env()
        files = Files([])
        files.add_files_from_theme(env, config)
        if lighter:
            assert isinstance(env.loader, engine._ThemeLoader)
            assert env.get_template(".icons/material/github.svg").render().startswith("<svg")
        return sorted(f.src_uri for f in files)

    own = copied(lighter=False)
    assert len(own) > 10 and own == copied(lighter=True)
