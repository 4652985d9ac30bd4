"""Typed clients: generating and compiling each version cold, against finding its verdict in the cache.

Cold means an empty cache (mypy's own cache included), so every tool runs. Each version alone is timed
first, then every version at once (in parallel) against the sum of the versions alone.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks import Row, discard
from generator import clients, pins

PROJECT = Path(__file__).resolve().parent.parent


def _timed_check(targets: list[clients.Target], cache: Path) -> float:
    start = time.perf_counter()
    clients.check(PROJECT, targets, cache)
    return time.perf_counter() - start


def run() -> list[Row]:
    targets = [clients.Target(r.spec, r.tag) for r in pins.releases(PROJECT / "specs")]
    work = Path(tempfile.mkdtemp(prefix="bench-clients-"))
    rows = []
    try:
        cold = {}
        for target in targets:
            cache = work / target.label
            cold[target.label] = _timed_check([target], cache)
            cached = _timed_check([target], cache)
            rows.append(Row(f"clients {target.label}: TS + Python, cached verdict", cached, "s",
                            "generated and compiled cold", cold[target.label], "< 0.05x baseline",
                            cached < 0.05 * cold[target.label]))
        together = _timed_check(targets, work / "all")
        rows.append(Row(f"clients, all {len(targets)} versions in parallel, cold", together, "s",
                        "the versions one after another", sum(cold.values()), "< 1x baseline",
                        together < sum(cold.values())))
    finally:
        discard(work)
    return rows
