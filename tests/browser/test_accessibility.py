"""axe-core finds no serious or critical violation in any page we render, in light and dark mode.

Scalar's reference is checked too, on its own (everything inside #aviato-scalar): its violations are
Scalar's to fix upstream, so they are counted, written to test-results/axe-scalar.json, and not failed on.
"""

import json

import pytest

from tests.browser.conftest import PROJECT
from tests.browser.page_types import open_page, page_types

AXE = PROJECT / "node_modules/axe-core/axe.min.js"
FAILING = ("serious", "critical")
SCALAR = "#aviato-scalar"
REPORT = PROJECT / "test-results/axe-scalar.json"
KINDS = ["home", "overview", "reference", "changelog", "operations", "operation", "404"]

RUN_AXE = """async (context) => (await axe.run(context, {resultTypes: ['violations']})).violations.map(v => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').split('\\n')[1])}))"""


@pytest.fixture(scope="module")
def scalar_report():
    found: dict[str, dict[str, int]] = {}
    yield found
    REPORT.parent.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(found, indent=2, sort_keys=True) + "\n")


def set_scheme(page, scheme: str) -> None:
    """Material's palette toggle, as a reader would use it (Scalar follows it)."""
    dark = page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    if dark != (scheme == "dark"):
        page.locator("label[for^='__palette_']:visible").first.click()
        page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') === "
                               f"'{'slate' if scheme == 'dark' else 'default'}'")


def axe(page, context: dict) -> list[dict]:
    if not page.evaluate("typeof axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # evaluated, not a <script>: the CSP stays on
    return page.evaluate(RUN_AXE, context)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", KINDS)
def test_no_serious_or_critical_violation_on_our_pages(page, built_site, latest, kind, scheme, page_watch,
                                                       scalar_report):
    url = page_types(built_site, latest)[kind]
    open_page(page, url, kind, page_watch)
    set_scheme(page, scheme)
    ours = [v for v in axe(page, {"exclude": [[SCALAR]]}) if v["impact"] in FAILING]
    assert ours == [], f"{kind} ({scheme}): " + json.dumps(ours, indent=1)
    if kind == "reference":
        scalars = axe(page, {"include": [[SCALAR]]})
        scalar_report[scheme] = {f"{v['id']} ({v['impact']})": len(v["nodes"]) for v in scalars}


def test_an_older_release_with_its_outdated_banner_has_no_serious_violation(page, releases, page_watch):
    oldest = releases[-1][0]
    for scheme in ("light", "dark"):
        open_page(page, f"/{oldest}/docs/developer/", "overview", page_watch)
        set_scheme(page, scheme)
        assert [v for v in axe(page, {"exclude": [[SCALAR]]}) if v["impact"] in FAILING] == [], scheme
