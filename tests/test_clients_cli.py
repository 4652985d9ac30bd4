"""`aviato-docs clients check`: exact output and exit codes, on the cache test_clients fills."""

import hashlib
import json

from generator import clients, pins
from generator.cli import main
from generator.errors import EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from generator.spec import load, read
from tests.conftest import PROJECT
from tests.test_clients import CLIENT_FIXTURES, SPECS, cache_dir, pinned_outcomes


def check(*args: str) -> int:
    return main(["clients", "check", "--project", str(PROJECT), "--cache", str(cache_dir()), *args])


def test_every_pinned_release_is_checked_when_none_is_named_and_warnings_alone_exit_0(capsys):
    pinned_outcomes()  # generated once for both test modules
    assert check() == EXIT_OK
    out, err = capsys.readouterr()
    assert {line.split(": ", 1)[1].split(" ", 1)[0] for line in out.splitlines()} == {
        "warning[python-generation-warning]"}
    summaries = [line for line in err.splitlines() if "compiles" in line]
    assert summaries == [f"aviato-docs: {tag}: typescript compiles, python type-checks (6 warnings) [cached]"
                         for tag in ("v1.0.0", "v1.1.0", "v1.2.0")]


def test_fail_on_warning_turns_the_generators_warnings_into_exit_1(capsys):
    pinned_outcomes()
    assert check("1.2.0", "--fail-on", "warning", "--quiet") == EXIT_FINDINGS
    out, err = capsys.readouterr()
    assert len(out.splitlines()) == 6 and err == ""
    assert all(line.startswith(f"{SPECS / 'v1.2.0.json'}:") for line in out.splitlines())


def test_a_document_that_breaks_generation_exits_1_with_the_message_at_its_line(capsys):
    path = CLIENT_FIXTURES / "unresolvable-ref.json"
    pointer = "/paths/~1api~1libraries/get/responses/200/content/application~1json/schema/items"
    where = load(read(path)).locate(pointer)
    assert check(str(path), "--quiet") == EXIT_FINDINGS
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (f"{path}:{where.line}:{where.column}: error[typescript-generation-failed] {path} (typescript): "
                     f"openapi-typescript: Can't resolve $ref at #{pointer} (at {pointer})")


def test_json_output_gives_each_versions_languages_and_every_problems_fields(capsys):
    path = CLIENT_FIXTURES / "scan-job-without-status.json"
    assert check(str(path), "--format", "json") == EXIT_FINDINGS
    report = json.loads(capsys.readouterr().out)
    [version] = report["versions"]
    assert version["label"] == str(path) and version["tag"] is None
    assert {name: lang["ok"] for name, lang in version["languages"].items()} == {"typescript": False, "python": False}
    assert [(p["code"], p["location"]["line"] is not None) for p in report["problems"]] == [
        ("typescript-compile-error", True), ("python-type-error", True)]


def test_a_name_that_is_neither_a_file_nor_a_pinned_tag_is_a_usage_error(capsys):
    assert check("v0.0.9") == EXIT_USAGE
    assert capsys.readouterr().err == f"v0.0.9: error[target-unknown] v0.0.9 is neither a file nor a pinned tag in {SPECS}\n"


def test_without_the_generators_installed_the_check_cannot_run(tmp_path, capsys):
    code = main(["clients", "check", "--project", str(tmp_path), str(CLIENT_FIXTURES / "unresolvable-ref.json")])
    assert code == EXIT_CANNOT_RUN
    err = capsys.readouterr().err
    assert "error[client-tool-missing] the npm package openapi-typescript is not installed" in err
    assert "hint: run `npm ci`" in err


def test_an_unknown_action_is_a_usage_error(capsys):
    assert main(["clients", "generate"]) == EXIT_USAGE


def test_the_build_gate_passes_every_pinned_release_and_reports_its_warnings_in_one_line_each():
    pinned_outcomes()
    lines = []
    outcomes = clients.gate(PROJECT, pins.releases(SPECS), lines.append, cache_dir())
    assert all(outcome.cached for outcome in outcomes)
    assert lines == [f"{tag}: the clients compile, with 6 generator warnings (aviato-docs clients check {tag} lists them)"
                     for tag in ("v1.0.0", "v1.1.0", "v1.2.0")]


def test_build_with_check_clients_stops_before_writing_when_a_versions_clients_do_not_compile(tmp_path, capsys):
    specs, site = tmp_path / "specs", tmp_path / "site"
    specs.mkdir()
    data = (CLIENT_FIXTURES / "scan-job-without-status.json").read_bytes()  # info.version v9.0.0
    (specs / "v9.0.0.json").write_bytes(data)
    (specs / "manifest.json").write_text(json.dumps({"releases": [{
        "tag": "v9.0.0", "file": "v9.0.0.json", "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
        "source": "file:tests/fixtures/clients", "pulled_at": "2026-01-01T00:00:00Z"}]}))
    code = main(["build", "--project", str(PROJECT), "--specs", str(specs), "--site", str(site), "--quiet",
                 "--check-clients"])
    assert code == EXIT_FINDINGS and not site.exists()
    err = capsys.readouterr().err
    assert "list-and-scan.ts:22:35: error[typescript-compile-error] v9.0.0 (typescript): tsc TS2339" in err
    assert "list_and_scan.py:25:31: error[python-type-error] v9.0.0 (python): mypy [attr-defined]" in err
