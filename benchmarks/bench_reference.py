"""The interactive reference on GitHub's REST spec (1,223 operations): time until a deep-linked
operation is visible in headless Chromium, our per-tag documents against Scalar loading the whole
document, measured in the same run; and what a first visit downloads, compressed."""

from __future__ import annotations

import gzip
import statistics
import time
from pathlib import Path
from urllib.parse import unquote, urlparse

from benchmarks import Row, scratch
from benchmarks.reference_site import TAG, build, github_release, serve
from generator.site import scalar

RUNS = 3
DEEP_LINK = "#tag/repos/GET/repos/{owner}/{repo}/branches"
HEADING = "List branches"
CHROMIUM = "/usr/lib/chromium/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


def _visible_after(browser, url: str) -> tuple[float, list[str]]:
    """Seconds from navigation until the operation's heading is visible, and the paths fetched by then."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlparse(request.url).path))
    start = time.perf_counter()
    page.goto(url)
    page.get_by_role("heading", name=HEADING, exact=True).first.wait_for(state="visible", timeout=180_000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed, fetched


def _gzip_weight(root: Path, paths: list[str]) -> int:
    files = {root / unquote(p).lstrip("/") for p in paths}
    files = {f / "index.html" if f.is_dir() else f for f in files}
    return sum(len(gzip.compress(f.read_bytes(), 6)) for f in files if f.is_file())


def _measure(browser, base: str, root: Path) -> tuple[float, int]:
    runs = [_visible_after(browser, f"{base}/{TAG}/docs/developer/api/{DEEP_LINK}") for _ in range(RUNS)]
    return statistics.median(r[0] for r in runs), _gzip_weight(root, runs[0][1])


def run() -> list[Row]:
    from playwright.sync_api import sync_playwright

    release = github_release()
    with scratch() as work, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        split_site = build(Path(work) / "split", release)
        threshold, scalar.SPLIT_OPERATIONS = scalar.SPLIT_OPERATIONS, 10**9
        try:
            whole_site = build(Path(work) / "whole", release)
        finally:
            scalar.SPLIT_OPERATIONS = threshold
        with serve(whole_site) as base:
            whole, whole_weight = _measure(browser, base, whole_site)
        with serve(split_site) as base:
            ours, weight = _measure(browser, base, split_site)
        browser.close()
    return [
        Row(f"deep link visible, GitHub spec (median of {RUNS})", ours, "s", "Scalar, whole document", whole,
            "< 3 s", ours < 3),
        Row("first visit to the reference, gzip", weight / 1e6, "MB", "Scalar, whole document",
            whole_weight / 1e6),
    ]
