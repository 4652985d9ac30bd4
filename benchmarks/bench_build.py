"""Building the site: the whole pinned history against building one release alone."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import Row, discard
from generator import pins
from generator.commands.build import build_site

PROJECT = Path(__file__).resolve().parent.parent
RUNS = 3


def _median_build(releases) -> float:
    times = []
    for _ in range(RUNS):
        out = Path(tempfile.mkdtemp()) / "site"
        start = time.perf_counter()
        build_site(PROJECT, releases, out, use_cache=False)
        times.append(time.perf_counter() - start)
        discard(out.parent)
    return statistics.median(times)


def run() -> list[Row]:
    releases = pins.releases(PROJECT / "specs")
    one = _median_build(releases[-1:])
    every = _median_build(releases)
    return [Row(f"build all {len(releases)} pinned releases (median of {RUNS})", every, "s",
                "one release alone", one)]
