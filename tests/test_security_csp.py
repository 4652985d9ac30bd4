"""The Content-Security-Policy allows exactly the build's own scripts, and only the hosts try-it needs."""

import base64
import hashlib
import re
import tomllib

import pytest

from generator.errors import GeneratorError
from generator.site import csp, scan
from tests.conftest import PROJECT
from tests.security_support import build_pinned_site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_pinned_site(tmp_path_factory.mktemp("csp") / "site")


def policy_of(site) -> dict[str, list[str]]:
    line = next(l for l in (site / "_headers").read_text().splitlines() if "Content-Security-Policy:" in l)
    return {d.split()[0]: d.split()[1:] for d in line.split(":", 1)[1].split(";")}


def test_every_inline_script_of_the_built_site_is_allowed_by_its_hash_and_nothing_else_inline(built):
    policy = policy_of(built)
    scripts = {s.text for p in scan.files(built, scan.HTML) for s in scan.read_page(p).inline_scripts()}
    assert scripts, "Material inlines scripts in every page"
    expected = {"'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'" for s in scripts}
    assert set(policy["script-src"]) == {"'self'"} | expected
    scripts_may = set(sum((sources for name, sources in policy.items() if name != "style-src"), []))
    assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'"} & scripts_may


@pytest.mark.parametrize("html, hashed", [
    # a plain inline script, hashed over its exact text (whitespace included)
    ('<script>\n  var a = 1;\n</script>', ["\n  var a = 1;\n"]),
    # a module script runs too
    ('<script type="module">import "./x.js"</script>', ['import "./x.js"']),
    # a JSON data block never runs: no hash
    ('<script type="application/json" id="c">{"a": "<"}</script>', []),
    # a script with src is allowed by 'self', not by a hash
    ('<script src="x.js"></script>', []),
    # text that looks like markup inside a script is part of it
    ('<script>if (a<b) { x = "<div>"; }</script>', ['if (a<b) { x = "<div>"; }']),
])
def test_exactly_the_scripts_a_browser_runs_are_hashed(tmp_path, html, hashed):
    (tmp_path / "index.html").write_text(f"<!doctype html><html><head>{html}</head><body></body></html>")
    assert csp.script_hashes(tmp_path) == sorted(csp.source_hash(text) for text in hashed)


def test_the_policy_keeps_frames_objects_and_other_hosts_out(built):
    policy = policy_of(built)
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:"] and policy["font-src"] == ["'self'", "data:"]
    assert policy["connect-src"] == ["'self'", "http://localhost:8096"], "the releases' own server, for try-it"
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"], "Scalar and Material style elements at run time"


@pytest.mark.parametrize("url, origin", [
    ("http://localhost:8096", "http://localhost:8096"),  # the spec's default server
    ("https://media.example.org/api/", "https://media.example.org"),  # a path is dropped: CSP takes origins
    ("http://x\"; script-src *", None),  # text that would add a directive is left out
    ("/api", None),  # relative: the site itself, 'self' already
    ("http://[::1", None),  # not a URL at all
])
def test_a_server_url_adds_only_its_plain_origin(url, origin):
    assert csp.connect_sources(PROJECT, [url]) == ([origin] if origin else [])


def test_more_hosts_come_from_mkdocs_yml_and_bad_ones_are_refused_with_their_location(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nextra:\n  aviato:\n    allowed_hosts: [\"https://media.example.org\"]\n")
    assert csp.connect_sources(tmp_path, ["http://localhost:8096"]) == ["http://localhost:8096",
                                                                         "https://media.example.org"]
    config.write_text("site_name: x\nextra:\n  aviato:\n    allowed_hosts: [\"*; script-src *\"]\n")
    with pytest.raises(GeneratorError) as refused:
        csp.connect_sources(tmp_path, [])
    (problem,) = refused.value.problems
    assert problem.code == "csp-config-invalid" and problem.location.pointer == "/extra/aviato/allowed_hosts"


def test_the_security_headers_are_set_in_one_place_only(built):
    headers = (built / "_headers").read_text()
    for name in csp.STATIC_HEADERS:
        assert re.search(rf"^  {name}: ", headers, re.MULTILINE)
    netlify = tomllib.loads((PROJECT / "netlify.toml").read_text())
    static = {name for rule in netlify.get("headers", []) for name in rule.get("values", {})}
    assert not static & {"Content-Security-Policy", *csp.STATIC_HEADERS}, "netlify.toml would send them twice"
