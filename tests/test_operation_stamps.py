"""Operation pages stamped after MkDocs from one prototype per heading shape read exactly as the pages
MkDocs builds one by one: same HTML, search index and sitemap."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build

from benchmarks import reference_site
from generator import pins, site
from generator.errors import GeneratorError
from generator.commands.build import catalog
from generator.commands.versions import render_version
from generator.render import operations
from generator.render.urls import OPERATIONS_DIR
from generator.site import scalar
from tests.conftest import PROJECT
from tests.test_operations import SCENARIOS, release

TAG = "v1.1.0"  # in the middle: some operations only earlier releases have, some only later ones
BUILD_PAGE = mkdocs_build._build_page  # MkDocs builds a page (counted here)


def build(root: Path, stamped: bool, monkeypatch, releases: list | None = None,
          project: Path = PROJECT) -> tuple[Path, list[str]]:
    """One version built as the site's build builds it (by default the project's TAG): (its folder, the
    pages MkDocs built itself)."""
    built = []
    monkeypatch.setattr(operations, "STAMP_OPERATION_PAGES", stamped)
    monkeypatch.setattr(mkdocs_build, "_build_page", lambda page, *a, **k: (built.append(page.file.src_uri),
                                                                            BUILD_PAGE(page, *a, **k))[1])
    releases = releases or [r for r in pins.releases(PROJECT / "specs") if r.tag <= TAG]
    out = root / "site" / releases[-1].tag
    shared = scalar.copy_shared(project, out.parent)
    site.build_version(project, partial(render_version, project, catalog(releases), releases[-1].tag),
                       root / "docs", out, releases[-1].tag, shared)
    return out, built


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    with pytest.MonkeyPatch.context() as monkeypatch:
        one_by_one = build(tmp_path_factory.mktemp("one-by-one"), False, monkeypatch)
        stamped = build(tmp_path_factory.mktemp("stamped"), True, monkeypatch)
    return one_by_one, stamped


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.name.startswith("sitemap.xml")}


def sitemap(folder: Path) -> set[str]:
    return set(re.findall(r"<url>.*?</url>", (folder / "sitemap.xml").read_text(), re.DOTALL))


def test_stamped_operation_pages_are_byte_for_byte_the_pages_mkdocs_builds(both):
    (one_by_one, _), (stamped, _) = both
    expected, found = files(one_by_one), files(stamped)
    assert sorted(found) == sorted(expected)
    assert [name for name in expected if found[name] != expected[name]] == []
    assert any(name.startswith(f"{OPERATIONS_DIR}/") and name.endswith(".html") for name in found)


def test_stamped_operation_pages_are_in_the_sitemap_with_the_build_date(both):
    (one_by_one, _), (stamped, _) = both
    assert sitemap(stamped) == sitemap(one_by_one)
    assert all("<lastmod>" in entry for entry in sitemap(stamped))


def test_mkdocs_builds_one_operation_page_per_heading_shape_not_one_per_operation(both):
    (_, built_each), (_, built_stamped) = both
    operation_pages_built = [uri for uri in built_stamped if uri.startswith(f"{OPERATIONS_DIR}/")
                             and uri != f"{OPERATIONS_DIR}/index.md"]
    every = [uri for uri in built_each
             if uri.startswith(f"{OPERATIONS_DIR}/") and uri != f"{OPERATIONS_DIR}/index.md"]
    assert len(every) > 20
    # The not-in-this-version one; three optional headings.
    assert 1 < len(operation_pages_built) <= 1 + 2 ** 3


def test_hostile_names_and_routes_are_stamped_as_mkdocs_writes_them(tmp_path, monkeypatch):
    hostile = [release(SCENARIOS / "hostile-text-and-unsafe-ids.json")]
    project = reference_site.project_copy(tmp_path / "project")  # the profile for specs that are not Aviato's
    (one_by_one, _), (stamped, _) = (build(tmp_path / kind, kind == "stamped", monkeypatch, hostile, project)
                                     for kind in ("one-by-one", "stamped"))
    expected, found = files(one_by_one), files(stamped)
    assert sorted(found) == sorted(expected)
    assert [name for name in expected if found[name] != expected[name]] == []


def test_the_csp_hashes_noted_for_stamped_pages_are_those_their_pages_run(both):
    """Stamped pages run their prototype's inline scripts: noted without reading each page again, the
    same hashes as a scan of every page, and as the build of every page by MkDocs."""
    import json

    from generator.site import csp, operation_pages

    (one_by_one, _), (stamped, _) = both
    noted = [json.loads((folder / operation_pages.BUILD_NOTES).read_text())["scripts"]
             for folder in (one_by_one, stamped)]
    assert noted[1] == csp.script_hashes(stamped) == noted[0]


def test_thousands_of_pages_are_stamped_in_forked_processes_as_one_process_stamps_them(
        both, tmp_path, monkeypatch, forked_pools):
    """A version with many pages to stamp is stamped by a run of pages in each of the cores' processes
    (forked.in_runs), their Markdown twins written beside them by the same processes: the same files,
    sitemap and noted CSP hashes as one process writes."""
    from generator.render import page_files
    from generator.site import operation_pages

    monkeypatch.setattr(page_files, "LINES_PER_FILE", 2)
    monkeypatch.setattr(operation_pages, "STAMP_FILES_PER_PROCESS", 1)
    in_parallel, _ = build(tmp_path, True, monkeypatch)
    (_, _), (alone, _) = both
    assert forked_pools == [2], "the stamps and the twins, in one pool of the two cores"
    assert files(in_parallel) == files(alone)
    assert sitemap(in_parallel) == sitemap(alone)


def test_a_page_is_stamped_in_one_pass_so_that_a_spec_s_text_spelling_a_placeholder_stays():
    """Each placeholder of the prototype is replaced once, by its own value: an operation named like
    another placeholder (the description's, the route's) keeps its name, and a section the page does not
    fill keeps the prototype's."""
    from markdown.extensions.toc import slugify

    from generator.layout import PROTOTYPE_DESCRIPTION, PROTOTYPE_NAME, PROTOTYPE_ROUTE
    from generator.render.page_files import stamp_values
    from generator.site import material
    from generator.site.operation_pages import Prototype

    origin = f"{OPERATIONS_DIR}/aviato-operation-prototype-1"
    heading_id, permalink, heading_text = material.heading_markers(slugify(PROTOTYPE_NAME, "-"), PROTOTYPE_NAME)
    prototype = (f"<title>{PROTOTYPE_NAME} ({PROTOTYPE_ROUTE})</title>"
                 f'<meta content="{PROTOTYPE_DESCRIPTION}"><a href="../aviato-operation-prototype-1/">'
                 f'<link href="/v1/{origin}/"><h1 {heading_id}{heading_text}class="headerlink" {permalink}>'
                 "<!-- aviato-section intro --><!-- /aviato-section intro -->"
                 "<!-- aviato-section auth --><p>kept</p><!-- /aviato-section auth -->")
    folder = OPERATIONS_DIR / "repos-get"
    values = {**stamp_values(folder, PROTOTYPE_DESCRIPTION, PROTOTYPE_DESCRIPTION, PROTOTYPE_ROUTE),
              "route": "GET /repos"}
    page = Prototype(prototype, origin).page(values, {"intro": f"<p>{PROTOTYPE_NAME}</p>"})
    own_id, own_permalink, own_text = material.heading_markers(slugify(PROTOTYPE_DESCRIPTION, "-"),
                                                               PROTOTYPE_DESCRIPTION)
    assert page == (f"<title>{PROTOTYPE_DESCRIPTION} (GET /repos)</title>"
                    f'<meta content="{PROTOTYPE_ROUTE}"><a href="../repos-get/">'
                    f'<link href="/v1/{folder}/"><h1 {own_id}{own_text}class="headerlink" {own_permalink}>'
                    f"<!-- aviato-section intro --><p>{PROTOTYPE_NAME}</p><!-- /aviato-section intro -->"
                    "<!-- aviato-section auth --><p>kept</p><!-- /aviato-section auth -->")
    with pytest.raises(GeneratorError, match="no section responses"):
        Prototype(prototype, origin).page(values, {"responses": ""})
