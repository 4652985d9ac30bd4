"""Stage 7, the site: one MkDocs build per version, then the files that tie the versions together.

    site.build(project, [Version], out) -> BuildResult

It keeps MkDocs (generator.site.engine, the one reader of mkdocs.yml), the assembly of what MkDocs
built (operation_pages; what it relies on in Material's HTML: material), the Scalar bundle (scalar),
Netlify's files (netlify, csp), the audit (audit, links, loads) and the atomic swap (output). It
imports none of facts, diff or render: each Version brings its values and a callable that renders its
docs tree (generator.commands.build wires the stages together).

A version's build depends only on its own release, the releases before it and the project's code,
templates and theme; it is kept in a content-addressed cache (generator.site.cache) and reused as long
as none of these changes. The versions that must be built are built in parallel worker processes,
each of which also puts its version in place; meanwhile this process puts the reused versions in place
and checks what it can of them. What does depend on later releases (the pages of operations only they
have, the noindex of older releases) is added as each version is put in place.

Everything is written into a staging folder beside the output and swapped in at the end, so an
interrupted or failed build never leaves a half-written site.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from generator import forked
from generator.pins import latest_stable, version_key
from generator.site import audit, cache, csp, engine, netlify, operation_pages, output, scalar, scan, split
from generator.spec import Spec

OLDER = "-older"  # the cache entry of a version's variant for when a newer release is published


class Render(Protocol):
    def __call__(self, docs: Path, *, ready: Callable[[Path], object]) -> Path:
        """Write a version's docs tree into the empty folder `docs` and return it; call `ready` with the
        tree as soon as what MkDocs reads is written, while the rest may still be written
        (generator.render.version_tree)."""


@dataclass(frozen=True)
class Version:
    """One release as this stage builds it: plain values, and what the stages before it render."""

    tag: str
    spec: Spec  # the pinned document: its bytes key the cache, the audit checks the site against it
    server_url: str | None  # its first server, which the site's CSP lets the reference call
    render: Render  # writes its docs tree
    later: Callable[[], operation_pages.Later]  # what its pages say of the releases after it


@dataclass(frozen=True)
class BuildResult:
    site: Path
    versions: tuple[str, ...]  # newest first
    latest: str | None
    built: tuple[str, ...] = ()  # the versions built this time; the others came from the cache


def build(project: Path, versions: list[Version], site: Path, progress=lambda message: None,
          use_cache: bool = True, cache_dir: Path | None = None, verify: bool = True) -> BuildResult:
    """Build every version into `site`, reusing the cached builds (in `cache_dir`, by default the
    project's .cache/site) of the versions whose inputs did not change, unless `use_cache` is off.
    `verify=False` skips the site checks (third-party loads, links): only for benchmark sites built
    from specs that are not Aviato's and are never published."""
    site = site.resolve()
    with output.locked(site, progress):  # one build at a time; clears what a killed build left behind
        return _build(project, versions, site, progress, use_cache, cache_dir or project / cache.CACHE_DIR,
                      verify)


def _build(project: Path, versions: list[Version], site: Path, progress, use_cache: bool,
           cache_dir: Path, verify: bool = True) -> BuildResult:
    releases = sorted(versions, key=lambda r: version_key(r.tag))
    tags = tuple(r.tag for r in reversed(releases))
    latest = latest_stable(list(tags))
    staging = Path(tempfile.mkdtemp(prefix=output.staging_prefix(site), dir=site.parent))
    # Without the cache, the versions are built into a throwaway one beside the staging folder.
    store = cache.Cache(cache_dir if use_cache else Path(f"{staging}.versions"))
    builds, deleting = None, None
    try:
        shared = scalar.shared_assets(project)
        keys = _keys(project, releases, shared)
        missing = [r.tag for r in releases if store.get(keys[r.tag]) is None]
        job = _Job(project, {r.tag: r for r in releases}, shared, staging, latest, store, keep=use_cache)
        builds = _Builds(job, missing)
        scalar.copy_shared(project, staging, shared)
        assembled: dict[str, operation_pages.Assembled] = {}
        for release in releases:  # while the missing versions build in other processes
            if release.tag not in missing:
                progress(f"{release.tag}: unchanged, reused from the cache")
                assembled[release.tag] = job.place(release.tag, _reused(store, keys[release.tag],
                                                                        release.tag != latest))
        # Meanwhile too, the checks of what is in place: the shared assets, and what this build changed
        # in the reused versions.
        in_place = scan.Scope(frozenset(tags),
                              frozenset(path for each in assembled.values() for path in each.changed))
        early = audit.early(staging, in_place) if verify else None
        fresh = builds.results(progress)
        deleting = _delete_meanwhile([result.docs for result in fresh.values()])
        assembled.update((tag, result.assembled) for tag, result in fresh.items())
        changed = {path for each in assembled.values() for path in each.changed}
        netlify.write_root_files(staging, tags, latest)
        operation_pages.write_root_sitemap(staging, latest, assembled[latest].noindex if latest else [])
        csp.write_headers(staging, csp.connect_sources(project, (r.server_url for r in releases)),
                          scan.Scope(frozenset(tags), frozenset(changed)),
                          {digest for each in assembled.values() for digest in each.script_hashes},
                          csp.configured_sources(project))
        # Third-party loads and broken links fail the build here. A version reused from the cache was
        # audited when it was built: only what this build wrote or changed in it is audited again.
        reused = {tag for tag in tags if tag not in fresh}
        if verify:
            audit.verify(project, staging, scan.Scope(frozenset(reused) | {scalar.SHARED_DIR.split("/")[0]}),
                         before=early, pinned={r.tag: r.spec for r in releases})
        if verify and use_cache:
            for tag, result in fresh.items():  # only audited builds are reused
                store.put(keys[tag], result.tree)
                if result.older is not None:
                    store.put(keys[tag] + OLDER, result.older)
        builds.discard()  # what was not cached
        output.swap(staging, site)
    except OSError as e:  # from this process or a worker: named in the site, not in the staging folder
        _discard(staging, builds)
        raise output.in_site(e, staging, site) from e
    except BaseException:
        _discard(staging, builds)
        raise
    finally:
        if deleting is not None:
            deleting.join()
        if not use_cache:
            shutil.rmtree(store.folder, ignore_errors=True)
    if use_cache:
        store.prune(max(cache.KEEP, 3 * len(releases)))
    return BuildResult(site, tags, latest, tuple(fresh))


def _delete_meanwhile(folders: list[Path]) -> multiprocessing.process.BaseProcess:
    """Delete the docs trees the workers built from while this process checks the site: on 10,000
    operations a tree is 100,000 files and folders. In a process of its own: in a thread, each file
    deleted would wait for this process's interpreter, busy with the checks (a minute for Graph's)."""
    deleting = multiprocessing.get_context("fork").Process(target=_delete, args=(folders, os.getpid()),
                                                           name="delete-docs-trees")
    deleting.start()
    return deleting


def _delete(folders: list[Path], parent: int) -> None:
    forked.started(parent)
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def _discard(staging: Path, builds: _Builds | None) -> None:
    shutil.rmtree(staging, ignore_errors=True)
    if builds is not None:  # not audited: never reused
        builds.discard()


def _reused(store: cache.Cache, key: str, older: bool) -> Path:
    """A cached version; for an older release, its variant with every page kept out of search engines,
    made once (a version built while it was the newest becomes older when a release follows)."""
    tree = store.get(key)
    assert tree is not None, "only the versions found in the cache are reused"
    if not older:
        return tree
    variant = store.get(key + OLDER)
    if variant is None:
        scratch = store.scratch()
        output.link_tree(tree, scratch)
        operation_pages.noindex_all(scratch)
        variant = store.put(key + OLDER, scratch)
    return variant


def _keys(project: Path, releases: list[Version], shared: scalar.SharedAssets) -> dict[str, str]:
    """Each version's cache key: the shared inputs, its release and every release before it."""
    common = cache.fingerprint(project) + repr((shared, scalar.SPLIT_OPERATIONS, split.MAX_PART_BYTES))
    digests = [cache.digest(r.spec.raw.data) for r in releases]  # each spec hashed once
    return {release.tag: cache.key(common, release.tag, *digests[: i + 1])
            for i, release in enumerate(releases)}


@dataclass(frozen=True)
class _Built:
    tree: Path  # the version as built, for the cache
    older: Path | None  # its variant for when it is not the latest release, made with it
    assembled: operation_pages.Assembled  # what it became in the staged site
    seconds: float
    docs: Path  # the docs tree it was built from, for the build process to delete


@dataclass(frozen=True)
class _Job:
    """What building and placing any version of this site needs."""

    project: Path
    versions: dict[str, Version]
    shared: scalar.SharedAssets
    staging: Path
    latest: str | None
    store: cache.Cache
    keep: bool = True  # the versions built go into the cache; without it, they are moved into the site

    def place(self, tag: str, tree: Path, move: bool = False) -> operation_pages.Assembled:
        """Put a built version into the staged site, finished for this site's releases: hard-linked,
        or moved when nothing else will read `tree` (deleting its tens of thousands of files after the
        build would take seconds)."""
        if move:
            os.rename(tree, self.staging / tag)
        else:
            output.link_tree(tree, self.staging / tag)
        return operation_pages.assemble(self.staging / tag, self.versions[tag].later)

    def build(self, tag: str, out: Path, older: Path, docs: Path) -> _Built:
        """Build `tag` into `out` (its noindex variant into `older`, unless it is the latest) from the docs
        tree it renders into `docs`, and place it. The build process deletes `docs` (_delete_meanwhile)."""
        start = time.perf_counter()
        version = self.versions[tag]
        build_version(self.project, version.render, docs / tag, out, tag, self.shared)
        if tag == self.latest:
            variant = None
        elif not self.keep:  # the version as built is not kept: its pages become the variant's
            variant = None
            operation_pages.noindex_all(out)
        else:
            variant = older
            output.link_tree(out, variant)
            operation_pages.noindex_all(variant)
        assembled = self.place(tag, variant or out, move=not self.keep)
        return _Built(out, variant, assembled, time.perf_counter() - start, docs)


_job: _Job | None = None  # a worker process's job, inherited from the build that forked it


def _adopt(job: _Job, parent: int) -> None:
    global _job
    forked.started(parent)
    _job = job


def _build_in_worker(tag: str, out: Path, older: Path, docs: Path) -> _Built:
    assert _job is not None, "every worker adopts its job when it starts"
    return _job.build(tag, out, older, docs)


class _Builds:
    """The builds of the versions the cache lacks, started at once in worker processes (MkDocs is
    single-threaded), so that this process places the reused versions and checks the shared assets
    meanwhile. Workers are forked: they share this process's values (the versions' facts, catalog and
specs) instead of receiving a copy. A
    build's trees go into the cache once the site passes its audit; `discard` removes whatever was not
    put there."""

    def __init__(self, job: _Job, missing: list[str]):
        self.job, self.missing = job, missing
        # Each version's build, its noindex variant and the docs tree it is built from.
        self.scratch = [(job.store.scratch(), job.store.scratch(), job.store.scratch()) for _ in missing]
        self.pool, self.futures = None, []
        workers = min(len(missing), os.cpu_count() or 1)
        if missing:
            engine.load()  # before the workers fork, so that none imports it again
            self.pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                            initializer=_adopt, initargs=(job, os.getpid()))
            gc.freeze()  # the workers' garbage collector leaves the shared objects alone (no copy on write)
            self.futures = [self.pool.submit(_build_in_worker, tag, *folders)
                            for tag, folders in zip(missing, self.scratch, strict=True)]

    def results(self, progress) -> dict[str, _Built]:
        try:
            done = [future.result() for future in self.futures]
        finally:
            self._stop()
        for tag, built in zip(self.missing, done, strict=True):
            progress(f"{tag}: built in {built.seconds:.1f} s")
        return dict(zip(self.missing, done, strict=True))

    def discard(self) -> None:
        self._stop()
        for folders in self.scratch:
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)

    def _stop(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
            self.pool = None
            gc.unfreeze()


def build_version(project: Path, render: Render, docs: Path, out: Path, tag: str,
                  shared: scalar.SharedAssets) -> Path:
    """Render one version's docs tree into `docs` with `render` (Version.render) and build it into
    `out`: MkDocs as soon as what it reads is written, then what MkDocs did not build and the pages'
    Markdown twins. Returns the docs tree."""
    def mkdocs(tree: Path) -> None:
        theme = {"scalar_bundle": shared.bundle, "scalar_mount": shared.mount,
                 "scalar_preload": list(shared.preload)}
        engine.build_version(project, tree, out, tag, theme)

    tree = render(docs, ready=mkdocs)
    operation_pages.finish_version(tree, out)
    return tree
