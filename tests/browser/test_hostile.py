"""A site built from a spec full of payloads: in a real browser no dialog opens, no injected script
runs, and the text of the payloads is shown as text, on every kind of page and in Scalar."""

import pytest

from tests.browser.conftest import netlify_dev
from tests.browser.page_types import RECORD_VIOLATIONS, open_page, page_types, violations
from tests.security_support import LATEST, PUBLIC_SUMMARY, TITLE, UNSAFE_TAGS, build_hostile_site

# Elements a payload would have created: event-handler attributes and script URLs anywhere in the DOM
# (Scalar's shadow-free Vue tree included), and inline scripts carrying a payload's marker.
ACTIVE_CONTENT = """() => [...document.querySelectorAll('*')].filter(e =>
  [...e.attributes].some(a => /^on/i.test(a.name) || /^\\s*(javascript|vbscript):/i.test(a.value)) ||
  (e.tagName === 'SCRIPT' && !e.type.includes('json') && /pwned/.test(e.textContent)) ||
  ['IFRAME', 'OBJECT', 'EMBED'].includes(e.tagName)).map(e => e.outerHTML.slice(0, 200))"""


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(its folder, its base URL): the hostile releases built into a site of their own and served."""
    site = build_hostile_site(tmp_path_factory.mktemp("hostile-site") / "site")
    with netlify_dev(site, tmp_path_factory.mktemp("hostile-log")) as url:
        yield site, url


@pytest.fixture
def watched(page):
    """The page, with every dialog recorded (and dismissed) and every CSP violation recorded."""
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def assert_inert(page, where: str) -> None:
    assert page.dialogs == [], f"{where}: a payload opened a dialog"
    assert page.evaluate("window.__pwned") is None, f"{where}: a payload ran"
    assert page.evaluate(ACTIVE_CONTENT) == [], f"{where}: a payload became markup"
    assert violations(page) == [], f"{where}: the CSP had to block something"


@pytest.mark.parametrize("tag", ["v1.0.0", LATEST])
def test_no_payload_runs_on_any_page_type(watched, hostile, tag, page_watch):
    site, url = hostile
    for kind, path in page_types(site, tag).items():
        open_page(watched, url + path, kind, page_watch)
        assert_inert(watched, f"{tag} {kind}")


def test_every_operation_page_is_inert(watched, hostile):
    site, url = hostile
    operations = sorted((site / LATEST / "docs/developer/api/operations").glob("*/index.html"))
    for page_file in operations:
        open_page(watched, f"{url}/{LATEST}/docs/developer/api/operations/{page_file.parent.name}/", "operation")
        assert_inert(watched, page_file.parent.name)


def test_scalar_shows_the_payloads_as_text_in_every_tag(watched, hostile):
    site, url = hostile
    open_page(watched, f"{url}/{LATEST}/docs/developer/api/", "reference")
    app = watched.locator(".scalar-app").first
    app.get_by_text(TITLE).first.wait_for(state="visible")  # the title, script tags and all, reads as text
    for tag in watched.eval_on_selector_all(
            "[data-sidebar-id]", "els => els.map(e => e.getAttribute('data-sidebar-id'))"
                                 ".filter(id => /^[^/]+\\/tag\\/[^/]+$/.test(id))"):
        watched.locator(f'[data-sidebar-id="{tag}"] a').first.click()  # renders that tag's operations
    watched.wait_for_load_state("networkidle")
    text = app.inner_text()
    assert [t for t in (*UNSAFE_TAGS[:4], PUBLIC_SUMMARY) if t not in text] == []
    assert_inert(watched, "reference")


def test_the_overview_shows_the_payloads_as_text(watched, hostile):
    site, url = hostile
    open_page(watched, f"{url}/{LATEST}/docs/developer/", "overview")
    article = watched.locator("article").inner_text()
    assert TITLE in article and PUBLIC_SUMMARY in article and "{{ 7*7 }}" in article
    assert_inert(watched, "overview")
