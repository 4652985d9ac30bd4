"""Deep links into the interactive reference of the two heaviest specs we know: a payments API
(Stripe's: 452 operations, 775 schemas that every operation mostly reaches, no tags) and Microsoft
Graph (11,422 operations). For each, an operation whose part is large and one whose part is small:
seconds from navigation until its heading is visible in a fresh browser context (median and spread),
the tab's JS heap then, the bytes fetched by then, and the errors the console showed (Scalar's merge
of an `allOf` running out of stack was one: generator/site/all_of.py). Baseline, in the same run: the
deep link of benchmarks/bench_reference.py on GitHub's spec.
"""

from __future__ import annotations

import statistics
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import Row, scratch
from benchmarks.reference_site import PAYMENTS, build, document_release, github_release, serve
from generator.site import scalar
from generator.site.shared_components import COMPONENTS_FILE
from tests.corpus.fetch import corpus

RUNS = 5
SETTLE = 10  # seconds: Scalar may go on loading documents in the background once one shows
TARGET = 3.0  # seconds (issue #14)
CHROMIUM = "/usr/lib/chromium/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


@dataclass(frozen=True)
class Link:
    label: str  # what the row says of it
    hash: str  # the deep link, after the reference page's URL
    heading: str  # what Scalar shows as the operation's heading


@dataclass
class Visits:
    seconds: list[float] = field(default_factory=list)
    heap: list[float] = field(default_factory=list)  # bytes
    busy: list[float] = field(default_factory=list)  # seconds the page's main thread ran tasks
    fetched: list[int] = field(default_factory=list)  # bytes
    errors: list[str] = field(default_factory=list)  # what the console showed as errors, every visit
    part: int = 0  # bytes of the part the deep link loaded
    settled_heap: float = 0  # bytes, SETTLE seconds after the heading showed (the first visit)


SPECS = {
    "payments": [
        Link("part of many operations", "#POST/v1/customers/{customer}", "/v1/customers/{customer}"),
        Link("part of one operation", "#GET/v1/account", "/v1/account"),
    ],
    "Graph": [
        Link("chunk of a large tag", "#tag/groupssite/POST/groups/{group-id}/sites/{site-id}/termStore/sets/"
             "{set-id}/parentGroup/sets/{set-id1}/terms/{term-id}/relations",
             "Create new navigation property to relations for groups"),
        Link("tag of two operations", "#tag/meuser/GET/me", "Get user"),
    ],
    "GitHub": [Link("tag repos", "#tag/repos/GET/repos/{owner}/{repo}/branches", "List branches")],
}


def _visit(browser, url: str, heading: str, visits: Visits) -> None:
    """One deep link in a fresh context (an empty HTTP cache): until its operation's heading shows
    (the first visit of a link then waits SETTLE seconds more for the heap)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    sizes: list[int] = []

    def finished(request) -> None:
        size = request.sizes()["responseBodySize"]
        sizes.append(size)
        if f"/{scalar.PARTS_DIR}/" in request.url and not request.url.endswith(COMPONENTS_FILE):
            visits.part = max(visits.part, size)

    def console(message) -> None:
        if message.type == "error":
            visits.errors.append(message.text)

    page.on("requestfinished", finished)
    page.on("console", console)
    page.on("pageerror", lambda error: visits.errors.append(str(error)))
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    start = time.perf_counter()
    page.goto(url)
    page.get_by_role("heading", name=heading, exact=True).first.wait_for(state="visible", timeout=120_000)
    visits.seconds.append(time.perf_counter() - start)
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    visits.heap.append(metrics["JSHeapUsedSize"])
    visits.busy.append(metrics["TaskDuration"])
    visits.fetched.append(sum(sizes))
    if len(visits.seconds) == 1:
        page.wait_for_timeout(SETTLE * 1000)
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        visits.settled_heap = metrics["JSHeapUsedSize"]
    # A request still finishing while the context closes would ask its sizes of a closed target.
    page.remove_listener("requestfinished", finished)
    context.close()


def _rows(spec: str, link: Link, visits: Visits, baseline: float | None) -> list[Row]:
    median = statistics.median(visits.seconds)
    spread = f"{min(visits.seconds):.1f}-{max(visits.seconds):.1f} s"
    what = f"{spec}, {link.label} ({visits.part / 1e3:.0f} KB)"
    name = f"deep link visible, {what} (median of {len(visits.seconds)}, {spread})"
    base = "GitHub spec deep link" if baseline is not None else ""
    return [
        Row(name, median, "s", base, baseline, f"<= {TARGET:g} s", median <= TARGET),
        Row(f"  its tab's JS heap then, {what}", statistics.median(visits.heap) / 1e6, "MB"),
        Row(f"  its tab's JS heap {SETTLE} s later, {what}", visits.settled_heap / 1e6, "MB"),
        Row(f"  bytes fetched by then, {what}", statistics.median(visits.fetched) / 1e6, "MB"),
        Row(f"  console errors, {what} ({_first(visits.errors)})", len(visits.errors), "", target="0",
            ok=not visits.errors),
    ]


def _first(errors: list[str]) -> str:
    return f"the first: {errors[0].splitlines()[0][:60]}" if errors else "none"


def run() -> list[Row]:
    from playwright.sync_api import sync_playwright

    releases = {"payments": document_release(PAYMENTS),
                "Graph": document_release(corpus().by_id("microsoft-graph")),
                "GitHub": github_release()}
    visits = {(spec, link): Visits() for spec, links in SPECS.items() for link in links}
    with scratch() as work, sync_playwright() as playwright:
        sites = {spec: build(Path(work) / spec, release) for spec, release in releases.items()}
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        with ExitStack() as servers:
            pages = {spec: f"{servers.enter_context(serve(site))}/{releases[spec].tag}/docs/developer/api/"
                     for spec, site in sites.items()}
            for _ in range(RUNS):  # each round visits every link once, so load on the machine hits all alike
                for (spec, link), seen in visits.items():
                    _visit(browser, pages[spec] + link.hash, link.heading, seen)
        browser.close()
    github = statistics.median(visits["GitHub", SPECS["GitHub"][0]].seconds)
    rows = []
    for (spec, link), seen in visits.items():
        rows += _rows(spec, link, seen, None if spec == "GitHub" else github)
    return rows
