"""`build`: the whole versioned site from the pinned specs, top to bottom.

    pins -> checks -> (clients) -> facts and history, once per release -> diff -> render -> site
"""

from __future__ import annotations

from pathlib import Path

from generator import checks, clients, diff, pins, site
from generator.commands import versions
from generator.facts import extract
from generator.pins import Release, version_key
from generator.render.catalog import Catalog
from generator.site import BuildResult, output


def build(project: Path, specs: Path, out: Path, progress=lambda message: None,
          check_clients: bool = False, use_cache: bool = True) -> BuildResult:
    """Verify and load every pinned release, then build the whole versioned site into `out`."""
    # The swap replaces `out`: never the project or a stranger's folder.
    output.check_target(project, out, specs)
    releases = pins.releases(specs)
    progress(f"loaded {len(releases)} pinned releases from {specs}")
    checks.gate([release.spec for release in releases], checks.config.load(project), progress)
    if check_clients:  # a document that breaks client generation is not published
        clients.gate(project, releases, progress)
    return build_site(project, releases, out, progress, use_cache)


def build_site(project: Path, releases: list[Release], out: Path, progress=lambda message: None,
               use_cache: bool = True, cache_dir: Path | None = None, verify: bool = True) -> BuildResult:
    """Build `releases` (already checked) into `out`: see generator.site.build for the cache and
    `verify`. Each version's pages are rendered from facts and history derived here, once."""
    everything = catalog(releases)  # every operation ever published gets a page in every version
    # The changelog's diff and the render run per version, in the worker process that builds it.
    each = [versions.version(project, everything, tag) for tag in everything.tags]
    return site.build(project, each, out, progress, use_cache, cache_dir, verify)


def catalog(releases: list[Release]) -> Catalog:
    """The facts of every release and the pinned history, each derived once."""
    ordered = sorted(releases, key=lambda r: version_key(r.tag))
    facts = {release.tag: extract(release.spec) for release in ordered}
    history = diff.history(ordered, lifecycles_only=True)
    return Catalog.of(ordered, facts, history.lifecycles())
