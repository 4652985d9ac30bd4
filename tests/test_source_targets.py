"""One reader of command-line targets (generator.source.resolve) for validate, diff and clients."""

from pathlib import Path

import pytest

from generator import source
from generator.errors import GeneratorError
from tests.peers.git import tagged_repo
from tests.peers.project import spec_bytes

PROJECT = Path(__file__).resolve().parents[1]
SPECS = PROJECT / "specs"


@pytest.mark.parametrize("name", ["v1.2.0", "1.2.0"])  # the tag as pinned, and without its `v`
def test_a_pinned_tag_is_read_in_either_spelling_by_every_command(name):
    for reader in (source.Reader(SPECS), source.Reader(SPECS, PROJECT, code="diff-side")):
        resolved = source.resolve(name, reader)
        assert (resolved.kind, resolved.raw.tag) == ("pin", "v1.2.0")
        assert resolved.raw.source == str(SPECS / "v1.2.0.json")


def test_a_diff_side_may_name_a_pinned_tag_without_its_v(capsys):
    from generator.cli import main
    reports = []
    for old in ("v1.1.0", "1.1.0"):
        reports.append((main(["diff", "--project", str(PROJECT), old, "v1.2.0"]), capsys.readouterr()))
    assert reports[0] == reports[1] and reports[0][1].out.startswith("v1.1.0 -> v1.2.0: ")


def test_a_pinned_releases_file_keeps_its_tag():
    resolved = source.resolve(str(SPECS / "v1.2.0.json"), source.Reader(SPECS))
    assert (resolved.kind, resolved.raw.tag) == ("file", "v1.2.0")


def test_one_size_limit_holds_for_files_and_git_sides():
    reader = source.Reader(SPECS, PROJECT, max_bytes=100)
    for name in (str(SPECS / "v1.2.0.json"), "git:HEAD:specs/v1.2.0.json"):
        with pytest.raises(GeneratorError) as caught:
            source.resolve(name, reader)
        assert "over the 100" in caught.value.problems[0].message  # refused before it is read


def test_urls_and_git_are_targets_only_where_the_command_takes_them():
    with pytest.raises(GeneratorError) as caught:
        source.resolve("git:HEAD:specs/v1.2.0.json", source.Reader(SPECS))
    assert caught.value.exit_code == 2
    assert caught.value.problems[0].code == "target-unknown"


def test_a_git_side_without_git_on_path_cannot_run(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # a folder with no git in it
    with pytest.raises(GeneratorError) as caught:
        source.resolve("git:HEAD:specs/v1.2.0.json", source.Reader(SPECS, PROJECT, code="diff-side"))
    assert caught.value.exit_code == 3
    assert caught.value.problems[0].format().startswith(
        "git:HEAD:specs/v1.2.0.json: error[diff-side-unreadable] cannot run git: ")


def test_the_git_source_and_a_git_side_read_a_file_the_same_way(monkeypatch, tmp_path):
    """One reader of a file at a revision: its size asked first, every revision after --end-of-options."""
    from generator.source import git, kinds
    repo = tagged_repo(tmp_path / "git", {"v1.0.0": {"openapi.json": spec_bytes("1.0.0")}})
    calls = []
    real = git.subprocess.run
    monkeypatch.setattr(git.subprocess, "run", lambda argv, **kw: calls.append(argv[3:]) or real(argv, **kw))
    side = source.resolve("git:refs/tags/v1.0.0:openapi.json", source.Reader(SPECS, repo, code="diff-side"))
    pinned = kinds.Git("here", str(repo), "openapi.json", 1 << 26, 30, ".").fetch("v1.0.0")
    assert side.raw.data == pinned.data == spec_bytes("1.0.0")
    assert calls == [["cat-file", "-s", "--end-of-options", "refs/tags/v1.0.0:openapi.json"],
                     ["cat-file", "blob", "--end-of-options", "refs/tags/v1.0.0:openapi.json"]] * 2


@pytest.mark.parametrize("reader, code, exit_code", [
    (source.Reader(Path("no-such-specs")), "manifest-unreadable", 1),  # diff, clients: a manifest error
    (source.Reader(Path("no-such-specs"), manifest_optional=True), "target-unknown", 2),  # validate: the name
])
def test_a_tag_with_no_manifest_around(reader, code, exit_code):
    with pytest.raises(GeneratorError) as caught:
        source.resolve("v1.2.0", reader)
    assert (caught.value.problems[0].code, caught.value.exit_code) == (code, exit_code)


@pytest.mark.parametrize("kind", ["file", "git", "url"])  # a folder, a git tag, a URL template
def test_every_source_kind_refuses_a_document_over_its_size_limit_in_the_same_words(tmp_path, kind):
    from tests.peers.http import Answer, Peer
    big = spec_bytes("1.2.0") + b" " * (2 << 20)
    (tmp_path / "incoming").mkdir()
    (tmp_path / "incoming" / "v1.2.0.json").write_bytes(big)
    repo = tagged_repo(tmp_path / "git", {"v1.2.0": {"openapi.json": big}})
    with Peer() as peer:
        peer.route("/v1.2.0.json", Answer(200, big))
        table = {"file": 'path = "incoming"', "git": f'repo = "{repo}"\npath = "openapi.json"',
                 "url": f'url = "{peer.url}/{{tag}}.json"\nretries = 0'}[kind]
        (tmp_path / "aviato-docs.toml").write_text(f'[sources.it]\nkind = "{kind}"\n{table}\nmax_mb = 1\n')
        with source.configured(tmp_path, "it") as src, pytest.raises(GeneratorError) as caught:
            source.fetch(source.Ref(src, "v1.2.0"))
    (problem,) = caught.value.problems
    assert (problem.code, caught.value.exit_code) == ("fetch-too-large", 3)
    assert problem.message.endswith(" is 2.0 MB, over the 1.0 MB limit"), problem.message
    assert "max_mb" in problem.hint


def test_a_configured_sources_tag_is_a_target_too_and_an_unsafe_one_is_refused_before_any_read(tmp_path):
    (tmp_path / "incoming").mkdir()
    (tmp_path / "incoming" / "v1.3.0.json").write_bytes(spec_bytes("1.3.0"))
    (tmp_path / "aviato-docs.toml").write_text('[sources.it]\nkind = "file"\npath = "incoming"\n')
    with source.configured(tmp_path, "it") as src:
        resolved = source.resolve("v1.3.0", source.Reader(tmp_path / "specs", source=src))
        assert (resolved.kind, resolved.raw.tag) == ("source", "v1.3.0")
        assert resolved.raw.data == spec_bytes("1.3.0")
        with pytest.raises(GeneratorError) as caught:
            source.resolve("../incoming/v1.3.0", source.Reader(tmp_path / "specs", source=src))
    assert caught.value.problems[0].code == "tag-unsafe"


def test_pull_gets_its_bytes_through_the_one_resolver(tmp_path, monkeypatch):
    from generator.commands import pull as pull_command
    from tests.peers.project import make_project
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "v1.2.0.json").write_bytes(spec_bytes("1.2.0"))
    project = make_project(tmp_path / "project", f'[sources.folder]\nkind = "file"\npath = "{incoming}"\n')
    kinds, real = [], source.resolve
    monkeypatch.setattr(source, "resolve", lambda target, reader: kinds.append(real(target, reader).kind)
                        or real(target, reader))
    pulled = pull_command.pull(project, project / "specs", "v1.2.0")
    assert pulled.status == "pinned" and kinds == ["source"]


def test_validate_with_no_target_reads_every_pinned_release_through_the_one_resolver(monkeypatch):
    from generator.checks import Config
    from generator.checks.targets import validate
    kinds, real = [], source.resolve
    monkeypatch.setattr(source, "resolve", lambda target, reader: kinds.append(real(target, reader).kind)
                        or real(target, reader))
    results = validate([], SPECS, Config())
    assert [r.tag for r in results] == ["v1.0.0", "v1.1.0", "v1.2.0"] and kinds == ["pin"] * 3


def test_clients_with_no_target_read_every_pinned_release_through_the_one_resolver(monkeypatch):
    from generator.commands import clients
    kinds, real = [], source.resolve
    monkeypatch.setattr(source, "resolve", lambda target, reader: kinds.append(real(target, reader).kind)
                        or real(target, reader))
    targets = clients.resolve([], SPECS)
    assert [t.tag for t in targets] == ["v1.0.0", "v1.1.0", "v1.2.0"] and kinds == ["pin"] * 3
