"""An OAuth 2 spec with images from other hosts publishes: the images are links unless their host is
listed, and the flows' own URLs are allowed only when listed (extra.aviato.allowed_hosts)."""

import json
import re
import shutil

import pytest

from generator.cli import main
from generator.site import descriptions, images, scalar
from tests.conftest import FIXTURES, PROJECT
from tests.test_build import repin
from tests.test_security_csp import policy_of

IMAGE = "https://img.example.net/diagram.png"
AUTH = "https://auth.example.net"
LATEST = "v1.1.0"
API = f"{LATEST}/docs/developer/api"


def test_scalar_shows_its_oauth_example_urls_only_as_placeholder_text():
    """Scalar's OAuth 2 form requests the flow's own URLs; galaxy.scalar.com is only placeholder text."""
    uses = []
    for path in scalar.bundle_files(PROJECT):
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"https://galaxy\.scalar\.com/[^`'\"]*", text):
            before = text[max(0, match.start() - 120): match.start()]
            fallback = re.search(r"(\w+)=\w+\(\(\)=>[^;]*?:`?$", before)  # a computed value with it as fallback
            shown = fallback and f"placeholder:{fallback.group(1)}.value" in text[match.end(): match.end() + 20000]
            if re.search(r"placeholder:\s*[`'\"]$", before) or shown:
                uses.append("placeholder")
            else:
                uses.append(f"{path.name}: {text[match.start() - 80: match.end()]}")
    assert uses and set(uses) == {"placeholder"}, uses


def oauth_specs(tmp_path):
    """The pinned fixtures, their latest release declaring an OAuth 2 flow on its own host and showing an
    image from another host in its overview and in an operation's description."""
    specs = tmp_path / "specs"
    shutil.copytree(FIXTURES / "pinned", specs)
    document = json.loads((specs / f"{LATEST}.json").read_text())
    document["info"]["description"] = f"How it fits together:\n\n![the diagram]({IMAGE})"
    document["paths"]["/api/libraries"]["get"]["description"] = f"Libraries: ![libraries]({IMAGE})"
    document.setdefault("components", {}).setdefault("securitySchemes", {})["oauth"] = {
        "type": "oauth2", "flows": {"authorizationCode": {
            "authorizationUrl": f"{AUTH}/authorize", "tokenUrl": f"{AUTH}/token", "scopes": {"read": "read"}}}}
    repin(specs, f"{LATEST}.json", json.dumps(document, indent=2).encode())
    return specs


def project_listing(tmp_path, hosts: list[str]):
    """A project like this one whose mkdocs.yml lists `hosts`."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("docs", "overrides", "node_modules", "pyproject.toml"):
        (project / name).symlink_to(PROJECT / name)
    config = (PROJECT / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(config.replace("allowed_hosts: []", f"allowed_hosts: {json.dumps(hosts)}"))
    return project


def build(project, specs, site) -> int:
    return main(["build", "--project", str(project), "--specs", str(specs), "--site", str(site), "--quiet"])


def scalar_config(site) -> dict:
    html = (site / API / "index.html").read_text()
    return json.loads(re.search(r'id="aviato-scalar-config">(.*?)</script>', html, re.DOTALL).group(1))


@pytest.fixture(scope="module")
def unlisted(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("oauth")
    specs = oauth_specs(tmp_path)
    assert build(PROJECT, specs, tmp_path / "site") == 0, "an OAuth 2 spec with foreign images publishes"
    return tmp_path / "site", specs


def test_an_oauth2_spec_with_foreign_images_builds_with_the_checks_on_and_shows_them_as_links(unlisted):
    site, specs = unlisted
    page = (site / API / "operations/listLibraries/index.html").read_text()
    assert f'<a href="{IMAGE}">libraries</a>' in page and "<img" not in page.split("<main", 1)[-1].split("</main>")[0]
    config = scalar_config(site)
    assert config["url"] == scalar.REWRITTEN, "Scalar gets a copy with the image as a link"
    given = json.loads((site / API / config["url"]).read_text())
    assert f'<a href="{IMAGE}">the diagram</a>' in given["info"]["description"]
    assert "<img" not in given["info"]["description"] and "![" not in given["info"]["description"]
    assert (site / API / "openapi.json").read_bytes() == (specs / f"{LATEST}.json").read_bytes(), "published as pinned"


def test_the_flows_own_urls_and_foreign_images_are_not_in_the_policy_unless_listed(unlisted):
    site, _ = unlisted
    policy = policy_of(site)
    assert AUTH not in policy["connect-src"] and policy["img-src"] == ["'self'", "data:"]


def test_with_the_hosts_listed_the_image_loads_and_the_policy_names_both(tmp_path):
    project = project_listing(tmp_path, ["https://img.example.net", AUTH])
    assert build(project, oauth_specs(tmp_path), tmp_path / "site") == 0
    site = tmp_path / "site"
    page = (site / API / "operations/listLibraries/index.html").read_text()
    assert f'<img alt="libraries" src="{IMAGE}"' in page or f'<img src="{IMAGE}" alt="libraries"' in page, page
    assert scalar_config(site)["url"] == "openapi.json", "nothing to rewrite: Scalar gets the spec itself"
    policy = policy_of(site)
    assert "https://img.example.net" in policy["img-src"] and AUTH in policy["connect-src"]


def test_the_old_name_of_the_setting_is_refused_with_its_new_name(tmp_path, capsys):
    project = project_listing(tmp_path, [])
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("allowed_hosts: []", "csp_connect_src: []"))
    assert build(project, FIXTURES / "pinned", tmp_path / "site") == 2
    assert "extra.aviato.csp_connect_src is now extra.aviato.allowed_hosts" in capsys.readouterr().err


@pytest.mark.parametrize("description", [
    # an inline image
    f"![the diagram]({IMAGE})",
    # a reference-style image
    "![the diagram][d]\n\n[d]: " + IMAGE,
    # a character reference and backslashes in the URL
    "![the diagram](&#104;ttps:\\\\\\\\img.example.net/diagram.png)",
    # raw HTML: an <img>, and a <picture> whose <source> is on another host
    f'<img src="{IMAGE}" alt="the diagram">',
    f'<picture><source srcset="{IMAGE} 2x"><img src="{IMAGE}" alt="the diagram"></picture>',
    # Markdown inside a raw HTML paragraph, which Scalar renders as Markdown
    f"<p>![the diagram]({IMAGE})</p>",
    # escaped Markdown for an image next to a real one: it must stay text once Scalar reads it again
    f"\\![not an image]({IMAGE}) and ![the diagram]({IMAGE})\n\n```\n\n![code]({IMAGE})\n```",
])
def test_scalar_gets_each_foreign_image_as_a_link_and_nothing_that_loads(description):
    document = {"openapi": "3.1.0", "info": {"title": "x", "version": "1", "description": description}}
    assert descriptions.description_loads(description), "the description as written loads the image"
    given = images.for_scalar(document, lambda url: False)["info"]["description"]
    assert descriptions.description_loads(given) == [], given
    assert f'<a href="' in given and ">the diagram</a>" in given, given
    assert "\n" not in given, "one HTML block for Scalar: no blank line ends it early"
    assert document["info"]["description"] == description, "the published document is left as it is"


def test_scalar_gets_deep_descriptions_rewritten_and_the_published_document_stays_as_it_was():
    image = f"![the diagram]({IMAGE})"
    operation = {"parameters": [{"name": "a", "description": "plain"}, {"name": "b", "description": image}],
                 "responses": {"200": {"description": image}}}
    document = {"openapi": "3.1.0", "info": {"title": "x", "version": "1"}, "paths": {"/a": {"get": operation}}}
    published = json.dumps(document)
    given = images.for_scalar(document, lambda url: False)
    got = given["paths"]["/a"]["get"]
    assert [p["description"] for p in got["parameters"]][0] == "plain"
    assert ">the diagram</a>" in got["parameters"][1]["description"]
    assert ">the diagram</a>" in got["responses"]["200"]["description"]
    assert json.dumps(document) == published, "the published document is left as it is"


def test_scalar_gets_the_spec_itself_when_every_image_is_allowed_or_there_is_none():
    document = {"openapi": "3.1.0", "info": {"title": "x", "version": "1", "description": f"![d]({IMAGE})"}}
    assert images.for_scalar(document, images.allowing(["https://img.example.net"])) is None
    assert images.for_scalar({"openapi": "3.1.0", "info": {"description": f"`![d]({IMAGE})`"}},
                             lambda url: False) is None


def test_a_large_spec_split_for_scalar_gets_its_foreign_images_as_links_in_every_part(tmp_path, monkeypatch):
    monkeypatch.setattr(scalar, "SPLIT_OPERATIONS", 0)  # split however small
    document = json.loads((FIXTURES / "pinned" / f"{LATEST}.json").read_text())
    document["paths"]["/api/libraries"]["get"]["description"] = f"![libraries]({IMAGE})"
    parts, name = scalar.write_documents(document, 10, "openapi.json", tmp_path, [])
    assert parts and name == "openapi.json", "Scalar loads the parts; the whole document stays the spec"
    written = [json.loads(p.read_text()) for p in (tmp_path / scalar.PARTS_DIR).glob("*.json")]
    shown = [text for part in written for _, text in descriptions.descriptions(part) if "libraries</a>" in text]
    assert shown and not [t for part in written for _, t in descriptions.descriptions(part) if descriptions.description_loads(t)]


@pytest.mark.parametrize("url, allowed", [
    ("https://img.example.net/a.png", True),  # the listed origin
    ("HTTPS://IMG.example.net:443/a.png", True),  # its default port and any case
    ("//img.example.net/a.png", True),  # protocol-relative, on an https page
    ("http://img.example.net/a.png", False),  # another scheme
    ("https://img.example.net:8443/a.png", False),  # another port
    ("https://cdn.img.example.net/a.png", False),  # a subdomain, not listed
    ("https://a.media.example.org/a.png", True),  # a subdomain of a wildcard entry
    ("https://media.example.org/a.png", False),  # the wildcard's own host is not one of its subdomains
    ("https://img.example.net@evil.example.com/a.png", False),  # user info: the host is evil.example.com
])
def test_an_image_url_is_allowed_by_origin_as_the_policy_reads_it(url, allowed):
    assert images.allowing(["https://img.example.net", "https://*.media.example.org"])(url) is allowed
