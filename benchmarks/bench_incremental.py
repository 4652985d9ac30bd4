"""Publishing one release into a site of ten: only the new version is built, the others are reused.

Eleven synthetic releases grow from the pinned v1.2.0, each adding an operation (the case where every
older version gains a page: the not-in-this-version page of the new operation). Measured in one run:
building the eleventh release alone (cold), publishing it into the site of the first ten (warm cache),
and a cold build of all eleven in parallel processes with its peak memory.
"""

from __future__ import annotations

import copy
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import Row, discard, scratch
from benchmarks.reference_site import synthetic_release
from generator.commands.build import build_site
from generator.pins import Release

PROJECT = Path(__file__).resolve().parent.parent
RELEASES = 11
RUNS = 7


def synthetic_releases() -> list[Release]:
    base = json.loads((PROJECT / "specs/v1.2.0.json").read_text())
    probe = base["paths"]["/api/health"]["get"]
    releases = []
    for number in range(RELEASES):
        document = copy.deepcopy(base)
        version = f"2.{number}.0"
        document["info"]["version"] = version
        for added in range(number + 1):
            operation = copy.deepcopy(probe)
            operation.update(operationId=f"getProbe{added}", summary=f"Probe number {added}")
            document["paths"][f"/api/probes/{added}"] = {"get": operation}
        data = (json.dumps(document, indent=2) + "\n").encode()
        releases.append(synthetic_release(f"v{version}", data, number))
    return releases


def _timed(releases, cache_dir: Path, warm: list | None = None) -> float:
    out = Path(tempfile.mkdtemp()) / "site"
    if warm:  # the site as the pipeline left it: built, then rebuilt (the cache holds the older variants)
        build_site(PROJECT, warm, out, cache_dir=cache_dir)
        build_site(PROJECT, warm, out, cache_dir=cache_dir)
    start = time.perf_counter()
    result = build_site(PROJECT, releases, out, cache_dir=cache_dir)
    elapsed = time.perf_counter() - start
    assert result.built == tuple(r.tag for r in releases if not warm or r not in warm), result.built
    discard(out.parent)
    return elapsed


def figures() -> dict:
    """The three builds' seconds, RUNS times each, and the peak memory of the largest worker: in a
    process of its own (`run`), so that the workers it forks start from its size, not from that of
    the `make bench` that ran the benchmarks before it."""
    releases = synthetic_releases()
    newest, older = releases[-1:], releases[:-1]
    alone, publish, cold = [], [], []
    for _ in range(RUNS):
        with scratch() as a, scratch() as b, scratch() as c:
            alone.append(_timed(newest, Path(a)))
            publish.append(_timed(releases, Path(b), warm=older))
            cold.append(_timed(releases, Path(c)))
    return {"alone": alone, "publish": publish, "cold": cold, "older": len(older),
            "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def run() -> list[Row]:
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_incremental"], capture_output=True,
                          text=True, cwd=PROJECT)
    if done.returncode != 0:
        raise RuntimeError(f"bench_incremental failed:\n{done.stderr[-3000:]}")
    f = json.loads(done.stdout.strip().splitlines()[-1])
    one, incremental, everything = (statistics.median(f[k]) for k in ("alone", "publish", "cold"))
    return [
        Row(f"publish 1 release into a site of {f['older']} (median of {RUNS})", incremental, "s",
            "that release built alone", one, "<= 1.3x", incremental <= 1.3 * one),
        Row(f"cold build of {RELEASES} releases, parallel (median of {RUNS})", everything, "s",
            "one release alone", one),
        Row("peak memory of a build's largest worker", f["worker_mb"], "MB"),
    ]


if __name__ == "__main__":
    print(json.dumps(figures()))
