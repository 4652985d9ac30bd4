"""An operation page's Markdown twin, as a reader's tools meet it on the site served as Netlify serves it."""

import urllib.request

import pytest

OPERATION = "docs/developer/api/operations/scanLibrary/"


@pytest.mark.parametrize("prefix", ["{latest}/", "latest/", ""])  # versioned, /latest/, unversioned
def test_an_operation_page_s_markdown_twin_is_served_at_its_url_plus_index_md(site_url, latest, prefix):
    page = f"{site_url}/{prefix.format(latest=latest)}{OPERATION}"
    with urllib.request.urlopen(page + "index.md", timeout=30) as response:
        assert response.status == 200
        assert response.read().decode("utf-8").startswith("# Scan a library\n")
