"""The built site loads nothing from another host; a page or bundle that would fails the build at its line."""

import json
import shutil

import pytest

from generator.cli import main
from generator.site import audit, images, known_urls, scan
from tests.conftest import FIXTURES, PROJECT
from tests.security_support import build_pinned_site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_pinned_site(tmp_path_factory.mktemp("audit") / "site")


def found(site, config=None) -> list[str]:
    """Each problem as `file:line: message`, the file named inside the site (never by a temporary path)."""
    return [f"{p.location.source}:{p.location.line}: {p.message}"
            for p in audit.problems(site, config or {})]


def page(site, body: str, head: str = "", name: str = "index.html"):
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_text(f"<!doctype html>\n<html>\n<head>{head}</head>\n<body>\n{body}\n</body>\n</html>\n")


def reference_page(site, config: dict | None = None, tag: str = "v1.0.0"):
    """A version's reference page giving Scalar `config` (by default the document beside it)."""
    api = site / tag / "docs/developer/api"
    api.mkdir(parents=True)
    script = json.dumps(config or {"url": "openapi.json"})
    page(site, f'<script type="application/json" id="aviato-scalar-config">{script}</script>',
         name=f"{tag}/docs/developer/api/index.html")
    return api


def test_the_site_built_from_the_pinned_releases_loads_nothing_from_another_host(built):
    assert found(built, scan.mkdocs_yml(PROJECT)) == []


@pytest.mark.parametrize("body, what", [
    # a script from a CDN
    ('<script src="https://cdn.example.net/x.js"></script>', "<script src> loads https://cdn.example.net/x.js"),
    # a protocol-relative image
    ('<img src="//img.example.net/a.png" alt="">', "<img src> loads //img.example.net/a.png"),
    # the second candidate of a srcset
    ('<img src="a.png" srcset="a.png 1x, https://img.example.net/a2.png 2x" alt="">', "<img srcset> loads"),
    # an SVG <use> of a sprite elsewhere
    ('<svg><use href="https://icons.example.net/s.svg#a"></use></svg>', "<use href> loads"),
    # a background in a style attribute
    ('<div style="background: url(https://img.example.net/bg.png)"></div>', 'style="" url() loads'),
    # an @import in a <style> element
    ('<style>\n@import "https://fonts.example.net/f.css";\n</style>', "<style> url()/@import loads"),
    # fetch() in an inline script
    ('<script>\nfetch("https://api.example.net/v1")\n</script>', "inline <script> (a load) loads"),
])
def test_a_load_from_another_host_in_a_page_is_found_at_its_line(tmp_path, body, what):
    page(tmp_path, body)
    (problem,) = found(tmp_path)
    assert problem.startswith("index.html:") and what in problem, problem
    assert int(problem.split(":")[1]) in (5, 6), "the line of the element (or of the script's text)"


@pytest.mark.parametrize("head", [
    '<link rel="stylesheet" href="https://fonts.example.net/css">',  # a style sheet
    '<link rel="icon" href="https://example.net/favicon.ico">',  # an icon
    '<link rel="preconnect" href="https://example.net">',  # even a preconnect opens a connection
])
def test_links_that_load_are_found(tmp_path, head):
    page(tmp_path, "", head)
    assert len(found(tmp_path)) == 1


def test_links_people_follow_and_urls_that_are_only_text_are_fine(tmp_path):
    page(tmp_path, '<a href="https://github.com/aviato-media/aviato">source</a>\n'
                   '<link rel="canonical" href="https://docs.aviato.media/">\n<p>https://example.net/x</p>\n'
                   '<script>const docs = "https://example.net/docs"; fetch("data.json")</script>')
    (tmp_path / "a.css").write_text("a { background: url(data:image/png;base64,AAAA); }\n.b { background: url(b.png) }\n")
    assert found(tmp_path) == []


def test_css_and_javascript_files_are_read_line_by_line(tmp_path):
    (tmp_path / "site.css").write_text("body { color: red }\n\n@font-face { src: url(https://fonts.example.net/a.woff2) }\n")
    (tmp_path / "app.js").write_text('let a = 1;\nimport("https://esm.example.net/m.js");\n'
                                     'new WebSocket("wss://live.example.net/socket");\n')
    assert sorted(found(tmp_path)) == [
        "app.js:2: JavaScript (a load) loads https://esm.example.net/m.js from another host; ship it in the site instead",
        "app.js:3: JavaScript (a load) loads wss://live.example.net/socket from another host; ship it in the site instead",
        "site.css:3: CSS url()/@import loads https://fonts.example.net/a.woff2 from another host; ship it in the site instead",
    ]


def test_a_vendor_service_url_counts_as_loaded_even_in_a_plain_constant(tmp_path):
    (tmp_path / "vendor.js").write_text('const FONTS = "https://fonts.googleapis.com/css2";\n')
    assert found(tmp_path) == ["vendor.js:1: JavaScript (a service URL of a vendor) loads https://fonts.googleapis.com/css2 "
                               "from another host; ship it in the site instead"]


def test_an_image_from_another_host_in_a_description_scalar_renders_is_found_in_the_spec(tmp_path):
    api = reference_page(tmp_path)
    (api / "openapi.json").write_text(json.dumps({"openapi": "3.1.0", "info": {
        "title": "x", "version": "1.0.0", "description": "Look:\n\n![diagram](https://img.example.net/d.png)"}},
        indent=2))
    (problem,) = found(tmp_path)
    assert problem == ("v1.0.0/docs/developer/api/openapi.json:6: an image in the description at /info/description "
                       "loads https://img.example.net/d.png from another host; ship it in the site instead")


@pytest.mark.parametrize("body, url", [
    # a character reference in the scheme: the browser decodes it before it resolves the URL
    ('<img src="&#104;ttps://img.example.net/a.png" alt="">', "https://img.example.net/a.png"),
    # backslashes are slashes in an http(s) URL
    ('<img src="https:\\\\img.example.net\\a.png" alt="">', "https:\\\\img.example.net\\a.png"),
    # a tab (here as a reference) inside the scheme is dropped, and the scheme's case does not matter
    ('<img src="HT&#9;TPS://img.example.net/a.png" alt="">', "HT\tTPS://img.example.net/a.png"),
    # a protocol-relative URL written with backslashes
    ('<img src="\\\\img.example.net/a.png" alt="">', "\\\\img.example.net/a.png"),
    # <picture>: the browser picks a <source>'s srcset candidate
    ('<picture><source srcset="a.png 1x, https://img.example.net/a2.png 2x"><img src="a.png" alt=""></picture>',
     "https://img.example.net/a2.png"),
    # a CSS escape in a style attribute's url()
    ('<div style="background:url(\\68ttps://img.example.net/bg.png)"></div>', "https://img.example.net/bg.png"),
    # a <base> on another host would make every relative URL of the page load from there
    ('<base href="https://cdn.example.net/">', "https://cdn.example.net/"),
])
def test_a_page_is_read_as_the_browser_reads_it(tmp_path, body, url):
    page(tmp_path, body)
    (problem,) = found(tmp_path)
    assert f"loads {url} from another host" in problem, problem


@pytest.mark.parametrize("body", [
    # a description's HTML shown as code on an operation page: text, not an element
    '<p><code>&lt;div style="background:url(https://img.example.net/bg.png)"&gt;</code></p>',
    # Markdown for an image, shown as code
    '<p><code>![logo](https://img.example.net/logo.png)</code></p>',
    # escaped markup in a paragraph, and a URL in a comment
    '<p>&lt;img src="https://img.example.net/a.png"&gt;</p><!-- <img src="https://img.example.net/b.png"> -->',
    # a data: image and a same-site one
    '<img src="data:image/png;base64,AAAA" alt=""><img src="/v1.0.0/logo.png" alt="">',
])
def test_text_and_code_that_show_a_url_load_nothing(tmp_path, body):
    page(tmp_path, body)
    assert found(tmp_path) == []


@pytest.mark.parametrize("description, url", [
    # a reference-style image, its URL in a definition further down
    ("See ![r][r1].\n\n[r1]: http://img.example.net/r.png", "http://img.example.net/r.png"),
    # a character reference in the destination of an image
    ("![a](&#104;ttps://img.example.net/a.png)", "https://img.example.net/a.png"),
    # the same in raw HTML, which Scalar renders
    ('<img src="&#104;ttps://img.example.net/b.png">', "https://img.example.net/b.png"),
    # backslashes for slashes (`\\` in Markdown is one backslash)
    ("![b](https:\\\\\\\\img.example.net/c.png)", "https:\\\\img.example.net/c.png"),
    # <picture> in raw HTML
    ('<picture><source srcset="https://img.example.net/p.png 2x"></picture>', "https://img.example.net/p.png"),
    # a protocol-relative image
    ("![p](//img.example.net/d.png)", "//img.example.net/d.png"),
    # Markdown in the text of a raw HTML paragraph, which Scalar renders as Markdown again
    ("<p>\n![p](https://img.example.net/e.png)\n</p>", "https://img.example.net/e.png"),
])
def test_an_image_in_a_description_scalar_receives_is_found_as_scalar_renders_it(tmp_path, description, url):
    api = reference_page(tmp_path)
    (api / "openapi.json").write_text(json.dumps({"openapi": "3.1.0", "info": {
        "title": "x", "version": "1.0.0", "description": description}}, indent=2))
    (problem,) = found(tmp_path)
    assert f"in the description at /info/description loads {url} from another host" in problem, problem


@pytest.mark.parametrize("description", [
    # raw HTML inside a code span
    '`<div style="background:url(https://img.example.net/bg.png)">`',
    # Markdown for an image inside a code span
    "Write `![logo](https://img.example.net/logo.png)` in your README.",
    # a fenced code block
    '```html\n<img src="https://img.example.net/a.png">\n```',
    # an indented code block
    "Example:\n\n    ![logo](https://img.example.net/logo.png)",
    # a link to an image is followed, not loaded
    "[the diagram](https://img.example.net/d.png)",
])
def test_code_and_links_in_a_description_load_nothing(tmp_path, description):
    api = reference_page(tmp_path)
    (api / "openapi.json").write_text(json.dumps({"openapi": "3.1.0", "info": {
        "title": "x", "version": "1.0.0", "description": description}}, indent=2))
    assert found(tmp_path) == []


def test_every_known_url_is_still_in_the_bundles_it_is_listed_for(built):
    """The allow-list stays exact: an entry that matches nothing (after an upgrade) must go."""
    shipped = [(p.relative_to(built).as_posix(), p.read_text(encoding="utf-8", errors="replace"))
               for p in scan.files(built, scan.SCRIPT)]
    stale = [k.url for k in known_urls.KNOWN
             if not any(k.matches(name, k.url) and k.url in text for name, text in shipped)]
    assert stale == []


@pytest.mark.parametrize("setting, url", [
    # Scalar's default fonts come back with withDefaultFonts
    ({"withDefaultFonts": True}, "https://fonts.scalar.com/"),
    # a proxy for try-it sends requests through Scalar's servers
    ({"proxyUrl": "https://proxy.scalar.com"}, "https://proxy.scalar.com"),
    # the client button links out and loads Scalar's client
    ({"hideClientButton": False}, "https://client.scalar.com"),
    # the developer tools embed a booking widget
    ({"showDeveloperTools": "always"}, "https://app.cal.com/embed/embed.js"),
    # the agent talks to Scalar's API
    ({"agent": {"disabled": False}}, "https://api.scalar.com"),
])
def test_turning_on_what_a_known_url_serves_fails_the_audit_with_the_setting(built, tmp_path, setting, url):
    site = tmp_path / "site"
    shutil.copytree(built, site, symlinks=True)
    reference = site / "v1.1.0/docs/developer/api/index.html"
    html = reference.read_text()
    start = html.index(">", html.index('id="aviato-scalar-config"')) + 1
    config = json.loads(html[start:html.index("</script>", start)])
    reference.write_text(html[:start] + json.dumps({**config, **setting}) + html[html.index("</script>", start):])
    problems = [p for p in found(site, scan.mkdocs_yml(PROJECT)) if url in p]
    assert problems and all(f"`{next(iter(setting))}`" in p for p in problems), problems


def test_a_repository_link_in_mkdocs_yml_would_make_material_call_the_github_api(built):
    problems = found(built, {**scan.mkdocs_yml(PROJECT), "repo_url": "https://github.com/aviato-media/aviato"})
    assert problems and all("https://api.github.com/" in p and "mkdocs.yml sets `repo_url`" in p for p in problems)


def test_a_third_party_load_fails_the_build_and_leaves_the_previous_site(tmp_path, monkeypatch, capsys):
    site = tmp_path / "site"
    build = ["build", "--project", str(PROJECT), "--specs", str(FIXTURES / "pinned"), "--site", str(site), "--quiet"]
    assert main(build) == 0
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    monkeypatch.setattr(audit, "KNOWN", ())  # as if Scalar had just gained URLs nobody switched off
    capsys.readouterr()
    assert main(build) == 1
    err = capsys.readouterr().err
    assert "node_modules/@scalar/api-reference/dist/browser/" in err and "error[third-party-request]" in err
    assert "loads https://fonts.scalar.com/inter-latin.woff2 from another host" in err
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_a_build_refused_for_a_third_party_load_is_refused_again_when_run_again(tmp_path, capsys, monkeypatch):
    """A version that failed the audit may be cached, but is never published unaudited the next time."""
    from tests.test_build import repin

    monkeypatch.setattr(images, "for_scalar", lambda document, allows: None)  # as if it missed the image

    specs = tmp_path / "specs"
    shutil.copytree(FIXTURES / "pinned", specs)
    document = json.loads((specs / "v1.1.0.json").read_text())
    document["info"]["description"] = "The logo, missed by the rewrite: ![logo](https://cdn.example.net/logo.png)"
    repin(specs, "v1.1.0.json", json.dumps(document, indent=2).encode())
    build = ["build", "--project", str(PROJECT), "--specs", str(specs), "--site", str(tmp_path / "site"), "--quiet"]
    for attempt in ("first", "second"):
        capsys.readouterr()
        assert main(build) == 1, f"the {attempt} build is refused"
        assert "loads https://cdn.example.net/logo.png from another host" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_a_load_in_a_description_is_reported_in_the_pinned_file_not_the_staging_folder(tmp_path, capsys, monkeypatch):
    from tests.test_build import repin

    monkeypatch.setattr(images, "for_scalar", lambda document, allows: None)  # as if it missed the image

    specs = tmp_path / "specs"
    shutil.copytree(FIXTURES / "pinned", specs)
    document = json.loads((specs / "v1.1.0.json").read_text())
    document["info"]["description"] = "A tour: ![the tour](https://media.example.net/tour.png)"
    data = json.dumps(document, indent=2).encode()
    repin(specs, "v1.1.0.json", data)
    line = data.decode().splitlines().index(next(l for l in data.decode().splitlines() if "A tour" in l)) + 1
    build = ["build", "--project", str(PROJECT), "--specs", str(specs), "--site", str(tmp_path / "site"), "--quiet"]
    assert main(build) == 1
    err = capsys.readouterr().err
    assert f"{specs / 'v1.1.0.json'}:{line}:" in err, err
    assert "an image in the description at /info/description loads https://media.example.net/tour.png" in err
    assert ".site." not in err, "no temporary path"


def test_a_load_in_a_template_is_reported_in_the_template(tmp_path, capsys):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "overrides", "node_modules", "pyproject.toml"):
        (project / name).symlink_to(PROJECT / name)
    shutil.copytree(PROJECT / "docs", project / "docs")  # a copy: this test edits a template
    template = project / "docs/developer/index.md.j2"
    template.write_text(template.read_text() + '\n<script src="https://cdn.example.net/widget.js"></script>\n')
    build = ["build", "--project", str(project), "--specs", str(FIXTURES / "pinned"), "--site", str(tmp_path / "site"),
             "--quiet"]
    assert main(build) == 1
    err = capsys.readouterr().err
    assert "docs/developer/index.md.j2: error[third-party-request] <script src> loads https://cdn.example.net/widget.js" in err
    assert "of the page built from it" in err and ".site." not in err, err
