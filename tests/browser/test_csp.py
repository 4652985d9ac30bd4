"""Every kind of page works under the site's strict Content-Security-Policy, with no violation at all."""

import re
import urllib.request

import pytest

from tests.browser.page_types import RECORD_VIOLATIONS, open_page, page_types, violations

KINDS = ["home", "overview", "reference", "changelog", "operations", "operation", "404"]


@pytest.fixture
def csp_page(page):
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}


def material_and_its_inline_scripts_ran(page) -> bool:
    # `__md_scope` comes from Material's first script (overrides/assets/javascripts/material-base.js),
    # `document$` from its bundle; an inline script the policy did not allow would be a violation.
    return page.evaluate("typeof __md_scope === 'object' && typeof document$ === 'object'")


@pytest.mark.parametrize("kind", KINDS)
def test_each_page_type_runs_under_the_csp_without_a_violation(csp_page, built_site, latest, kind, page_watch):
    url = page_types(built_site, latest).get(kind)
    assert url, f"the site has no {kind} page"
    response = open_page(csp_page, url, kind, page_watch)
    policy = directives(response.headers["content-security-policy"])
    assert "'unsafe-eval'" not in sum(policy.values(), [])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert violations(csp_page) == []
    assert material_and_its_inline_scripts_ran(csp_page)


def test_every_release_and_the_unversioned_urls_run_without_a_violation(csp_page, releases):
    """Older releases carry other inline scripts (the outdated-version banner); rewrites get the headers too."""
    urls = [f"/{tag}/docs/developer/{page}" for tag, _ in releases for page in ("", "api/")]
    for url in urls + ["/docs/developer/", "/latest/docs/developer/api/"]:
        open_page(csp_page, url, "reference" if url.endswith("api/") else "page")
        assert violations(csp_page) == [], url


def test_scalar_runs_without_eval_and_renders_the_operations(csp_page, latest, releases):
    open_page(csp_page, f"/{latest}/docs/developer/api/", "reference")
    summary = dict(releases)[latest]["paths"]["/api/info"]["get"]["summary"]
    csp_page.locator(".scalar-app").get_by_text(summary).first.wait_for(state="visible")
    assert violations(csp_page) == [], "Zod's eval probe is off (jitless), nothing else evaluates strings"


@pytest.mark.console_errors_expected
def test_a_script_the_build_did_not_hash_is_blocked(csp_page, latest):
    open_page(csp_page, f"/{latest}/docs/developer/", "overview")
    # What an injection would do: add an inline <script> to the page.
    csp_page.evaluate("""() => { const s = document.createElement('script');
                               s.textContent = 'window.__injected = true'; document.head.append(s); }""")
    assert csp_page.evaluate("window.__injected") is None
    assert [v for v in violations(csp_page) if v.startswith("script-src")], "the browser reported the block"


def test_the_security_headers_are_sent_once_each(site_url, latest):
    with urllib.request.urlopen(f"{site_url}/{latest}/docs/developer/") as response:
        headers = response.headers
    for name in ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "Permissions-Policy"):
        assert len(headers.get_all(name) or []) == 1, name
    policy = directives(headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["img-src"] == ["'self'", "data:"]
    assert all(re.fullmatch(r"'(self|sha256-[A-Za-z0-9+/=]+)'", s) for s in policy["script-src"])
    assert headers["X-Content-Type-Options"] == "nosniff"
