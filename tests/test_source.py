"""The source kinds against real local peers: a folder, a bare git repository, HTTP servers on 127.0.0.x."""

import subprocess
import sys
from pathlib import Path

import pytest

from generator import source
from generator.errors import GeneratorError
from generator.source import config
from tests.peers.aviato import fake_aviato
from tests.peers.git import tagged_repo
from tests.peers.github import FakeGitHub
from tests.peers.http import Answer, Peer
from tests.peers.project import spec_bytes

FAST = "retries = 2\nbackoff = 0.01\nread_timeout = 5\n"


def configured(tmp_path, table: str, name: str = "it"):
    (tmp_path / "aviato-docs.toml").write_text(f"[sources.{name}]\n{table}\n")
    return source.configured(tmp_path, name)


def fetch(tmp_path, table: str, tag: str):
    with configured(tmp_path, table) as src:
        return source.fetch(source.Ref(src, tag))


def error_of(call) -> GeneratorError:
    with pytest.raises(GeneratorError) as caught:
        call()
    return caught.value


@pytest.fixture
def github():
    with Peer() as api, Peer("127.0.0.2") as storage:
        yield FakeGitHub(api, storage)


def github_table(fake, extra: str = "") -> str:
    return (f'kind = "github"\nrepo = "{fake.repo}"\nasset = "openapi.json"\napi = "{fake.api.url}"\n'
            f"{FAST}{extra}")


def test_a_folder_source_gives_the_exact_bytes_of_the_file_named_by_the_tag(tmp_path):
    (tmp_path / "incoming").mkdir()
    (tmp_path / "incoming/v1.3.0.yaml").write_bytes(b"openapi: 3.1.0\n")
    (tmp_path / "incoming/notes.txt").write_text("not a spec")
    raw = fetch(tmp_path, 'kind = "file"\npath = "incoming"', "v1.3.0")
    assert (raw.data, raw.tag, raw.is_yaml) == (b"openapi: 3.1.0\n", "v1.3.0", True)
    with configured(tmp_path, 'kind = "file"\npath = "incoming"') as src:
        assert source.list_tags(src) == ["v1.3.0"]


def test_a_path_template_lists_the_tags_its_files_are_named_by(tmp_path):
    for tag in ("v1.10.0", "v1.9.0", "v1.10.0-rc.1"):
        (tmp_path / f"aviato-{tag}.json").write_bytes(spec_bytes(tag[1:]))
    with configured(tmp_path, 'kind = "file"\npath = "aviato-{tag}.json"') as src:
        assert source.list_tags(src) == ["v1.9.0", "v1.10.0-rc.1", "v1.10.0"]  # version order, not text order


def test_a_missing_file_names_the_tag_and_the_path(tmp_path):
    (tmp_path / "incoming").mkdir()
    problem = error_of(lambda: fetch(tmp_path, 'kind = "file"\npath = "incoming"', "v9.9.9")).problems[0]
    assert problem.code == "source-not-found"
    assert "v9.9.9" in problem.message and "incoming/v9.9.9.json" in problem.message


@pytest.mark.parametrize("how", ["path", "url"])  # a local bare repository, and the same as a clone URL
def test_a_git_source_reads_the_file_at_each_tag(tmp_path, how):
    repo = tagged_repo(tmp_path / "git", {"v1.0.0": {"api/openapi.json": spec_bytes("1.0.0")},
                                          "v1.1.0": {"api/openapi.json": spec_bytes("1.1.0")}})
    where = str(repo) if how == "path" else f"file://{repo}"
    table = f'kind = "git"\nrepo = "{where}"\npath = "api/openapi.json"'
    assert fetch(tmp_path, table, "v1.0.0").data == spec_bytes("1.0.0")  # an annotated tag
    assert fetch(tmp_path, table, "v1.1.0").data == spec_bytes("1.1.0")  # a lightweight tag
    with configured(tmp_path, table) as src:
        assert source.list_tags(src) == ["v1.0.0", "v1.1.0"]


def test_a_git_tag_that_does_not_exist_is_named(tmp_path):
    repo = tagged_repo(tmp_path / "git", {"v1.0.0": {"openapi.json": spec_bytes("1.0.0")}})
    problem = error_of(lambda: fetch(tmp_path, f'kind = "git"\nrepo = "{repo}"\npath = "openapi.json"',
                                     "v2.0.0")).problems[0]
    assert problem.code == "source-not-found"
    assert "v2.0.0" in problem.message and "openapi.json" in problem.message


def test_a_url_template_gets_the_tag_in_the_url(tmp_path):
    with Peer() as peer:
        peer.route("/releases/v1.2.0/openapi.json", Answer(200, spec_bytes("1.2.0")))
        table = f'kind = "url"\nurl = "{peer.url}/releases/{{tag}}/openapi.json"\n{FAST}'
        raw = fetch(tmp_path, table, "v1.2.0")
    assert raw.data == spec_bytes("1.2.0")
    assert raw.source == f"{peer.url}/releases/v1.2.0/openapi.json"


def test_a_url_without_a_suffix_is_parsed_by_its_content(tmp_path):
    with Peer() as peer:
        peer.route("/spec", Answer(200, b"openapi: 3.1.0\n"))
        raw = fetch(tmp_path, f'kind = "url"\nurl = "{peer.url}/spec?tag={{tag}}"\n{FAST}', "v1.2.0")
    assert raw.is_yaml and "tag=" not in raw.source  # queries may carry secrets: never shown


def test_a_github_release_asset_is_downloaded_through_the_redirect_to_the_storage_host(tmp_path, github):
    github.release("v1.2.0", spec_bytes("1.2.0"))
    raw = fetch(tmp_path, github_table(github), "v1.2.0")
    assert raw.data == spec_bytes("1.2.0")
    assert raw.source == "github:aviato-media/aviato@v1.2.0/openapi.json"
    assert github.storage.seen[0].path.startswith("/storage/101/openapi.json")


def test_the_token_goes_to_the_api_host_only_never_across_the_redirect(tmp_path, github, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_FAKE_TOKEN_1234")
    github.api.token = "ghp_FAKE_TOKEN_1234"
    github.release("v1.2.0", spec_bytes("1.2.0"))
    fetch(tmp_path, github_table(github), "v1.2.0")
    assert {s.headers.get("authorization") for s in github.api.seen} == {"Bearer ghp_FAKE_TOKEN_1234"}
    assert [s.headers.get("authorization") for s in github.storage.seen] == [None]


def test_the_token_is_not_sent_to_a_redirect_on_the_same_host_but_another_port(tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_FAKE_TOKEN_1234")
    with Peer() as api, Peer() as storage:  # both 127.0.0.1: only the port differs
        fake = FakeGitHub(api, storage)
        fake.release("v1.2.0", spec_bytes("1.2.0"))
        fetch(tmp_path, github_table(fake), "v1.2.0")
    assert [s.headers.get("authorization") for s in storage.seen] == [None]


def test_github_lists_the_tags_of_releases_that_carry_the_asset(tmp_path, github):
    github.release("v1.0.0", spec_bytes("1.0.0"))
    github.release("v1.1.0-rc.1", spec_bytes("1.1.0-rc.1"), prerelease=True)
    github.release("v1.1.0", b"{}", asset="other.json")
    with configured(tmp_path, github_table(github)) as src:
        assert source.list_tags(src) == ["v1.0.0", "v1.1.0-rc.1"]


def test_5xx_answers_are_retried_with_backoff_until_one_succeeds(tmp_path, github):
    answers = [Answer(502), Answer(503), Answer(200, spec_bytes("1.2.0"))]
    github.release("v1.2.0", spec_bytes("1.2.0"), storage=answers)
    assert fetch(tmp_path, github_table(github), "v1.2.0").data == spec_bytes("1.2.0")
    assert github.storage.hits("/storage/101/openapi.json?X-Signature=abc") == 3


def test_a_4xx_answer_is_not_retried(tmp_path, github):
    problem = error_of(lambda: fetch(tmp_path, github_table(github), "v9.9.9")).problems[0]
    assert github.api.hits(f"/repos/{github.repo}/releases/tags/v9.9.9") == 1
    assert problem.code == "source-http-404"


def test_a_connection_error_is_retried_then_reported(tmp_path):
    with Peer() as peer:
        dead = peer.url  # nothing listens there once the peer is stopped
    table = f'kind = "url"\nurl = "{dead}/{{tag}}.json"\n{FAST}'
    problem = error_of(lambda: fetch(tmp_path, table, "v1.2.0")).problems[0]
    assert problem.code == "fetch-failed"
    assert "gave up after 3 attempts" in problem.message and "ConnectError" in problem.message


def test_a_document_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    with Peer() as peer:
        peer.route("/v1.2.0.json", Answer(200, b" " * (2 << 20)))
        table = f'kind = "url"\nurl = "{peer.url}/{{tag}}.json"\nmax_mb = 1\n{FAST}'
        problem = error_of(lambda: fetch(tmp_path, table, "v1.2.0")).problems[0]
    assert problem.code == "fetch-too-large" and "1.0 MB limit" in problem.message


def test_a_large_download_reports_its_progress(tmp_path):
    seen = []
    (tmp_path / "aviato-docs.toml").write_text("")
    with Peer() as peer:
        peer.route("/v1.2.0.json", Answer(200, b" " * (3 << 20)))
        table = f'[sources.it]\nkind = "url"\nurl = "{peer.url}/{{tag}}.json"\n'
        (tmp_path / "aviato-docs.toml").write_text(table)
        with source.configured(tmp_path, "it", lambda name, got, total: seen.append((got, total))) as src:
            source.fetch(source.Ref(src, "v1.2.0"))
    assert seen[-1] == (3 << 20, 3 << 20) and len(seen) > 1


def test_the_server_source_checks_the_running_version_before_downloading(tmp_path):
    with fake_aviato("1.2.0", spec_bytes("1.2.0")) as server:
        table = f'kind = "server"\nurl = "{server.url}"\n{FAST}'
        assert fetch(tmp_path, table, "v1.2.0").data == spec_bytes("1.2.0")
        with configured(tmp_path, table) as src:
            assert source.list_tags(src) == ["v1.2.0"]
        problem = error_of(lambda: fetch(tmp_path, table, "v1.3.0")).problems[0]
        assert server.hits("/api/docs/openapi.json") == 1  # only the first fetch downloaded
    assert problem.code == "source-version-mismatch" and "runs 1.2.0, not v1.3.0" in problem.message


@pytest.mark.parametrize("text, pointer, words", [
    # a misspelt setting is refused, not ignored
    ('[sources.gh]\nkind = "github"\nrepo = "a/b"\nasset = "x"\ntoken_evn = "X"', "/sources/gh/token_evn",
     "no setting"),
    # a kind that does not exist
    ('[sources.gh]\nkind = "gitlab"', "/sources/gh/kind", "one of"),
    # a required setting is missing
    ('[sources.gh]\nkind = "github"\nrepo = "a/b"', "/sources/gh/asset", "needs 'asset'"),
    # several sources and no default
    ('[sources.a]\nkind = "file"\npath = "a"\n[sources.b]\nkind = "file"\npath = "b"', "/default",
     "--source"),
    # a network setting that is not a number
    ('[sources.a]\nkind = "file"\npath = "a"\nretries = "many"', "/sources/a/retries", "a number"),
])
def test_a_bad_configuration_is_refused_with_its_place(tmp_path, text, pointer, words):
    (tmp_path / "aviato-docs.toml").write_text(text)
    problem = error_of(lambda: config.load(tmp_path)).problems[0]
    assert (problem.code, problem.location.pointer) == ("config-invalid", pointer)
    assert words in problem.message


@pytest.mark.parametrize("text, line, pointer", [
    # a misspelt setting, at its own line
    ('default = "a"\n\n[sources.a]\nkind = "url"\nurl = "https://x/{tag}"\nretrys = 2\n', 6,
     "/sources/a/retrys"),
    # a `default` that names no source, at the line of `default`
    ('default = "b"\n[sources.a]\nkind = "file"\npath = "x"\n', 1, "/default"),
    # not TOML: the parser's line, with no pointer
    ('[sources.a]\nkind = \n', 2, ""),
])
def test_a_bad_configuration_names_its_file_and_line(tmp_path, text, line, pointer):
    (tmp_path / "aviato-docs.toml").write_text(text)
    problem = error_of(lambda: config.load(tmp_path)).problems[0]
    assert (problem.location.source, problem.location.line, problem.location.pointer) == (
        str(tmp_path / "aviato-docs.toml"), line, pointer)
    assert problem.code == "config-invalid"


@pytest.mark.parametrize("kind, key", [("url", "url"), ("server", "url"), ("github", "api")])
def test_a_network_source_with_a_file_url_is_a_configuration_error(tmp_path, kind, key):
    extra = '\nrepo = "a/b"\nasset = "x"' if kind == "github" else ""
    url = "file:///etc/{tag}.json" if key == "url" else "file:///etc"
    (tmp_path / "aviato-docs.toml").write_text(f'[sources.a]\nkind = "{kind}"{extra}\n{key} = "{url}"\n')
    caught = error_of(lambda: config.load(tmp_path))
    (problem,) = caught.problems
    assert caught.exit_code == 2 and problem.code == "config-invalid"
    assert problem.location.pointer == f"/sources/a/{key}" and problem.location.line is not None
    assert f"{key} must be an http:// or https:// URL, not '{url}' (for a file, use kind = \"file\")" \
        in problem.message


def test_an_unknown_source_name_lists_the_configured_ones(tmp_path):
    (tmp_path / "aviato-docs.toml").write_text('[sources.github]\nkind = "file"\npath = "x"\n')
    caught = error_of(lambda: config.load(tmp_path, "gitlab"))
    problem = caught.problems[0]
    assert "no source named 'gitlab'" in problem.message and "github" in problem.message
    assert caught.exit_code == 2 and str(tmp_path / "aviato-docs.toml") in problem.message
    assert problem.location.pointer == ""  # the command line is wrong, not `default` in the file


def test_the_project_configuration_defaults_to_aviatos_github_releases():
    from tests.conftest import PROJECT

    settings = config.load(PROJECT)
    assert (settings.name, settings.kind) == ("github", "github")
    assert settings.settings["repo"] == "aviato-media/aviato" and settings.settings["asset"] == "openapi.json"
    assert settings.settings["token_env"] == "GITHUB_TOKEN"


def test_the_progress_display_prints_a_line_per_quarter_in_a_log():
    import io

    from generator.source.progress import DownloadDisplay

    log = io.StringIO()
    display = DownloadDisplay(log)
    for received in range(0, (8 << 20) + 1, 1 << 19):
        display("openapi.json", received, 8 << 20)
    assert log.getvalue().splitlines() == [
        f"aviato-docs: downloading openapi.json: {done:.1f} of 8.0 MB ({done * 100 // 8:.0f}%)"
        for done in (0.0, 2.0, 4.0, 6.0, 8.0)]


FETCH = """
import sys
from pathlib import Path
from generator import source
with source.configured(Path(sys.argv[1]), "it") as src:
    print(len(source.fetch(source.Ref(src, "v1.2.0")).data))
"""


def test_a_retried_download_says_nothing_on_stderr_until_it_has_a_verdict(tmp_path, github):
    answers = [Answer(502), Answer(503), Answer(200, spec_bytes("1.2.0"))]
    github.release("v1.2.0", spec_bytes("1.2.0"), storage=answers)
    (tmp_path / "aviato-docs.toml").write_text(f"[sources.it]\n{github_table(github)}\n")
    done = subprocess.run([sys.executable, "-c", FETCH, str(tmp_path)], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[1], check=False)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"{len(spec_bytes('1.2.0'))}\n", "")
    assert github.storage.hits("/storage/101/openapi.json?X-Signature=abc") == 3


def test_no_retry_pauses_past_the_total_timeout(tmp_path):
    with Peer() as peer:
        peer.route("/v1.2.0.json", Answer(503))
        table = (f'kind = "url"\nurl = "{peer.url}/{{tag}}.json"\n'
                 "retries = 3\nbackoff = 600\ntotal_timeout = 30\n")
        problem = error_of(lambda: fetch(tmp_path, table, "v1.2.0")).problems[0]
        assert peer.hits("/v1.2.0.json") == 1, "the first pause would end past the deadline: not taken"
    assert problem.code == "fetch-timeout"
