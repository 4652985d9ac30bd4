"""Stage 6: one MkDocs build per version, then the files that tie the versions together.

A version's build depends only on its own release, the releases before it and the project's code,
templates and theme; it is kept in a content-addressed cache (generator.site.cache) and reused as long
as none of these changes. The versions that must be built are built in parallel processes. What does
depend on later releases (the pages of operations only they have, the noindex of older releases) is
added when the site is assembled.

Everything is written into a staging folder beside the output and swapped in at the end, so an
interrupted or failed build never leaves a half-written site.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator import diff, render
from generator.errors import EXIT_CANNOT_RUN, GeneratorError, Location, Problem
from generator.facts import extract
from generator.pins import Release, latest_stable, version_key
from generator.render.operations import Catalog
from generator.site import audit, cache, csp, netlify, operation_pages, output, scalar, scan, split


OLDER = "-older"  # the cache entry of a version's variant for when a newer release is published


@dataclass(frozen=True)
class BuildResult:
    site: Path
    versions: tuple[str, ...]  # newest first
    latest: str | None
    built: tuple[str, ...] = ()  # the versions built this time; the others came from the cache


def build(project: Path, releases: list[Release], site: Path, progress=lambda message: None,
          use_cache: bool = True, cache_dir: Path | None = None, verify: bool = True) -> BuildResult:
    """Build every release into `site`, reusing the cached builds (in `cache_dir`, by default the
    project's .cache/site) of the versions whose inputs did not change, unless `use_cache` is off.
    `verify=False` skips the site checks (third-party loads, links): only for benchmark sites built
    from specs that are not Aviato's and are never published."""
    site = site.resolve()
    with output.locked(site, progress):  # one build at a time; clears what a killed build left behind
        return _build(project, releases, site, progress, use_cache, cache_dir or project / cache.CACHE_DIR,
                      verify)


def _build(project: Path, releases: list[Release], site: Path, progress, use_cache: bool,
           cache_dir: Path, verify: bool = True) -> BuildResult:
    releases = sorted(releases, key=lambda r: version_key(r.tag))
    tags = tuple(r.tag for r in reversed(releases))
    latest = latest_stable(list(tags))
    staging = Path(tempfile.mkdtemp(prefix=output.staging_prefix(site), dir=site.parent))
    # Without the cache, the versions are built into a throwaway one beside the staging folder.
    store = cache.Cache(cache_dir if use_cache else Path(f"{staging}.versions"))
    fresh: dict[str, Path] = {}
    builds = None
    try:
        shared = scalar.copy_shared(project, staging)
        catalog = Catalog.from_releases(releases)  # every operation ever published gets a page in every version
        keys = _keys(project, releases, shared)
        missing = [r for r in releases if store.get(keys[r.tag]) is None]
        noindex, changed, scripts = {}, set(), set()

        def place(release: Release, source: Path, fresh_build: bool) -> None:
            # Linked, not copied: the cache's files are never written in place (assemble replaces them).
            shutil.copytree(source, staging / release.tag, copy_function=os.link)
            if release.tag != latest and fresh_build:  # a reused one comes as its noindex variant
                operation_pages.noindex_all(staging / release.tag)
            assembled = operation_pages.assemble(staging / release.tag, catalog, release.tag)
            noindex[release.tag] = assembled.noindex
            changed.update(assembled.changed)
            scripts.update(assembled.script_hashes)

        builds = _Builds(project, catalog, missing, store, shared, background=len(missing) < len(releases))
        for release in releases:  # while the missing versions build in other processes
            if release not in missing:
                progress(f"{release.tag}: unchanged, reused from the cache")
                place(release, _reused(store, keys[release.tag], release.tag != latest), False)
        fresh.update(builds.results(progress))
        for release in missing:
            place(release, fresh[release.tag], True)
        built = tuple(fresh)
        netlify.write_root_files(staging, tags, latest)
        operation_pages.write_root_sitemap(staging, latest, noindex.get(latest, []))
        csp.write_headers(staging, csp.connect_sources(project, (catalog.facts[r.tag].server_url for r in releases)),
                          scan.Scope(frozenset(tags), frozenset(changed)), scripts)
        # Third-party loads and broken links fail the build here. A version reused from the cache was
        # audited when it was built: only what this build wrote or changed in it is audited again.
        reused = {tag for tag in tags if tag not in built}
        if verify:
            audit.verify(project, staging, scan.Scope(frozenset(reused), frozenset(changed)))
        for tag, tree in fresh.items():  # only audited builds are reused
            if verify:
                store.put(keys[tag], tree)
            else:
                shutil.rmtree(tree)
        output.swap(staging, site)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        if builds is not None:  # not audited: never reused
            builds.discard()
        raise
    finally:
        if not use_cache:
            shutil.rmtree(store.folder, ignore_errors=True)
    if use_cache:
        store.prune(max(cache.KEEP, 3 * len(releases)))
    return BuildResult(site, tags, latest, built)


def _reused(store: cache.Cache, key: str, older: bool) -> Path:
    """A cached version; for an older release, its variant with every page kept out of search engines,
    made once (a version is built while it is the newest, and becomes older when a release follows)."""
    if not older:
        return store.get(key)
    variant = store.get(key + OLDER)
    if variant is None:
        scratch = store.scratch() / "tree"
        shutil.copytree(store.get(key), scratch, copy_function=os.link)
        operation_pages.noindex_all(scratch)
        variant = store.put(key + OLDER, scratch)
    return variant


def _keys(project: Path, releases: list[Release], shared: scalar.SharedAssets) -> dict[str, str]:
    """Each version's cache key: the shared inputs, its release and every release before it."""
    common = cache.fingerprint(project) + repr((shared, scalar.SPLIT_OPERATIONS, split.MAX_PART_BYTES))
    return {release.tag: cache.key(common, release.tag, *(r.spec.raw.data for r in releases[: i + 1]))
            for i, release in enumerate(releases)}


class _Builds:
    """The builds of the versions the cache lacks, started at once: in worker processes (MkDocs is
    single-threaded; one process per version, each working out its own catalog), so that this process
    assembles the reused versions meanwhile; in this process when there is one version and nothing else
    to do. Their trees are cached once the site passes its audit (`discard` drops them otherwise)."""

    def __init__(self, project: Path, catalog: Catalog, missing: list[Release], store: cache.Cache,
                 shared: scalar.SharedAssets, background: bool):
        self.missing, self.outs = missing, [store.scratch() for _ in missing]
        self.pool, self.futures = None, []
        self.in_process = lambda: [_build_version(project, catalog.until(r.tag), shared, out)
                                   for r, out in zip(missing, self.outs)]
        workers = min(len(missing), os.cpu_count() or 1)
        if missing and (workers > 1 or background):
            _import_mkdocs()  # before the workers fork, so that none imports it again
            self.pool = ProcessPoolExecutor(workers)
            self.futures = [self.pool.submit(_build_version, project, [h for h in catalog.releases
                                                                       if version_key(h.tag) <= version_key(r.tag)],
                                             shared, out)
                            for r, out in zip(missing, self.outs)]

    def results(self, progress) -> dict[str, Path]:
        if self.pool is None:
            done = self.in_process()
        else:
            try:
                done = [future.result() for future in self.futures]
            finally:
                self.pool.shutdown(cancel_futures=True)
        for release, (_, seconds) in zip(self.missing, done):
            progress(f"{release.tag}: built in {seconds:.1f} s")
        return {release.tag: out for release, (out, _) in zip(self.missing, done)}

    def discard(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        for out in self.outs:
            shutil.rmtree(out, ignore_errors=True)


def _build_version(project: Path, history: list[Release] | Catalog, shared: scalar.SharedAssets, out: Path):
    """Render and build the newest release of `history` (the releases up to it, or their catalog)."""
    start = time.perf_counter()
    catalog = history if isinstance(history, Catalog) else Catalog.from_releases(history)
    release = catalog.releases[-1]
    previous = diff.previous_release(list(catalog.releases), release)
    with tempfile.TemporaryDirectory(prefix="aviato-docs-") as work:
        tree = _render_version(project, release, Path(work) / release.tag, previous, catalog)
        _mkdocs(project, tree, out, release.tag, shared)
        operation_pages.finish_version(tree, out)
    return out, time.perf_counter() - start


def _render_version(project: Path, release: Release, dest: Path, previous: Release | None = None,
                    catalog: Catalog | None = None) -> Path:
    # A version's pages must not depend on later releases or on which one is latest (its build is
    # reused when newer ones are published): neither is given to the templates.
    facts = extract(release.spec)
    spec_name = "openapi.yaml" if release.spec.raw.is_yaml else "openapi.json"
    parts = scalar.parts(release.spec.document, len(facts.operations))
    scalar.write_parts(parts, dest / render.SPEC_DIR)
    context = render.VersionContext(release.tag, facts, (release.tag,), None,
                                    scalar.configuration(facts, spec_name, parts),
                                    previous.tag if previous else None,
                                    tuple(diff.compare(previous.spec, release.spec)) if previous else (),
                                    operations=catalog)
    return render.version_tree(project / "docs", dest, context, release.spec.raw)


def _import_mkdocs():
    # Imported here: MkDocs belongs to this stage only, and everything before it runs without it.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build

    return build


def _mkdocs(project: Path, docs: Path, out: Path, tag: str, shared: scalar.SharedAssets) -> None:
    mkdocs_build = _import_mkdocs()
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    try:
        config = load_config(config_file=str(project / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(out))
        base = str(config["site_url"] or "https://docs.example.invalid/")
        config["site_url"] = f"{base.rstrip('/')}/{tag}/"
        config["extra"]["version"] = {"provider": "mike", "default": "latest", "alias": True}
        config["extra"]["aviato"] = {**(config["extra"].get("aviato") or {}),
                                     "tag": tag, "scalar_bundle": shared.bundle, "scalar_mount": shared.mount,
                                     "canonical_root": f"{base.rstrip('/')}/"}
        mkdocs_build(config)
    except MkDocsException as e:
        raise GeneratorError([Problem("mkdocs-failed", "error", f"{tag}: MkDocs failed: {e}",
                                      Location(str(project / "mkdocs.yml")))], EXIT_CANNOT_RUN) from e
