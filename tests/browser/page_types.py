"""Every kind of page the build makes, found in a built site, and what the security and accessibility
browser tests record on them (CSP violations, dialogs)."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import wait_for_scalar

# Installed before any page script runs: every Content-Security-Policy violation, with where it happened.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
window.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`), true);
"""


def page_types(site: Path, tag: str) -> dict[str, str]:
    """A URL path for each kind of page in `site`'s release `tag` (operation pages when there are any)."""
    kinds = {
        "home": f"/{tag}/",
        "overview": f"/{tag}/docs/developer/",
        "reference": f"/{tag}/docs/developer/api/",
        "changelog": f"/{tag}/docs/developer/changelog/",
        "404": f"/{tag}/no-such-page/",
    }
    operations = site / tag / "docs/developer/api/operations"
    if (operations / "index.html").is_file():
        kinds["operations"] = f"/{tag}/docs/developer/api/operations/"
    pages = sorted(p.parent.name for p in operations.glob("*/index.html"))
    if pages:
        kinds["operation"] = f"/{tag}/docs/developer/api/operations/{pages[0]}/"
    return kinds


def open_page(page, url: str, kind: str, watch=None):
    """Go to a page and wait until its scripts have done their work (Scalar mounted on the reference).

    The 404 page's own status is logged by the browser as a console error; with the conftest's
    `page_watch` given, exactly that message is forgiven and every other error still counts.
    """
    response = page.goto(url)
    if kind == "reference":
        wait_for_scalar(page)
    page.wait_for_load_state("networkidle")
    if kind == "404" and watch is not None:
        assert response.status == 404
        watch.errors = [e for e in watch.errors if not (e.startswith("console: Failed to load resource") and
                                                        "404" in e and e.endswith(f"{response.url})"))]
    return response


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")
