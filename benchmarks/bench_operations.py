"""Operation pages at scale: GitHub's REST spec (1,223 operations) as one version of the site.

Figures: the time to build that version (render, MkDocs, the pages' sections put in place), the
output per operation page, and the time until an operation page's main content is visible in
Chromium. Baseline, in the same run: a naive MkDocs build of the same pages, each page's whole HTML
handed to MkDocs with automatic navigation. The naive build of all 1,223 pages takes minutes (every
page carries the whole navigation): by default it runs on the first NAIVE_PAGES pages and the row
says so; BENCH_OPERATIONS_NAIVE=all runs it on every page.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import statistics
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks import Row
from generator import site
from generator.pins import Pin, Release
from generator.render.operations import FRAGMENTS_DIR, MARKER, OPERATIONS_DIR, Catalog
from generator.site import operation_pages, scalar
from generator.spec import RawSpec, load

PROJECT = Path(__file__).resolve().parent.parent
GITHUB_SPEC = PROJECT / "node_modules/@octokit/openapi/generated/api.github.com.json"
TAG = "v1.2.0"  # synthetic: GitHub's spec has no such tag; the site functions take any
TEMPLATES = ("index.md.j2", "developer/api/index.md.j2")  # the overview names Aviato's routes
BUILD_TARGET = 15.0
VISIBLE_TARGET = 1.0
NAIVE_PAGES = 300
LOADS = 5
CHROMIUM = "/usr/lib/chromium/chromium"


def project_copy(root: Path) -> Path:
    """A project with the site's configuration and theme, and only the templates GitHub's spec can fill."""
    project = root / "project"
    project.mkdir()
    shutil.copy(PROJECT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(PROJECT / "overrides", project / "overrides")
    (project / "node_modules").symlink_to(PROJECT / "node_modules")
    for name in TEMPLATES:
        (project / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PROJECT / "docs" / name, project / "docs" / name)
    return project


def github_release() -> Release:
    raw = RawSpec(str(GITHUB_SPEC), GITHUB_SPEC.read_bytes(), TAG)
    return Release(Pin(TAG, GITHUB_SPEC.name, "", len(raw.data), "npm:@octokit/openapi", "", 0), load(raw))


def build_version(project: Path, release: Release, work: Path, out: Path) -> tuple[float, float, Path]:
    """(wall seconds, CPU seconds, the docs tree) of one version's build, as site.build does it."""
    wall, cpu = time.perf_counter(), time.process_time()
    shared = scalar.copy_shared(project, out.parent)
    catalog = Catalog.from_releases([release])
    tree = site._render_version(project, release, work, (TAG,), TAG, None, catalog)
    site._mkdocs(project, tree, out, TAG, shared, TAG)
    operation_pages.finish_version(tree, out)
    return time.perf_counter() - wall, time.process_time() - cpu, tree


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
        (docs / relative / "index.md").write_text(markdown.replace('search: {"exclude": true}', ""), encoding="utf-8")
    config = project / "naive-mkdocs.yml"  # beside overrides/, which it names relatively
    config.write_text(_without_nav((project / "mkdocs.yml").read_text(encoding="utf-8")), encoding="utf-8")
    out = root / "naive-site"
    start = time.perf_counter()
    _run_mkdocs(config, docs, out)
    seconds = time.perf_counter() - start
    sizes = [p.stat().st_size for p in (out / OPERATIONS_DIR).glob("*/index.html")]
    return seconds, len(folders), sizes


def _without_nav(text: str) -> str:
    """mkdocs.yml without `nav:` and `not_in_nav:`: MkDocs then lists every page in the navigation."""
    lines, skipping = [], False
    for line in text.splitlines():
        if line.startswith(("nav:", "not_in_nav:")):
            skipping = True
            continue
        if skipping and (line.startswith((" ", "#")) or not line.strip()):
            continue
        skipping = False
        lines.append(line)
    return "\n".join(lines) + "\n"


def _run_mkdocs(config: Path, docs: Path, out: Path) -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    loaded = load_config(config_file=str(config), docs_dir=str(docs), site_dir=str(out))
    loaded["site_url"] = "https://docs.example.invalid/v1.2.0/"
    loaded["extra"]["aviato"] = {"tag": TAG, "latest": TAG, "canonical_root": "https://docs.example.invalid/",
                                 "scalar_bundle": "", "scalar_mount": ""}
    mkdocs_build(loaded)


@contextmanager
def served(folder: Path):
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def time_to_visible(url_root: str, pages: list[str]) -> dict[str, float]:
    """Median seconds from navigation to the page's h1 and first section being visible, per page."""
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            for name in pages:
                times = []
                for _ in range(LOADS):
                    context = browser.new_context()
                    page = context.new_page()
                    start = time.perf_counter()
                    page.goto(f"{url_root}/{TAG}/{name}", wait_until="commit")
                    page.locator("article h1").wait_for(state="visible")
                    page.locator("article h2#responses").wait_for(state="visible")
                    times.append(time.perf_counter() - start)
                    context.close()
                found[name] = statistics.median(times)
        finally:
            browser.close()
    return found


def run() -> list[Row]:
    release = github_release()
    operations = len({op.operation_id for op in Catalog.from_releases([release]).by_tag[TAG].values()})
    with tempfile.TemporaryDirectory(prefix="bench-operations-") as tmp:
        root = Path(tmp)
        project = project_copy(root)
        served_root = root / "site"
        wall, cpu, tree = build_version(project, release, root / "docs", served_root / TAG)
        pages = sorted((served_root / TAG / OPERATIONS_DIR).glob("*/index.html"), key=lambda p: p.stat().st_size)
        sizes = [p.stat().st_size for p in pages]
        limit = None if os.environ.get("BENCH_OPERATIONS_NAIVE") == "all" else NAIVE_PAGES
        naive_seconds, naive_count, naive_sizes = naive_build(project, tree, root, limit)
        typical, largest = (p.relative_to(served_root / TAG).parent.as_posix() + "/" for p in (pages[len(pages) // 2],
                                                                                              pages[-1]))
        with served(served_root) as url:
            visible = time_to_visible(url, [typical, largest])
    naive_rate = naive_count / naive_seconds
    naive_label = f"naive MkDocs, auto nav, {naive_count} pages"
    return [
        Row(f"GitHub spec as one version: build with {len(pages)} operation pages", wall, "s",
            f"{naive_label}: estimated for {operations} at its rate" if naive_count < operations else naive_label,
            naive_seconds * operations / naive_count, f"< {BUILD_TARGET:g} s", wall < BUILD_TARGET),
        Row("  same build, CPU time of this process", cpu, "s"),
        Row("  operation pages built per second", len(pages) / wall, "/s", naive_label, naive_rate),
        Row("  output per operation page, median", statistics.median(sizes) / 1024, "KiB",
            naive_label + ", median", statistics.median(naive_sizes) / 1024),
        Row("  output per operation page, largest", sizes[-1] / 1024, "KiB", naive_label + ", largest",
            max(naive_sizes) / 1024),
        Row("  all operation pages", sum(sizes) / 2**20, "MiB"),
        Row("operation page (median size): main content visible in Chromium", visible[typical], "s",
            target=f"< {VISIBLE_TARGET:g} s", ok=visible[typical] < VISIBLE_TARGET),
        Row("operation page (largest): main content visible in Chromium", visible[largest], "s",
            target=f"< {VISIBLE_TARGET:g} s", ok=visible[largest] < VISIBLE_TARGET),
    ]
