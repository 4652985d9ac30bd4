"""The changelog page of each version: what changed since the previous pinned release, from diff.compare."""

import json
import shutil

from generator import diff, pins, render
from generator.facts import extract
from generator.site.scalar import configuration
from generator.spec import RawSpec, load
from tests.conftest import FIXTURES, PROJECT

TEMPLATE = "developer/changelog/index.md.j2"


def changelog(tmp_path, release, previous=None) -> str:
    """Render the changelog template alone (the other pages have their own tests)."""
    templates = tmp_path / "templates"
    (templates / TEMPLATE).parent.mkdir(parents=True)
    shutil.copy(PROJECT / "docs" / TEMPLATE, templates / TEMPLATE)
    facts = extract(release.spec)
    changes = tuple(diff.compare(previous.spec, release.spec)) if previous else ()
    context = render.VersionContext(release.tag, facts, (release.tag,), release.tag,
                                    configuration(facts, "openapi.json"), previous.tag if previous else None, changes)
    render.version_tree(templates, tmp_path / "out", context, release.spec.raw)
    return (tmp_path / "out/docs/developer/changelog/index.md").read_text()


def test_the_first_release_says_it_is_the_first(tmp_path):
    first = pins.releases(PROJECT / "specs")[0]
    page = changelog(tmp_path, first)
    assert "**v1.0.0** is the first published release of the API" in page
    assert "##" not in page


def test_a_release_lists_what_changed_since_the_previous_one_with_links_into_the_references(tmp_path):
    releases = pins.releases(PROJECT / "specs")
    page = changelog(tmp_path, releases[2], releases[1])
    assert "between **v1.1.0** and **v1.2.0**" in page
    deprecations = page.split("## Deprecations and removals")[1].split("##")[0]
    # the removed operation links to the previous release's reference, which still has it
    assert ('| <a href="../../../../v1.1.0/docs/developer/api/#tag/users/GET/api/users/me"><code>GET /api/users/me'
            '</code></a> | the operation was removed after the release that deprecated it |') in deprecations
    assert '<a href="../api/#tag/libraries/GET/api/libraries/{id}/stats">' in deprecations
    assert "## Breaking changes" not in page and "## Policy violations" not in page
    assert page.count("| ") >= len(diff.compare(releases[1].spec, releases[2].spec))


def test_spec_text_in_the_changelog_is_inert(tmp_path):
    old = json.loads((FIXTURES / "diff/response-property-added/old.json").read_text())
    new = json.loads((FIXTURES / "diff/response-property-added/new.json").read_text())
    new["components"]["schemas"]["Thing"]["properties"]["<script>x</script>|*y*"] = {"type": "string"}
    previous, release = (pins.Release(pins.Pin(tag, "", "", 0, "", "", 0),
                                      load(RawSpec(f"{tag}.json", json.dumps(doc).encode(), tag)))
                         for tag, doc in (("v1.0.0", old), ("v1.1.0", new)))
    page = changelog(tmp_path, release, previous)
    assert "&lt;script&gt;x&lt;/script&gt;&#124;&#42;y&#42;" in page
    assert "<script>" not in page
