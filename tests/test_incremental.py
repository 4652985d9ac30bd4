"""Builds reuse the versions whose inputs did not change, and an incremental build is the cold build."""

import shutil

import pytest

from generator import pins
from generator.commands.build import build_site
from generator.site import csp, scan
from tests.conftest import PROJECT


def tree(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def inline_scripts(site_folder):
    return {s.text for p in scan.files(site_folder, scan.HTML) for s in scan.read_page(p).inline_scripts()}


def allowed_scripts(site_folder):
    line = next(l for l in (site_folder / "_headers").read_text().splitlines() if "Content-Security-Policy:" in l)
    script_src = next(d for d in line.split(":", 1)[1].split(";") if d.split()[0] == "script-src")
    return set(script_src.split()[1:]) - {"'self'"}


@pytest.fixture(scope="module")
def releases():
    return pins.releases(PROJECT / "specs")


@pytest.fixture
def project(tmp_path):
    """A copy of the project's templates and theme, so a test may change them."""
    copy = tmp_path / "project"
    copy.mkdir()
    for name in ("docs", "overrides"):
        shutil.copytree(PROJECT / name, copy / name)
    shutil.copyfile(PROJECT / "mkdocs.yml", copy / "mkdocs.yml")
    (copy / "node_modules").symlink_to(PROJECT / "node_modules")
    return copy


def test_a_second_build_reuses_every_version_and_writes_the_same_site(project, releases, tmp_path):
    cache = tmp_path / "cache"
    first = build_site(project, releases, tmp_path / "a", cache_dir=cache)
    snapshot = tree(first.site)
    second = build_site(project, releases, tmp_path / "a", cache_dir=cache)
    assert first.built == tuple(r.tag for r in releases)
    assert second.built == ()
    assert tree(second.site) == snapshot


def test_publishing_a_release_builds_only_it_and_matches_a_cold_build(project, releases, tmp_path):
    cache = tmp_path / "cache"
    build_site(project, releases[:-1], tmp_path / "site", cache_dir=cache)
    newest = releases[-1].tag
    incremental = build_site(project, releases, tmp_path / "site", cache_dir=cache)
    assert incremental.built == (newest,)
    cold = build_site(project, releases, tmp_path / "cold", use_cache=False)
    assert tree(incremental.site) == tree(cold.site)
    # The reused versions' script hashes come from their build notes, not from reading their pages again.
    assert allowed_scripts(incremental.site) == {csp.source_hash(text) for text in inline_scripts(incremental.site)}
    older = incremental.site / releases[0].tag
    # The older releases gained the pages of the new release's operations, and lost their indexing.
    assert (older / "docs/developer/api/operations/createCollection/index.html").is_file()
    assert '<meta name="robots" content="noindex">' in (older / "docs/developer/index.html").read_text()


def test_changing_a_template_rebuilds_every_version(project, releases, tmp_path):
    cache = tmp_path / "cache"
    build_site(project, releases, tmp_path / "site", cache_dir=cache)
    overview = project / "docs/developer/index.md.j2"
    overview.write_text(overview.read_text() + "\nOne more sentence.\n")
    again = build_site(project, releases, tmp_path / "site", cache_dir=cache)
    assert again.built == tuple(r.tag for r in releases)
    assert "One more sentence." in (again.site / releases[0].tag / "docs/developer/index.html").read_text()


def test_the_build_reports_each_version_as_built_or_reused(project, releases, tmp_path):
    cache = tmp_path / "cache"
    build_site(project, releases[:1], tmp_path / "site", cache_dir=cache)
    lines = []
    build_site(project, releases[:2], tmp_path / "site", progress=lines.append, cache_dir=cache)
    assert f"{releases[0].tag}: unchanged, reused from the cache" in lines
    assert any(line.startswith(f"{releases[1].tag}: built in ") for line in lines)


def test_pruning_the_cache_spares_a_scratch_folder_another_build_is_using(tmp_path):
    from generator.site.cache import Cache

    store = Cache(tmp_path / "cache")
    in_use = store.scratch()
    (in_use / "page.html").write_text("being built")
    store.prune()
    assert (in_use / "page.html").is_file()
