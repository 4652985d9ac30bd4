"""Schema pages in the built site of the project's three releases: every version, search, sitemaps."""

import json
import re

import pytest

from generator.render.urls import SCHEMAS_DIR, url_segment
from tests.conftest import PROJECT
from tests.test_build import build

BASE = "https://docs.aviato.media/"  # mkdocs.yml's site_url
TAGS = ("v1.0.0", "v1.1.0", "v1.2.0")
LOC = re.compile(r"<loc>([^<]+)</loc>")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("out") / "site"
    assert build(PROJECT / "specs", site, "--no-cache") == 0, "the build, with its link and anchor checks, passes"
    return site


@pytest.fixture(scope="module")
def ever():
    names = set()
    for tag in TAGS:
        names |= set(json.loads((PROJECT / "specs" / f"{tag}.json").read_text())["components"]["schemas"])
    return names


def page(built, tag, name):
    return (built / tag / SCHEMAS_DIR / url_segment(name) / "index.html").read_text()


def test_every_schema_ever_published_has_a_page_in_every_version_and_its_sitemap(built, ever):
    for tag in TAGS:
        sitemap = set(LOC.findall((built / tag / "sitemap.xml").read_text()))
        for name in ever:
            assert "<article" in page(built, tag, name)
            assert f"{BASE}{tag}/{SCHEMAS_DIR}/{url_segment(name)}/" in sitemap, \
                "Material's version selector keeps the page only when the target's sitemap lists it"


def test_a_schema_only_a_later_release_has_gets_a_page_saying_when_it_was_added(built):
    html = page(built, "v1.0.0", "Collection")
    assert "The schema <code>Collection</code> is not part of the API in v1.0.0. It was added in v1.2.0." in html
    assert "<title>Collection (not in v1.0.0) - Aviato API</title>" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "aviato-absent-prototype" not in html and "AviatoAbsent" not in html
    index = (built / "v1.0.0" / SCHEMAS_DIR / "index.html").read_text()
    assert '<a href="Collection/"><code>Collection</code></a> (v1.2.0)' in index


def test_a_schema_page_reads_without_javascript(built):
    html = page(built, "v1.2.0", "MediaItemPage")
    article = html.split("<article", 1)[1].split("</article>", 1)[0]
    assert "aviato-fragment" not in html
    assert '<h2 id="fields">' in article and '<code class="aviato-name">total</code>' in article
    assert '<a href="../../operations/listItems/">' in article


def test_the_search_index_finds_schemas_by_name_and_field(built):
    docs = json.loads((built / "v1.2.0" / "search/search_index.json").read_text())["docs"]
    entry = next(d for d in docs if d["location"] == f"{SCHEMAS_DIR}/MediaItemPage/")
    assert entry["title"] == "MediaItemPage (schema)" and "<code>offset</code>" in entry["text"]
    stamped = json.loads((built / "v1.0.0" / "search/search_index.json").read_text())["docs"]
    assert any(d["location"] == f"{SCHEMAS_DIR}/Collection/" for d in stamped), "later schemas are found too"


def test_the_schemas_index_is_in_the_navigation_and_the_schemas_are_not(built):
    html = (built / "v1.2.0" / "docs/developer/index.html").read_text()
    nav = html.split('<nav class="md-nav md-nav--primary"')[1].split('data-md-type="toc"')[0]
    assert "api/schemas/" in nav and "MediaItemPage" not in nav


def test_static_pages_lose_the_indentation_of_their_lines_but_not_of_their_examples(built):
    html = (built / "v1.2.0" / "docs/developer/api/operations/listCollections/index.html").read_text()
    chrome = html.split("<article", 1)[0]
    assert "\n " not in chrome and '<nav class="md-nav md-nav--primary"' in chrome
    assert 'api/collections \\\n  -H "Authorization: Bearer $AVIATO_API_KEY"</code></pre>' in html
    schema = page(built, "v1.2.0", "MediaItemPage")
    assert "\n " not in schema.split("<pre", 1)[0] and '\n  "items": [' in schema, "an example keeps its shape"
