"""Operation pages at scale: GitHub's REST spec (1,223 operations) as one version of the site.

Figures: the time to build that version (render, MkDocs, the pages' sections put in place; median and
spread of BENCH_OPERATIONS_RUNS cold builds), the output per operation page, and the time until an
operation page's main content is visible in Chromium. Baselines, in the same run: the same build with
MkDocs building every operation page (before they were stamped from one prototype per heading shape),
Redocly's build-docs on the same spec, and a naive MkDocs build of the same pages, each page's whole HTML
handed to MkDocs with automatic navigation. The naive build of all 1,223 pages takes minutes (every
page carries the whole navigation): by default it runs on the first NAIVE_PAGES pages and the row
says so; BENCH_OPERATIONS_NAIVE=all runs it on every page.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from functools import partial
from pathlib import Path

import yaml

from benchmarks import Row, reference_site, scratch

# TAG is synthetic: GitHub's spec has no tags; the site functions take any
from benchmarks.reference_site import GITHUB_SPEC, TAG
from generator import site
from generator.commands.build import catalog
from generator.commands.versions import render_version
from generator.layout import FRAGMENTS_DIR, MARKER, OPERATIONS_DIR
from generator.pins import Release
from generator.render import operations as operation_render
from generator.site import engine, scalar

BUILD_TARGET = 6.0  # issue 14: Redocly's single page takes 5.3 s here
RUNS = int(os.environ.get("BENCH_OPERATIONS_RUNS", "3"))
VISIBLE_TARGET = 1.0
NAIVE_PAGES = 300
LOADS = 5
CHROMIUM = "/usr/lib/chromium/chromium"
FIRST_PAINT = "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN"


def project_with_operations(folder: Path) -> Path:
    """The reference-only profile (GitHub's spec cannot fill Aviato's overview), whose navigation has
    the Operations index as in the real site."""
    return reference_site.project_copy(folder)


def build_version(project: Path, release: Release, work: Path, out: Path) -> tuple[float, float, Path]:
    """(wall seconds, CPU seconds, the docs tree) of one version's build, as the site's build does it."""
    wall, cpu = time.perf_counter(), time.process_time()
    shared = scalar.copy_shared(project, out.parent)
    render = partial(render_version, project, catalog([release]), release.tag)
    tree = site.build_version(project, render, work, out, TAG, shared)
    return time.perf_counter() - wall, time.process_time() - cpu, tree


def timed_builds(project: Path, release: Release, root: Path) -> dict[str, list[float]]:
    """Wall seconds of RUNS cold builds each, stamped and one by one in turn (so that both see the same
    load), and of Redocly's build-docs; the first stamped build's docs tree and site stay in root."""
    # Imported here: that module imports this one.
    from benchmarks.bench_schema_pages import redocly

    found: dict[str, list[float]] = {"stamped": [], "one by one": [], "redocly": []}
    for run in range(RUNS):
        for kind, stamped in (("stamped", True), ("one by one", False)):
            operation_render.STAMP_OPERATION_PAGES = stamped
            try:
                work = root / ("docs" if run == 0 and stamped else _docs_folder(kind, run))
                out = root / ("site" if run == 0 and stamped else f"site-{kind}-{run}") / TAG
                found[kind].append(build_version(project, release, work, out)[0])
            finally:
                operation_render.STAMP_OPERATION_PAGES = True
        found["redocly"].append(redocly(GITHUB_SPEC)[0])
    return found


def _docs_folder(kind: str, run: int) -> str:
    return f"docs-{kind}-{run}"


def spread(seconds: list[float]) -> str:
    return f"median of {len(seconds)}, {min(seconds):.2f}-{max(seconds):.2f} s"


def naive_build(project: Path, tree: Path, root: Path, limit: int | None) -> tuple[float, int, list[int]]:
    """MkDocs on the same pages with their HTML inline and automatic navigation: (seconds, pages, sizes)."""
    docs = root / "naive-docs"
    folders = sorted(p.parent for p in (tree / OPERATIONS_DIR).glob("*/index.md"))[:limit]
    for folder in folders:
        relative = folder.relative_to(tree)
        markdown = (folder / "index.md").read_text(encoding="utf-8")
        for name, html in json.loads((tree / FRAGMENTS_DIR / relative / "index.json").read_text()).items():
            markdown = markdown.replace(MARKER.format(name), html)
        (docs / relative).mkdir(parents=True)
        (docs / relative / "index.md").write_text(markdown.replace('search: {"exclude": true}', ""),
                                                  encoding="utf-8")
    # Without `nav` and `not_in_nav`, MkDocs lists every page in the navigation of every page.
    settings = engine.read_config(project)
    settings.pop("nav", None)
    settings.pop("not_in_nav", None)
    config = project / "naive-mkdocs.yml"  # beside overrides/, which it names relatively
    config.write_text(yaml.safe_dump(settings, sort_keys=False))
    out = root / "naive-site"
    start = time.perf_counter()
    _run_mkdocs(config, docs, out)
    seconds = time.perf_counter() - start
    sizes = [p.stat().st_size for p in (out / OPERATIONS_DIR).glob("*/index.html")]
    return seconds, len(folders), sizes


def _run_mkdocs(config: Path, docs: Path, out: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    loaded = load_config(config_file=str(config), docs_dir=str(docs), site_dir=str(out))
    loaded["site_url"] = "https://docs.example.invalid/v1.2.0/"
    loaded["extra"]["aviato"] = {"tag": TAG, "latest": TAG, "canonical_root": "https://docs.example.invalid/",
                                 "scalar_bundle": "", "scalar_mount": ""}
    mkdocs_build(loaded)


def time_to_visible(url_root: str, pages: list[str]) -> dict[str, tuple[float, float]]:
    """Per page, the median seconds from navigation until its h1 and its Responses heading are visible
    (measured from Python, so it includes Playwright's round trips), and the browser's own first
    contentful paint, each in a fresh browser context (nothing cached)."""
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            for name in pages:
                times, paints = [], []
                for _ in range(LOADS):
                    context = browser.new_context()
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(f"{url_root}/{TAG}/{name}", wait_until="commit")
                    page.locator("article h1").wait_for(state="visible")
                    page.locator("article h2#responses").wait_for(state="visible")
                    times.append(time.perf_counter() - start)
                    paints.append(page.evaluate(FIRST_PAINT) / 1000)
                    context.close()
                found[name] = (statistics.median(times), statistics.median(paints))
        finally:
            browser.close()
    return found


def run() -> list[Row]:
    release = reference_site.github_release()
    operations = len({op.operation_id for op in catalog([release]).by_tag[TAG].values()})
    with scratch(prefix="bench-operations-") as tmp:
        root = Path(tmp)
        project = project_with_operations(root / "project")
        # The pages built one by one have their Markdown and fragments in their docs tree.
        served_root, tree = root / "site", root / _docs_folder("one by one", 0)
        builds = timed_builds(project, release, root)
        wall = statistics.median(builds["stamped"])
        pages = sorted((served_root / TAG / OPERATIONS_DIR).glob("*/index.html"),
                       key=lambda p: p.stat().st_size)
        sizes = [p.stat().st_size for p in pages]
        limit = None if os.environ.get("BENCH_OPERATIONS_NAIVE") == "all" else NAIVE_PAGES
        naive_seconds, naive_count, naive_sizes = naive_build(project, tree, root, limit)
        typical, largest = (p.relative_to(served_root / TAG).parent.as_posix() + "/"
                            for p in (pages[len(pages) // 2], pages[-1]))
        with reference_site.serve(served_root) as url:
            visible = time_to_visible(url, [typical, largest])
    naive_rate = naive_count / naive_seconds
    naive_label = f"naive MkDocs, auto nav, {naive_count} pages"
    one_by_one, redoc = statistics.median(builds["one by one"]), statistics.median(builds["redocly"])
    rows = [
        Row(f"GitHub spec as one version: build with {len(pages)} operation pages "
            f"({spread(builds['stamped'])})",
            wall, "s", f"MkDocs building every operation page ({spread(builds['one by one'])})", one_by_one,
            f"<= {BUILD_TARGET:g} s", wall <= BUILD_TARGET),
        Row("  same build", wall, "s", f"redocly build-docs, one page ({spread(builds['redocly'])})", redoc),
        Row("  same build", wall, "s",
            f"{naive_label}: estimated for {operations} at its rate" if naive_count < operations
            else naive_label,
            naive_seconds * operations / naive_count),
        Row("  operation pages built per second", len(pages) / wall, "/s", naive_label, naive_rate),
        Row("  output per operation page, median", statistics.median(sizes) / 1024, "KiB",
            naive_label + ", median", statistics.median(naive_sizes) / 1024),
        Row("  output per operation page, largest", sizes[-1] / 1024, "KiB", naive_label + ", largest",
            max(naive_sizes) / 1024),
        Row("  all operation pages", sum(sizes) / 2**20, "MiB"),
    ]
    for label, name in (("median size", typical), ("largest", largest)):
        seen, paint = visible[name]
        rows += [Row(f"operation page ({label}): main content visible in Chromium", seen, "s",
                     target=f"< {VISIBLE_TARGET:g} s", ok=seen < VISIBLE_TARGET),
                 Row("  its first contentful paint (browser's own clock)", paint, "s")]
    return rows
