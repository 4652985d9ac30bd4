"""Operation pages in the built site: every version, the search index, canonical URLs and sitemaps."""

import json
import re

import pytest

from generator.layout import OPERATIONS_DIR
from generator.render.operations import url_segment
from tests.conftest import FIXTURES
from tests.test_build import build

BASE = "https://docs.aviato.media/"  # mkdocs.yml's site_url
TAGS = ("v1.0.0", "v1.1.0")
LATEST = "v1.1.0"
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)">')
LOC = re.compile(r"<loc>([^<]+)</loc>")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("out") / "site"
    assert build(FIXTURES / "pinned", site) == 0
    return site


@pytest.fixture(scope="module")
def ever():
    """Every operationId of the fixture releases."""
    ids = set()
    for tag in TAGS:
        spec = json.loads((FIXTURES / "pinned" / f"{tag}.json").read_text())
        ids |= {op["operationId"] for item in spec["paths"].values() for op in item.values()
                if isinstance(op, dict) and "operationId" in op}
    return ids


def page(built, tag, operation_id):
    return (built / tag / OPERATIONS_DIR / url_segment(operation_id) / "index.html").read_text()


def test_every_operation_ever_published_has_a_page_in_every_version_and_its_sitemap(built, ever):
    for tag in TAGS:
        sitemap = set(LOC.findall((built / tag / "sitemap.xml").read_text()))
        for operation_id in ever:
            assert "<article" in page(built, tag, operation_id)
            assert f"{BASE}{tag}/{OPERATIONS_DIR}/{url_segment(operation_id)}/" in sitemap, \
                "Material's version selector keeps the page only when the target's sitemap lists it"


def test_the_sections_are_in_place_and_no_marker_is_left(built):
    html = page(built, LATEST, "scanLibrary")
    assert "aviato-fragment" not in html
    assert '<h2 id="responses">' in html and 'class="aviato-schema"' in html and "curl -X POST" in html


def test_older_versions_are_noindex_with_canonical_to_the_unversioned_latest_page(built):
    old = page(built, "v1.0.0", "scanLibrary")
    assert '<meta name="robots" content="noindex">' in old
    assert CANONICAL.search(old).group(1) == f"{BASE}{OPERATIONS_DIR}/scanLibrary/"
    latest = page(built, LATEST, "scanLibrary")
    assert "noindex" not in latest
    assert CANONICAL.search(latest).group(1) == f"{BASE}{OPERATIONS_DIR}/scanLibrary/"
    assert '<meta name="robots" content="noindex">' in page(built, LATEST, "getServerInfo"), "a page of absence"


def test_operation_pages_unfurl_with_title_description_and_url(built):
    html = page(built, LATEST, "scanLibrary")
    assert "<title>Scan a library (POST /api/libraries/{id}/scan) - Aviato API</title>" in html
    assert '<meta property="og:title" content="Scan a library &#183; Aviato API v1.1.0">' in html
    assert f'<meta property="og:url" content="{BASE}{OPERATIONS_DIR}/scanLibrary/">' in html
    assert '<meta name="description" content="POST /api/libraries/{id}/scan: ' in html


def test_the_root_sitemap_lists_the_latest_pages_under_their_canonical_urls(built):
    listed = LOC.findall((built / "sitemap.xml").read_text())
    assert f"{BASE}{OPERATIONS_DIR}/scanLibrary/" in listed
    assert f"{BASE}latest/" in listed, "the home page is not under docs/: it is canonical under /latest/"
    assert not any(f"/{tag}/" in url for url in listed for tag in TAGS)
    assert f"{BASE}{OPERATIONS_DIR}/getServerInfo/" not in listed, "pages of absence are not indexed"
    canonical = set()
    for html_file in (built / LATEST).rglob("*.html"):
        html = html_file.read_text()
        if "noindex" not in html and (found := CANONICAL.search(html)) and html_file.name != "404.html":
            canonical.add(found.group(1))
    assert canonical == set(listed), "the template and the sitemap agree on every canonical URL"
    assert (built / "robots.txt").read_text().endswith(f"Sitemap: {BASE}sitemap.xml\n")
    assert "sitemap" not in (built / "_redirects").read_text(), "the file is served, not a rewrite"


def test_the_search_index_finds_operations_by_path_summary_id_and_parameter(built):
    docs = json.loads((built / LATEST / "search/search_index.json").read_text())["docs"]
    entry = next(d for d in docs if d["location"] == f"{OPERATIONS_DIR}/getScanJob/")
    assert entry["title"] == "Get a scan job"
    for word in ("GET /api/libraries/{id}/scans/{jobId}", "getScanJob", "<code>jobId</code>"):
        assert word in entry["text"]
    # Its fields have entries of their own (generator.render.search_fields), its section headings none.
    assert not any(d["location"].startswith(f"{OPERATIONS_DIR}/getScanJob/#") and "#field-" not in d["location"]
                   for d in docs), "one entry per operation, not one per empty section heading"


def test_the_operations_index_is_in_the_navigation_and_the_operations_are_not(built):
    html = (built / LATEST / "docs/developer/index.html").read_text()
    nav = html.split('<nav class="md-nav md-nav--primary"')[1].split('data-md-type="toc"')[0]
    assert "api/operations/" in nav and "scanLibrary" not in nav
