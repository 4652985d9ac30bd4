"""Typed clients from every published document: generated, compiled, and run against the mock server."""

import atexit
import functools
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from generator import clients, pins, render
from generator.clients import python, typescript
from generator.facts import extract
from generator.site.scalar import configuration
from generator.spec import load, read
from tests.conftest import FIXTURES, PROJECT
from tests.mockserver import MockAviato

SPECS = PROJECT / "specs"
CLIENT_FIXTURES = FIXTURES / "clients"


@functools.cache
def cache_dir() -> Path:
    """One cache for this test run (the CLI tests share it), so each release is generated once."""
    folder = Path(tempfile.mkdtemp(prefix="aviato-clients-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@functools.cache
def pinned_outcomes() -> tuple:
    releases = pins.releases(SPECS)
    return tuple(clients.check(PROJECT, [clients.Target(r.spec, r.tag) for r in releases], cache_dir()))


def check_file(name: str) -> clients.Outcome:
    path = CLIENT_FIXTURES / name
    return clients.check(PROJECT, [clients.Target(load(read(path)))], cache_dir())[0]


def result(outcome: clients.Outcome, language: str) -> clients.LanguageResult:
    return next(r for r in outcome.results if r.language == language)


@pytest.fixture(scope="module")
def pinned():
    return pinned_outcomes()


def test_every_pinned_release_generates_typescript_and_python_clients_that_compile(pinned):
    assert [o.target.tag for o in pinned] == [r.tag for r in pins.releases(SPECS)]
    for outcome in pinned:
        assert [p.format() for p in outcome.problems if p.level == "error"] == [], outcome.target.tag
        ts, py = result(outcome, "typescript").stored.folder, result(outcome, "python").stored.folder
        assert "export interface paths" in (ts / typescript.TYPES).read_text()
        assert 'client.POST("/api/libraries/{id}/scan"' in (ts / typescript.USAGE).read_text()
        assert (py / python.PACKAGE / "api" / "libraries" / "scan_library.py").is_file()
        assert "scan_library.sync(" in (py / python.USAGE).read_text()


def test_the_generators_read_the_exact_bytes_the_site_publishes(pinned):
    _, pinned_list = pins.manifest(SPECS)
    pinned_sha = {pin.tag: pin.sha256 for pin in pinned_list}
    for outcome in pinned:
        checked = (cache_dir() / outcome.target.sha256 / "openapi.json").read_bytes()
        assert checked == (SPECS / f"{outcome.target.tag}.json").read_bytes()
        assert hashlib.sha256(checked).hexdigest() == pinned_sha[outcome.target.tag]


def test_the_only_python_warnings_are_the_media_responses_it_cannot_type(pinned):
    for outcome in pinned:
        warnings = [p for p in outcome.problems if p.level == "warning"]
        assert warnings, outcome.target.tag
        for warning in warnings:
            assert warning.code == "python-generation-warning"
            assert warning.location.pointer.startswith(("/paths/~1api~1stream~1", "/paths/~1api~1assets~1"))
            assert "Unsupported content_type" in warning.message and "UntrustedString" not in warning.message
            assert warning.location.line is not None


def test_an_unchanged_release_is_not_generated_again(pinned):
    before = {o.target.tag: result(o, "typescript").stored.folder / typescript.TYPES for o in pinned}
    stamps = {tag: path.stat().st_mtime_ns for tag, path in before.items()}
    again = clients.check(PROJECT, [o.target for o in pinned], cache_dir())
    assert all(outcome.cached for outcome in again)
    assert {tag: path.stat().st_mtime_ns for tag, path in before.items()} == stamps
    assert [p.format() for o in again for p in o.problems] == [p.format() for o in pinned for p in o.problems]


def test_changed_bytes_are_generated_again_and_force_regenerates_a_cached_verdict(tmp_path):
    path = tmp_path / "unresolvable-ref.json"
    path.write_bytes((CLIENT_FIXTURES / "unresolvable-ref.json").read_bytes() + b"\n")
    target = clients.Target(load(read(path)))
    first = clients.check(PROJECT, [target], tmp_path / "cache")[0]
    assert not first.cached
    assert clients.check(PROJECT, [target], tmp_path / "cache")[0].cached
    assert not clients.check(PROJECT, [target], tmp_path / "cache", force=True)[0].cached


def test_a_ref_that_does_not_resolve_fails_with_the_generators_message_at_the_ref():
    outcome = check_file("unresolvable-ref.json")
    pointer = "/paths/~1api~1libraries/get/responses/200/content/application~1json/schema/items"
    line = outcome.target.spec.locate(pointer).line
    ts = [p for p in outcome.problems if "(typescript)" in p.message]
    assert [(p.code, p.level, p.location.pointer, p.location.line) for p in ts] == [
        ("typescript-generation-failed", "error", pointer, line)]
    assert f"openapi-typescript: Can't resolve $ref at #{pointer}" in ts[0].message
    assert ts[0].location.source == str(CLIENT_FIXTURES / "unresolvable-ref.json")
    py = [p for p in outcome.problems if "(python)" in p.message]
    assert [(p.code, p.location.pointer) for p in py] == [("python-generation-warning", pointer)]
    assert "Could not find reference" in py[0].message and "status code 200" in py[0].message


def test_a_document_that_breaks_the_overview_example_fails_where_each_compiler_says():
    outcome = check_file("scan-job-without-status.json")
    ts, py = result(outcome, "typescript"), result(outcome, "python")
    [ts_error] = [p for p in outcome.problems if "(typescript)" in p.message]
    assert ts_error.code == "typescript-compile-error" and "tsc TS2339: Property 'status' does not exist" in ts_error.message
    assert ts_error.location.source.endswith(f"{typescript.NAME}/{typescript.USAGE}")
    assert (ts_error.location.line, ts_error.location.column) == _position(ts.stored.folder / typescript.USAGE, "status")
    assert "docs/developer/clients/list-and-scan.ts.j2" in ts_error.hint
    [py_error] = [p for p in outcome.problems if "(python)" in p.message]
    assert py_error.code == "python-type-error" and '"ScanJob" has no attribute "status"' in py_error.message
    assert (py_error.location.line, py_error.location.column) == _position(py.stored.folder / python.USAGE, "job.status")


def _position(path: Path, text: str) -> tuple[int, int]:
    """The 1-based line and column where `text` last occurs in the file (where its attribute starts)."""
    lines = path.read_text().splitlines()
    number = max(i for i, line in enumerate(lines) if text in line)
    return number + 1, lines[number].rindex(text) + 1


@pytest.mark.parametrize("tag", [release.tag for release in pins.releases(SPECS)])
def test_the_generated_python_client_lists_libraries_and_queues_a_scan_on_the_mock_server(pinned, tag):
    outcome = next(o for o in pinned if o.target.tag == tag)
    folder = result(outcome, "python").stored.folder
    with MockAviato(SPECS / f"{tag}.json") as server:
        assert server.api_key.startswith("avt_")
        code = ("import sys, list_and_scan; job = list_and_scan.list_and_scan(sys.argv[1], sys.argv[2]); "
                "print(job.id, job.status)")
        run = subprocess.run([sys.executable, "-c", code, server.base_url, server.api_key], cwd=folder,
                             capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        assert [(e.method, e.operation_id, e.status) for e in server.exchanges] == [
            ("GET", "listLibraries", 200), ("POST", "scanLibrary", 202)]
        assert server.problems() == []  # openapi-core accepted both requests and both responses
        library_id = server.exchanges[0].json()[0]["id"]
        assert server.exchanges[1].path == f"/api/libraries/{library_id}/scan"
        assert json.loads(server.exchanges[1].request_body) == {"full": False}
        assert run.stdout.split()[0] == server.exchanges[1].json()["id"]


def test_without_an_api_key_the_generated_client_is_refused_by_the_mock_server(pinned):
    outcome = pinned[-1]
    folder = result(outcome, "python").stored.folder
    with MockAviato(SPECS / f"{outcome.target.tag}.json") as server:
        code = "import sys, list_and_scan; list_and_scan.list_and_scan(sys.argv[1], 'avt_wrong')"
        run = subprocess.run([sys.executable, "-c", code, server.base_url], cwd=folder, capture_output=True,
                             text=True, timeout=120)
        assert run.returncode != 0 and "listing the libraries failed" in run.stderr
        assert [(e.operation_id, e.status) for e in server.exchanges] == [("listLibraries", 401)]


def site_url() -> str:
    config = yaml.load((PROJECT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    return config["site_url"].rstrip("/")


@pytest.mark.parametrize("tag", [release.tag for release in pins.releases(SPECS)])
def test_the_overview_shows_the_commands_the_check_runs_on_this_versions_document_url(pinned, tag, tmp_path):
    outcome = next(o for o in pinned if o.target.tag == tag)
    facts = extract(outcome.target.spec)
    context = render.VersionContext(tag, facts, (tag,), tag, configuration(facts, "openapi.json"))
    render.version_tree(PROJECT / "docs", tmp_path, context, outcome.target.spec.raw)
    published = tmp_path / "docs/developer/clients"
    url = f"{site_url()}/{tag}/docs/developer/api/openapi.json"
    ts_commands = (published / "typescript.sh").read_text().replace("\\\n  ", "")
    assert f"npx openapi-typescript {url} -o {typescript.TYPES}\n" in ts_commands
    assert f"npx tsc {' '.join(typescript.TSC_OPTIONS)} {typescript.USAGE}\n" in ts_commands
    py_commands = (published / "python.sh").read_text().replace("\\\n  ", "")
    assert f"generate --meta none --output-path {python.PACKAGE} --url {url}\n" in py_commands
    assert f"mypy {python.PACKAGE} {python.USAGE}\n" in py_commands
    # The examples readers download are the files the compilers checked.
    assert (published / typescript.USAGE).read_text() == \
        (result(outcome, "typescript").stored.folder / typescript.USAGE).read_text()
    assert (published / python.USAGE).read_text() == (result(outcome, "python").stored.folder / python.USAGE).read_text()
