"""The checks a build runs over its finished site (CSP hashes, third-party audit, link check), against
the build itself, on the pinned releases and on GitHub's REST spec (1,223 operation pages)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import Row, discard, reference_site
from generator import pins
from generator.commands.build import build_site
from generator.site import audit, csp

PROJECT = Path(__file__).resolve().parent.parent
RUNS = 3


def _seconds(work) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def _checks(project: Path, out: Path) -> float:
    """Median seconds of what `build_site` runs after MkDocs: the _headers file and `audit.problems`
    plus the link check (not `audit.verify`, which would stop at the GitHub site's findings)."""
    def once():
        csp.write_headers(out, csp.connect_sources(project, []))
        audit.problems(out, audit.scan.mkdocs_yml(project))
        audit.links.problems(out)
    return statistics.median(_seconds(once) for _ in range(RUNS))


def run() -> list[Row]:
    rows = []
    work = Path(tempfile.mkdtemp())
    try:
        releases = pins.releases(PROJECT / "specs")
        build = _seconds(lambda: build_site(PROJECT, releases, work / "site", use_cache=False, verify=False))
        pages = len(audit.scan.files(work / "site", audit.scan.HTML))
        rows.append(Row(f"site checks, {len(releases)} pinned releases ({pages} pages, median of {RUNS})",
                        _checks(PROJECT, work / "site"), "s", "the build without them, no cache", build))
        github = work / "github"  # a fresh project: its build cache starts empty
        build = _seconds(lambda: reference_site.build(github, reference_site.github_release()))
        pages = len(audit.scan.files(github / "site", audit.scan.HTML))
        rows.append(Row(f"site checks, GitHub's REST spec ({pages} pages, median of {RUNS})",
                        _checks(github / "project", github / "site"), "s", "the build without them, cold",
                        build))
    finally:
        discard(work)
    return rows
