"""`aviato-docs publish` and `releases` end to end: pull from a local GitHub peer, build the real site."""

import json

import pytest

from generator.cli import main
from tests.peers.github import FakeGitHub
from tests.peers.http import Peer
from tests.peers.project import make_project, snapshot, spec_bytes


@pytest.fixture
def github():
    with Peer() as api, Peer("127.0.0.2") as storage:
        yield FakeGitHub(api, storage)


@pytest.fixture
def project(tmp_path, github):
    return make_project(tmp_path / "project", f"""[sources.github]
kind = "github"
repo = "{github.repo}"
asset = "openapi.json"
api = "{github.api.url}"
retries = 1
backoff = 0.01
""")


def run(project, verb, *args):
    return main([verb, "--project", str(project), *args])


def test_publishing_the_newest_stable_release_makes_it_latest(project, github, capsys):
    github.release("v1.2.0", spec_bytes("1.2.0"))
    assert run(project, "publish", "v1.2.0", "--quiet", "--no-check-clients") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("pinned v1.2.0 from github:aviato-media/aviato into ")
    assert out[1] == f"published v1.2.0 as latest: 3 versions built into {project / 'site'}"
    assert out[2].startswith(f"its overview: {project / 'site/v1.2.0/docs/developer'}/index.html")
    site = project / "site"
    assert json.loads((site / "versions.json").read_text())[0] == {"version": "v1.2.0", "title": "v1.2.0",
                                                                   "aliases": ["latest"]}
    assert (site / "v1.2.0/docs/developer/api/openapi.json").read_bytes() == spec_bytes("1.2.0")


def test_a_prerelease_is_published_under_its_own_name_and_never_becomes_latest(project, github, capsys):
    github.release("v1.3.0-rc.1", spec_bytes("1.3.0-rc.1"), prerelease=True)
    assert run(project, "publish", "v1.3.0-rc.1", "--format", "json", "--no-check-clients") == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["latest"], report["versions"][0]) == ("v1.1.0", "v1.3.0-rc.1")
    assert report["pulled"]["status"] == "pinned"
    assert (project / "site/v1.3.0-rc.1/docs/developer/index.html").is_file()
    rules = [r.split() for r in (project / "site/_redirects").read_text().splitlines()]
    assert ["/latest/*", "/v1.1.0/:splat", "200"] in rules


def test_when_the_build_fails_the_pin_is_undone_and_specs_and_site_stay_as_they_were(project, github, capsys):
    assert run(project, "build", "--quiet") == 0
    (project / "mkdocs.yml").unlink()  # the build cannot run
    github.release("v1.2.0", spec_bytes("1.2.0"))
    specs, site = snapshot(project / "specs"), snapshot(project / "site")
    assert run(project, "publish", "v1.2.0", "--quiet", "--no-check-clients") == 3
    err = capsys.readouterr().err
    assert "error[mkdocs-failed]" in err
    assert "info[publish-undone] v1.2.0 was not published; specs/ is as it was before" in err
    assert snapshot(project / "specs") == specs and snapshot(project / "site") == site


def test_a_release_whose_document_breaks_client_generation_is_not_published(project, github, capsys,
                                                                              monkeypatch):
    from generator import clients
    from generator.errors import GeneratorError, Location, Problem

    checked = []

    def gate(project_dir, releases, progress):
        checked.extend(release.tag for release in releases)
        raise GeneratorError([Problem("client-typescript", "error", "TS2339: no such property",
                                      Location("list-and-scan.ts", "", 22, 35))])

    monkeypatch.setattr(clients, "gate", gate)  # the real gate is tested in tests/test_clients*.py
    github.release("v1.2.0", spec_bytes("1.2.0"))
    specs = snapshot(project / "specs")
    assert run(project, "publish", "v1.2.0", "--quiet") == 1
    assert "v1.2.0" in checked, "publish checks the clients of the new release by default"
    assert "list-and-scan.ts:22:35: error[client-typescript]" in capsys.readouterr().err
    assert snapshot(project / "specs") == specs and not (project / "site").exists()


def test_a_fault_while_pulling_stops_publish_before_the_build(project, github, capsys):
    specs = snapshot(project / "specs")
    assert run(project, "publish", "v9.9.9", "--quiet", "--no-check-clients") == 3
    assert "error[source-http-404] no release tagged v9.9.9" in capsys.readouterr().err
    assert snapshot(project / "specs") == specs and not (project / "site").exists()


def test_releases_shows_the_pinned_ones_beside_what_the_source_offers(project, github, capsys):
    github.release("v1.1.0", spec_bytes("1.1.0"))
    github.release("v1.2.0-rc.1", spec_bytes("1.2.0-rc.1"), prerelease=True)
    assert run(project, "releases") == 0
    assert capsys.readouterr().out.splitlines() == [
        "source: github:aviato-media/aviato",
        "tag                      pinned                           at the source",
        "v1.2.0-rc.1 prerelease   -                                offered",
        "v1.1.0 latest            v1.1.0.json 2026-01-01           offered",
        "v1.0.0                   v1.0.0.json 2026-01-01           not offered",
    ]
    assert run(project, "releases", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)["releases"]
    assert [(r["tag"], r["offered"], r["pinned"] is not None) for r in rows] == [
        ("v1.2.0-rc.1", True, False), ("v1.1.0", True, True), ("v1.0.0", False, True)]


def test_releases_still_lists_the_pins_when_the_source_cannot_be_asked(project, github, capsys):
    github.api.token = "expected"
    github.release("v1.2.0", spec_bytes("1.2.0"))
    github.api.routes.clear()  # every API call now 404s
    assert run(project, "releases") == 3
    captured = capsys.readouterr()
    assert "v1.1.0 latest            v1.1.0.json 2026-01-01           ?" in captured.out
    assert "error[source-http-404]" in captured.err
