"""The site search on GitHub's REST spec as one version (issue 15): how long after a keystroke the
first results show in Chromium, once the search index has loaded (median and spread of RUNS fresh
pages; target 300 ms), and the index per version, raw and gzipped, against the same index without
the field entries (generator.render.search_fields; target: at most 1.5 times it)."""

from __future__ import annotations

import gzip
import json
import statistics
import tempfile
from pathlib import Path

from benchmarks import Row, reference_site
from generator.site.operation_pages import SEARCH_INDEX

RUNS = 5
QUERY = "full_name"  # a field of GitHub's repository bodies
TARGET_MS = 300
INDEX_RATIO = 1.5
CHROMIUM = "/usr/lib/chromium/chromium"
READY = "Type to start searching"  # Material's placeholder once its worker has built the index
# The time from the last keystroke of the query to the first result in the list, by the page's clock.
MEASURE = """(query) => { window.__aviatoSearchTime = new Promise(resolve => {
  const input = document.querySelector(".md-search__input");
  const list = document.querySelector(".md-search-result__list");
  input.value = query.slice(0, -1);
  let start = null;
  input.addEventListener("keydown", () => { start = performance.now(); }, { capture: true });
  new MutationObserver((_, observer) => {
    if (start !== null && list.children.length) { observer.disconnect(); resolve(performance.now() - start); }
  }).observe(list, { childList: true });
}); }"""


def keystroke_to_results(url: str, runs: int = RUNS) -> list[float]:
    from playwright.sync_api import sync_playwright

    args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            for _ in range(runs):
                context = browser.new_context()
                page = context.new_page()
                page.goto(url)
                page.locator(".md-search__input").click()
                page.locator(".md-search-result__meta", has_text=READY).wait_for(timeout=120_000)
                page.evaluate(MEASURE, QUERY)
                page.keyboard.press(QUERY[-1])
                found.append(page.evaluate("window.__aviatoSearchTime"))
                context.close()
        finally:
            browser.close()
    return found


def index_sizes(index: Path) -> tuple[tuple[int, int], tuple[int, int]]:
    """((raw, gzip) of the index, (raw, gzip) of it without the field entries)."""
    data = index.read_bytes()
    parsed = json.loads(data)
    parsed["docs"] = [d for d in parsed["docs"] if "#field-" not in d["location"]]
    without = json.dumps(parsed, ensure_ascii=False, separators=(",", ":")).encode()
    return (len(data), len(gzip.compress(data))), (len(without), len(gzip.compress(without)))


def run() -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="bench-search-") as work:
        built = reference_site.build(Path(work), reference_site.github_release())
        (raw, zipped), (raw_before, zipped_before) = index_sizes(built / reference_site.TAG / SEARCH_INDEX)
        with reference_site.serve(built) as root:
            times = keystroke_to_results(f"{root}/{reference_site.TAG}/docs/developer/")
    median = statistics.median(times)
    return [
        Row(
            f"GitHub spec: search, keystroke to first results (median of {len(times)}, "
            f"{min(times):.0f}-{max(times):.0f} ms)",
            median,
            "ms",
            target=f"<= {TARGET_MS} ms",
            ok=median <= TARGET_MS,
        ),
        Row(
            "  search index",
            raw / 1024,
            "KiB",
            "without field entries",
            raw_before / 1024,
            f"<= {INDEX_RATIO}x",
            raw <= INDEX_RATIO * raw_before,
        ),
        Row(
            "  search index, gzipped",
            zipped / 1024,
            "KiB",
            "without field entries",
            zipped_before / 1024,
            f"<= {INDEX_RATIO}x",
            zipped <= INDEX_RATIO * zipped_before,
        ),
    ]
