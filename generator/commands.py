"""The commands as plain functions, for the CLI and for tests to call directly."""

from __future__ import annotations

from pathlib import Path

from generator import checks, clients, pins, site
from generator.site import BuildResult, output


def build(project: Path, specs: Path, out: Path, progress=lambda message: None,
          check_clients: bool = False, use_cache: bool = True) -> BuildResult:
    """Verify and load every pinned release, then build the whole versioned site into `out`."""
    output.check_target(project, out, specs)  # the swap replaces `out`: never the project or a stranger's folder
    releases = pins.releases(specs)
    progress(f"loaded {len(releases)} pinned releases from {specs}")
    checks.gate([release.spec for release in releases], checks.config.load(project), progress)  # before writing
    if check_clients:  # a document that breaks client generation is not published
        clients.gate(project, releases, progress)
    return site.build(project, releases, out, progress, use_cache)
