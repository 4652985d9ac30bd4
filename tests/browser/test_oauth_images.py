"""An OAuth 2 spec showing an image from another host: in a real browser its reference and operation
pages request nothing outside 127.0.0.1 (the guard fixture fails the test otherwise), break no CSP
rule, and show the image as a link."""

import pytest

from generator.cli import main
from tests.browser.conftest import netlify_dev, wait_for_scalar
from tests.browser.page_types import RECORD_VIOLATIONS, violations
from tests.conftest import PROJECT
from tests.test_security_oauth_images import API, IMAGE, oauth_specs


@pytest.fixture(scope="module")
def oauth_site(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("oauth-site")
    site = tmp_path / "site"
    specs = oauth_specs(tmp_path)
    assert main(["build", "--project", str(PROJECT), "--specs", str(specs), "--site", str(site), "--quiet"]) == 0
    with netlify_dev(site, tmp_path_factory.mktemp("oauth-log")) as url:
        yield url


def test_scalar_shows_a_foreign_image_of_an_oauth2_spec_as_a_link_and_loads_nothing_elsewhere(page, oauth_site):
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{oauth_site}/{API}/")
    wait_for_scalar(page)
    link = page.locator(f'.scalar-app a[href="{IMAGE}"]').first
    link.wait_for(state="attached")
    assert link.inner_text().strip() == "the diagram"
    assert page.locator(f'img[src="{IMAGE}"]').count() == 0
    assert violations(page) == []


def test_an_operation_page_shows_a_foreign_image_as_a_link(page, oauth_site):
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(f"{oauth_site}/{API}/operations/listLibraries/")
    assert page.locator(f'a[href="{IMAGE}"]').first.inner_text().strip() == "libraries"
    assert page.locator(f'img[src="{IMAGE}"]').count() == 0
    assert violations(page) == []
