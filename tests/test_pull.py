"""`aviato-docs pull` end to end against local peers: what lands in specs/, and what each fault leaves."""

import http.server
import json
import threading
import time

import pytest

from generator.cli import main
from tests.peers.aviato import fake_aviato
from tests.peers.git import tagged_repo
from tests.peers.github import FakeGitHub
from tests.peers.http import Answer, Peer
from tests.peers.project import make_project, snapshot, spec_bytes

TOKEN = "ghp_FAKEtoken0123456789recognisable"


@pytest.fixture
def github():
    with Peer("127.0.0.1", token=TOKEN) as api, Peer("127.0.0.2") as storage:
        yield FakeGitHub(api, storage)


@pytest.fixture
def project(tmp_path, github):
    return make_project(tmp_path / "project", f"""default = "github"
[sources.github]
kind = "github"
repo = "{github.repo}"
asset = "openapi.json"
api = "{github.api.url}"
retries = 2
backoff = 0.01
""")


def pull(project, *args):
    return main(["pull", "--project", str(project), *args])


def test_a_tag_is_pulled_through_the_release_redirect_and_pinned(project, github, capsys):
    github.release("v1.2.0", spec_bytes("1.2.0"))
    assert pull(project, "v1.2.0") == 0
    out = capsys.readouterr().out
    assert out.startswith(f"pinned v1.2.0 from github:aviato-media/aviato into {project}/specs/v1.2.0.json (")
    assert (project / "specs/v1.2.0.json").read_bytes() == spec_bytes("1.2.0")
    entry = json.loads((project / "specs/manifest.json").read_text())["releases"][-1]
    assert (entry["tag"], entry["source"]) == ("v1.2.0", "github:aviato-media/aviato")


def test_json_output_gives_the_pin_for_the_pipeline(project, github, capsys):
    github.release("v1.2.0", spec_bytes("1.2.0"))
    assert pull(project, "v1.2.0", "--format", "json") == 0
    (pulled,) = json.loads(capsys.readouterr().out)["pulled"]
    assert (pulled["tag"], pulled["status"], pulled["size"]) == ("v1.2.0", "pinned", len(spec_bytes("1.2.0")))


def test_5xx_then_success_pins_the_release(project, github):
    github.release("v1.2.0", spec_bytes("1.2.0"), storage=[Answer(500), Answer(200, spec_bytes("1.2.0"))])
    assert pull(project, "v1.2.0", "--quiet") == 0
    assert (project / "specs/v1.2.0.json").read_bytes() == spec_bytes("1.2.0")


FAULTS = [
    # a download cut off halfway, every time
    ("v1.2.0", dict(storage=[Answer(200, spec_bytes("1.2.0"), cut_after=1000)]), 3, "fetch-failed",
     "download cut off: received 1000 bytes, expected"),
    # the bytes do not match the digest the release publishes
    ("v1.2.0", dict(digest="sha256:" + "0" * 64), 3, "source-checksum-mismatch", "the release says 0000"),
    # a release that does not exist
    ("v9.9.9", None, 3, "source-http-404", "no release tagged v9.9.9 in aviato-media/aviato"),
    # the server keeps failing
    ("v1.2.0", dict(storage=[Answer(503)]), 3, "fetch-failed", "gave up after 3 attempts: HTTP 503"),
    # an OpenAPI 3.0 document
    ("v1.2.0", dict(data=spec_bytes("1.2.0", openapi="3.0.3")), 1, "pull-not-openapi-3.1",
     "v1.2.0 is an OpenAPI 3.0.3 document; the reference needs OpenAPI 3.1.x"),
    # another release's document
    ("v1.2.0", dict(data=spec_bytes("1.1.0")), 1, "pull-version-mismatch",
     "info.version is '1.1.0', but the tag is v1.2.0"),
    # not JSON at all
    ("v1.2.0", dict(data=b'{"openapi": '), 1, "spec-parse-error", "not valid JSON"),
    # a tag that is not a safe file name, refused before anything is asked
    ("../../etc/passwd", None, 2, "tag-unsafe", "refusing tag '../../etc/passwd'"),
]


@pytest.mark.parametrize("tag, release, code, problem, words", FAULTS,
                         ids=[f"{f[3]}-{i}" for i, f in enumerate(FAULTS)])
def test_each_fault_is_reported_and_leaves_specs_exactly_as_it_was(project, github, capsys, tag, release, code,
                                                                   problem, words):
    if release is not None:
        github.release(tag, release.pop("data", spec_bytes("1.2.0")), **release)
    before = snapshot(project / "specs")
    assert pull(project, tag) == code
    err = capsys.readouterr().err
    assert f"error[{problem}]" in err and words in err, err
    assert "Traceback" not in err
    assert snapshot(project / "specs") == before


def test_a_bad_token_gets_a_clear_401_message_without_the_token(project, github, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_WRONG_" + TOKEN)
    github.release("v1.2.0", spec_bytes("1.2.0"))
    before = snapshot(project / "specs")
    assert pull(project, "v1.2.0") == 3
    err = capsys.readouterr().err
    assert ("error[source-http-401] v1.2.0 from source 'github' (github:aviato-media/aviato): "
            "the token was refused (HTTP 401)") in err
    assert "check the token in GITHUB_TOKEN" in err and TOKEN not in err
    assert snapshot(project / "specs") == before


def test_the_token_never_appears_in_output_or_in_any_written_file(project, github, capsys, monkeypatch):
    """A recognisable fake token, through a success, a refusal and a fault: it is nowhere but in requests to the API."""
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    github.release("v1.2.0", spec_bytes("1.2.0"))
    github.release("v1.3.0", spec_bytes("1.3.0"), storage=[Answer(200, spec_bytes("1.3.0"), cut_after=10)])
    outputs = []
    for args in (["v1.2.0"], ["v1.3.0"], ["v9.9.9"], ["v1.2.0", "--format", "json"], ["--all"]):
        pull(project, *args)
        captured = capsys.readouterr()
        outputs += [captured.out, captured.err]
    assert outputs and not [o for o in outputs if TOKEN in o]
    files = [p for p in project.rglob("*") if p.is_file() and "node_modules" not in p.parts]
    assert not [p for p in files if TOKEN.encode() in p.read_bytes()]
    assert all(s.headers["authorization"] == f"Bearer {TOKEN}" for s in github.api.seen)
    assert not [s for s in github.storage.seen if "authorization" in s.headers]


def test_an_identical_re_pull_is_a_no_op(project, github, capsys):
    github.release("v1.2.0", spec_bytes("1.2.0"))
    assert pull(project, "v1.2.0", "--quiet") == 0
    before = snapshot(project / "specs")
    assert pull(project, "v1.2.0") == 0
    assert "v1.2.0 is already pinned with identical bytes" in capsys.readouterr().out
    assert snapshot(project / "specs") == before


def test_a_re_pull_with_different_bytes_is_refused_unless_forced_and_force_says_so(project, github, capsys):
    github.release("v1.1.0", spec_bytes("1.1.0") + b"\n")  # not the bytes pinned in the fixture
    before = snapshot(project / "specs")
    assert pull(project, "v1.1.0") == 1
    assert "error[pin-differs] v1.1.0 is already pinned with different bytes" in capsys.readouterr().err
    assert snapshot(project / "specs") == before
    assert pull(project, "v1.1.0", "--force") == 0
    assert "re-pinned v1.1.0 with different bytes (--force): sha256 " in capsys.readouterr().out
    assert (project / "specs/v1.1.0.json").read_bytes() == spec_bytes("1.1.0") + b"\n"


def test_all_pulls_every_offered_tag_not_pinned_yet_and_reports_the_ones_that_fail(project, github, capsys):
    github.release("v1.1.0", b"not pulled again: v1.1.0 is pinned")
    github.release("v1.2.0", spec_bytes("1.2.0"))
    github.release("v1.3.0-rc.1", spec_bytes("1.2.0"))  # the wrong document
    assert pull(project, "--all") == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].startswith("pinned v1.2.0 from github:aviato-media/aviato")
    assert "error[pull-version-mismatch]" in captured.err
    assert sorted(p.name for p in (project / "specs").iterdir()) == ["manifest.json", "v1.0.0.json", "v1.1.0.json",
                                                                     "v1.2.0.json"]


def test_usage_needs_a_tag_or_all(project, capsys):
    assert pull(project) == 2
    assert pull(project, "v1.2.0", "--all") == 2


def test_pull_from_a_git_tag_and_from_a_running_server_with_source(tmp_path, capsys):
    repo = tagged_repo(tmp_path / "git", {"v1.2.0": {"openapi.json": spec_bytes("1.2.0")}})
    with fake_aviato("1.3.0", spec_bytes("1.3.0")) as server:
        project = make_project(tmp_path / "project", f"""default = "git"
[sources.git]
kind = "git"
repo = "{repo}"
path = "openapi.json"
[sources.server]
kind = "server"
url = "{server.url}"
""")
        assert pull(project, "v1.2.0", "--quiet") == 0
        assert pull(project, "v1.3.0", "--source", "server", "--quiet") == 0
    sources = [e["source"] for e in json.loads((project / "specs/manifest.json").read_text())["releases"]]
    assert sources[-2:] == [f"git:{repo}", f"server:{server.url}"]


class _Drip(http.server.BaseHTTPRequestHandler):
    """Sends a whole document's length, then one byte every 0.2 s: never idle long enough for read_timeout."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:  # noqa: N802 (the stdlib's name)
        body = spec_bytes("1.2.0")
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for index in range(len(body)):
                self.wfile.write(body[index:index + 1])
                self.wfile.flush()
                time.sleep(0.2)  # the server's pace, not a wait for the client
        except OSError:  # the client gave up: what the test wants
            pass

    def log_message(self, format: str, *args) -> None:
        pass


def test_a_server_that_drips_bytes_is_given_up_at_total_timeout_and_nothing_is_pinned(tmp_path, capsys):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Drip)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True).start()
    try:
        project = make_project(tmp_path / "project", f"""[sources.slow]
kind = "url"
url = "http://127.0.0.1:{server.server_address[1]}/{{tag}}.json"
read_timeout = 5
total_timeout = 1
""")
        before = snapshot(project / "specs")
        started = time.monotonic()
        assert pull(project, "v1.2.0") == 3
        elapsed = time.monotonic() - started
    finally:
        server.shutdown()
        server.server_close()
    err = capsys.readouterr().err
    url = f"http://127.0.0.1:{server.server_address[1]}/v1.2.0.json"
    assert f": error[fetch-timeout] v1.2.0 {url}: not downloaded within total_timeout (1 s) (" in err, err
    assert err.startswith("url:") and "bytes received)" in err and "Traceback" not in err
    assert elapsed < 5  # given up at the deadline, not retried, not after read_timeout
    assert snapshot(project / "specs") == before


def test_an_unknown_source_name_is_a_usage_error_naming_the_config_and_its_sources(project, capsys):
    before = snapshot(project / "specs")
    assert pull(project, "v1.2.0", "--source", "nosuch") == 2
    err = capsys.readouterr().err
    assert err == (f"--source: error[source-unknown] no source named 'nosuch' in {project}/aviato-docs.toml; it "
                   "defines github\n  hint: pass --source with one of those names\n")
    assert snapshot(project / "specs") == before


def test_a_url_source_with_a_file_url_is_refused_at_config_load_not_retried(tmp_path, capsys):
    project = make_project(tmp_path / "project", '[sources.local]\nkind = "url"\nurl = "file:///tmp/{tag}.json"\n')
    before = snapshot(project / "specs")
    assert pull(project, "v1.2.0") == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{project}/aviato-docs.toml:3: error[config-invalid] source 'local': url must be an "
                          "http:// or https:// URL, not 'file:///tmp/{tag}.json'"), err
    assert "(at /sources/local/url)" in err and "gave up" not in err
    assert snapshot(project / "specs") == before
