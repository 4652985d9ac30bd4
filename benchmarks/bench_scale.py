"""Cold builds at scale: time and peak memory as releases and operations grow.

1. Releases of GitHub's REST spec (13 MB, 1,223 operations): 1, 5 and 10 of them, built cold in
   parallel processes. Each release drops a few of the newest paths of the one after it, so every
   older version also gets the pages of the operations only later releases have. The site checks
   are off (GitHub's descriptions load images from GitHub: this site is measured, never published).
2. One release of a synthetic spec with 1k, 5k and 20k operations, built cold with every check on.

Each configuration runs in a process of its own, so its peak memory is its own: the build process's
(it holds every release's spec) and the largest worker's (one version's MkDocs build). Baseline: the
smallest configuration of the same series, in the same run.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import orjson

from benchmarks import Row, peak_mb, reference_site, scratch
from benchmarks.bench_operations import project_with_operations
from benchmarks.bench_validate import synthetic

GITHUB_RELEASES = (1, 5, 10)
SYNTHETIC_OPERATIONS = (1_000, 5_000, 20_000)
DROPPED_PATHS = 8  # per release, from the newest back
MEMORY_TARGET_MB = 12 * 1024  # "fits in 24 GiB with room to spare": half of it, all processes together


def github_releases(count: int) -> list:
    base = orjson.loads(reference_site.GITHUB_SPEC.read_bytes())
    paths = list(base["paths"])
    releases = []
    for index in range(count):
        keep = len(paths) - (count - 1 - index) * DROPPED_PATHS
        document = {**base, "paths": {path: base["paths"][path] for path in paths[:keep]},
                    "info": {**base["info"], "version": f"9.{index}.0"}}
        releases.append(reference_site.synthetic_release(f"v9.{index}.0", orjson.dumps(document), index))
    return releases


def child(kind: str, size: int) -> dict:
    """Build one configuration (in this process and its workers); its figures as a dict."""
    from generator.commands.build import build_site

    releases = github_releases(size) if kind == "github" else \
        [reference_site.synthetic_release("v1.0.0", orjson.dumps(synthetic(size)))]
    with scratch() as work:
        project = project_with_operations(Path(work) / "project")
        start = time.perf_counter()
        build_site(project, releases, Path(work) / "site", use_cache=False, verify=kind != "github")
        seconds = time.perf_counter() - start
    return {"seconds": seconds,
            "main_mb": peak_mb(),
            "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}


def _measure(kind: str, size: int) -> dict:
    print(f"  {kind} {size} ...", file=sys.stderr, flush=True)
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_scale", kind, str(size)],
                          capture_output=True, text=True, cwd=reference_site.PROJECT,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode != 0:
        raise RuntimeError(f"{kind} {size} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run() -> list[Row]:
    rows = []
    series = [("github", GITHUB_RELEASES, "GitHub release"),
              ("synthetic", SYNTHETIC_OPERATIONS, "synthetic operation")]
    for kind, sizes, what in series:
        figures = {size: _measure(kind, size) for size in sizes}
        smallest = sizes[0]
        base = figures[smallest]
        for size in sizes:
            figure = figures[size]
            label = f"cold build, {size:,} {what}{'s' if size > 1 else ''}"
            workers = min(size if kind == "github" else 1, os.cpu_count() or 1)
            total = figure["main_mb"] + workers * figure["worker_mb"]
            rows += [Row(f"{label}: time", figure["seconds"], "s", f"{smallest:,}", base["seconds"]),
                     Row(f"{label}: peak, build process", figure["main_mb"], "MB", f"{smallest:,}",
                         base["main_mb"]),
                     Row(f"{label}: peak, largest worker", figure["worker_mb"], "MB", f"{smallest:,}",
                         base["worker_mb"], f"all processes < {MEMORY_TARGET_MB // 1024} GiB",
                         total < MEMORY_TARGET_MB)]
    return rows


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1], int(sys.argv[2]))))
