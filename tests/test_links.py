"""Every internal link and anchor of the built site resolves, in every version; a broken one fails the build."""

import json
import shutil
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from generator.cli import main
from generator.site import audit, links
from tests.conftest import FIXTURES, PROJECT
from tests.security_support import build_pinned_site


@pytest.fixture(scope="module")
def site_from_specs(tmp_path_factory):
    """The real site: every pinned release in specs/."""
    return build_pinned_site(tmp_path_factory.mktemp("links") / "site", PROJECT / "specs")


def found(site) -> list[str]:
    return [f"{p.location.source[len(str(site)) + 1:]}:{p.location.line}: {p.code}: {p.message}"
            for p in links.problems(site)]


def test_every_link_and_anchor_of_the_site_built_from_specs_resolves(site_from_specs):
    versions = [v["version"] for v in json.loads((site_from_specs / "versions.json").read_text())]
    assert len(versions) == len(json.loads((PROJECT / "specs/manifest.json").read_text())["releases"])
    assert found(site_from_specs) == []


def test_the_check_follows_links_across_versions_and_through_the_rewrites(site_from_specs):
    """Not a vacuous pass: it resolves hundreds of links, anchors into Scalar included."""
    pages = {p: links.scan.read_page(p) for p in links.scan.files(site_from_specs, links.scan.HTML)}
    checked = [*(link for page in pages.values() for link in links._page_links(page)),
               *links._sitemap_links(site_from_specs, links.scan.EVERYTHING)]
    assert len(checked) > 500
    assert any("api/#tag/" in link.url for link in checked), "anchors into the Scalar reference"
    assert any(link.what == "<loc>" for link in checked), "the sitemaps"


@pytest.mark.parametrize("base", ["/", "/v1.0.0/docs/", "/v1.0.0/docs/developer/api/operations/getUser/",
                                  "/v1.0.0/404.html"])
@pytest.mark.parametrize("reference", [
    "", "?q=1", "x", "x/", "./", ".", "..", "../", "../../..", "../../../../../../x", "/", "/a/b/../c/",
    "a/./b/../../c", "a//b", "a/%20b/#frag%2Fment", "../x/?q#f", "#only", "a/b/..", "a/b/.", "%2e%2e/x",
])
def test_the_fast_join_resolves_as_urljoin_does(base, reference):
    target = urlsplit(urljoin(links.ORIGIN + base, reference))
    assert links.join(base, reference) == (unquote(target.path), unquote(target.fragment))


def site_with(tmp_path, body: str, name: str = "v1.0.0/docs/index.html"):
    """A tiny site: one page with `body`, an overview page with two anchors, a reference page."""
    for path, content in ((name, body), ("v1.0.0/docs/developer/index.html", '<h2 id="keys">K</h2><a name="old"></a>'),
                          ("v1.0.0/docs/developer/api/index.html", '<div id="aviato-scalar"></div>')):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(f"<!doctype html>\n<html><body>\n{content}\n</body></html>\n")
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1.0.0"},
            "paths": {"/api/keys": {"post": {"operationId": "createKey", "tags": ["API Keys"], "summary": "s",
                                             "responses": {"201": {"description": "ok"}}}}}}
    (tmp_path / "v1.0.0/docs/developer/api/openapi.json").write_text(json.dumps(spec))
    (tmp_path / "_redirects").write_text("/latest/*  /v1.0.0/:splat  200\n")
    return tmp_path


@pytest.mark.parametrize("href", [
    "developer/",  # a folder's index.html
    "developer/index.html",  # the file itself
    "developer/#keys",  # an anchor by id
    "developer/#old",  # an anchor by name
    "/latest/docs/developer/#keys",  # through a rewrite in _redirects
    "developer/api/#tag/api-keys/POST/api/keys",  # Scalar's route to an operation of that version's spec
    "developer/api/#tag/api-keys",  # and to a tag
    "https://github.com/aviato-media/aviato",  # another site: not ours to check
    "mailto:team@aviato.media",  # not a page
])
def test_links_that_resolve(tmp_path, href):
    assert found(site_with(tmp_path, f'<a href="{href}">x</a>')) == []


@pytest.mark.parametrize("href, code, message", [
    # a page that is not there
    ("nowhere/", "link-broken", "no such file /v1.0.0/docs/nowhere/"),
    # an anchor the page lacks
    ("developer/#gone", "link-anchor-missing", "no anchor #gone on that page"),
    # an operation the version's spec does not have
    ("developer/api/#tag/api-keys/DELETE/api/keys", "link-anchor-missing",
     "no anchor #tag/api-keys/DELETE/api/keys: no such tag or operation in api's spec"),
    # a rewrite to a release that is not built
    ("/v9.9.9/docs/", "link-broken", "no such file /v9.9.9/docs/"),
    # out of the site altogether
    ("../../../../etc/passwd", "link-broken", "no such file /etc/passwd"),
])
def test_links_that_do_not_resolve_are_found_at_their_line(tmp_path, href, code, message):
    (problem,) = found(site_with(tmp_path, f'<p>\n<a href="{href}">x</a></p>'))
    assert problem == f"v1.0.0/docs/index.html:4: {code}: <a href> {href!r} on /v1.0.0/docs/: {message}"


def test_a_broken_link_fails_the_build_and_leaves_the_previous_site(tmp_path, capsys):
    site = tmp_path / "site"
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "overrides", "node_modules", "pyproject.toml"):
        (project / name).symlink_to(PROJECT / name)
    shutil.copytree(PROJECT / "docs", project / "docs")  # a copy: this test edits a template
    build = ["build", "--project", str(project), "--specs", str(FIXTURES / "pinned"), "--site", str(site), "--quiet"]
    assert main(build) == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    (project / "docs/index.md.j2").write_text((PROJECT / "docs/index.md.j2").read_text() + "\n[Gone](docs/gone/)\n")
    capsys.readouterr()
    assert main(build) == 1
    err = capsys.readouterr().err
    assert "/v1.1.0/index.html:" in err and "error[link-broken] <a href> 'docs/gone/' on /v1.1.0/" in err
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_links_checked_before_the_site_is_whole_wait_for_the_files_still_being_built(tmp_path):
    site = site_with(tmp_path, '<a href="developer/#gone">a</a> <a href="/v2.0.0/docs/">b</a> '
                               '<a href="/v2.0.0/docs/missing/">c</a>')
    early = audit.early(site, links.scan.Scope(frozenset({"v2.0.0"}))).links
    assert [p.message for p in early.problems] == \
        ["<a href> 'developer/#gone' on /v1.0.0/docs/: no anchor #gone on that page"]  # final already
    assert [link.url for link in early.pending] == ["/v2.0.0/docs/", "/v2.0.0/docs/missing/"]
    (site / "v2.0.0/docs").mkdir(parents=True)  # the version built meanwhile
    (site / "v2.0.0/docs/index.html").write_text("<!doctype html>\n<html><body></body></html>\n")
    found = links.problems(site, links.scan.Scope(frozenset({"v1.0.0", "v2.0.0"})), earlier=early)
    assert [p.message for p in found] == [
        "<a href> 'developer/#gone' on /v1.0.0/docs/: no anchor #gone on that page",
        "<a href> '/v2.0.0/docs/missing/' on /v1.0.0/docs/: no such file /v2.0.0/docs/missing/"]


def test_a_link_on_the_sites_own_host_is_checked_even_before_a_page_names_that_host(tmp_path):
    site = site_with(tmp_path, '<a href="https://docs.example/v1.0.0/docs/missing/">gone</a>',
                     name="v1.0.0/a/index.html")  # read before the page that names the host
    (site / "v1.0.0/docs/index.html").write_text(
        '<!doctype html>\n<html><head><link rel="canonical" href="https://docs.example/v1.0.0/docs/"></head>'
        "<body></body></html>\n")
    assert [p.message for p in links.problems(site)] == [
        "<a href> 'https://docs.example/v1.0.0/docs/missing/' on /v1.0.0/a/: no such file /v1.0.0/docs/missing/"]


def test_broken_links_deep_in_a_large_sitemap_and_llms_full_are_found_at_their_lines(tmp_path):
    """Graph's sitemap and llms-full.txt hold thousands of links: each line is counted on from the link
    before, and still named exactly."""
    site = site_with(tmp_path, "<p>x</p>")
    good = "https://docs.example.invalid/v1.0.0/docs/developer/"
    entries = "".join(f"<url>\n<loc>{good if i != 2500 else good + 'gone/'}</loc>\n</url>\n" for i in range(3000))
    (site / "v1.0.0/sitemap.xml").write_text(f'<?xml version="1.0"?>\n<urlset>\n{entries}</urlset>\n')
    prose = "".join(f"- [page {i}](docs/{'developer/' if i != 1800 else 'gone/'})\n" for i in range(2000))
    (site / "v1.0.0/llms-full.txt").write_text(f"# All\n\n```\n[code](nowhere/)\n```\n{prose}")
    (site / "v1.0.0/docs/index.html").write_text(
        '<link rel="canonical" href="https://docs.example.invalid/v1.0.0/docs/">')
    assert [line.split(": ")[0] for line in found(site)] == ["v1.0.0/sitemap.xml:7504", "v1.0.0/llms-full.txt:1806"]


def test_a_twin_s_links_in_code_are_text_and_the_others_on_the_same_lines_are_checked(tmp_path):
    """In Markdown a code span or a fenced block shows a path as text; a link beside a code span, or
    after a block on a line of its own, is a link."""
    site = site_with(tmp_path, "<p>x</p>")
    (site / "v1.0.0/docs/index.md").write_text(
        "# Twin\n\n"
        "`[code](span-gone/)` and [after a span](after-gone/)\n"  # line 3: only the second
        "``[two ` ticks](ticks-gone/)`` [a](a-gone/)\n"  # line 4: only the second
        "~~~\n[in tildes](tilde-gone/)\n```\n[still in](still-gone/)\n~~~\n"  # lines 5-9: none
        "[after the block](block-gone/)\n")  # line 10
    assert [line.split(": ")[0] + " " + line.rsplit("/v1.0.0/docs/", 1)[1] for line in found(site)] == [
        "v1.0.0/docs/index.md:3 after-gone/", "v1.0.0/docs/index.md:4 a-gone/",
        "v1.0.0/docs/index.md:10 block-gone/"]


def test_a_large_site_is_read_in_parallel_processes_and_they_find_what_one_process_finds(
        site_from_specs, tmp_path, monkeypatch, forked_pools):
    """On many pages the HTML is read in forked processes, a run of pages each (audit._pages): their
    links to missing files and to the site's own host are finished by the build process's checker, and
    every problem is found as one process finds it."""
    site = tmp_path / "site"
    shutil.copytree(site_from_specs, site)
    pages = links.scan.files(site, links.scan.HTML)
    first, last = pages[1], pages[-2]  # one in each run of pages
    for page, own in ((first, "https://docs.aviato.media/v1.0.0/no-such-page/"), (last, "/v1.0.0/gone/")):
        html = page.read_text()
        page.write_text(html.replace("</body>", f'<a href="{own}">x</a><a href="#no-such-anchor">y</a>'
                                                '<img src="https://tracker.example/p.png"></body>', 1))

    def problems() -> list[str]:
        with pytest.raises(audit.GeneratorError) as stopped:
            audit.verify(PROJECT, site)
        return sorted(f"{p.location.source}:{p.location.line}: {p.message}" for p in stopped.value.problems)

    alone = problems()
    monkeypatch.setattr(audit, "PAGES_PER_PROCESS", len(pages) // 2)
    in_parallel = problems()
    assert forked_pools == [2]
    assert in_parallel == alone
    for page, own in ((first, "no-such-page"), (last, "gone")):
        mine = [p for p in alone if p.startswith(f"{page}:")]
        assert any(own in p for p in mine) and any("#no-such-anchor" in p for p in mine), mine
    # located in the page, or in the template it was built from
    assert sum("tracker.example/p.png" in p for p in alone) == 2, alone
