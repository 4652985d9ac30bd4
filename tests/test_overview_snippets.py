"""The overview's quick examples, executed: each snippet of each pinned release runs (curl, Node's
fetch, Python httpx) against a mock Aviato built from the document that release publishes, and
openapi-core checks every request the snippet sends and every response it reads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.facts import ApiFacts, extract
from generator.spec import Spec
from tests.mockserver import MockAviato
from tests.overview_support import OVERVIEW, SNIPPETS, pinned_releases, render_tree

PLACEHOLDER_KEY = "avt_3f9a1c0e5b7d4e2f8a6c9b1d3e5f7a9c0b2d4e6f"  # as the snippets print it
LANGUAGES = {  # language: (published file, interpreter)
    "curl": ("list-and-scan.sh", ["bash"]),
    "javascript": ("list-and-scan.mjs", ["node"]),
    "python": ("list-and-scan.py", [sys.executable]),
}
# The response fields the snippets read, per operation; every pinned spec must define each one.
READS = {"listLibraries": ("[].id",), "scanLibrary": ("id", "status")}
TAGS = [release.tag for release in pinned_releases()]


@dataclass
class Site:
    tree: Path  # the rendered docs tree of one release
    spec: Spec
    facts: ApiFacts
    server: MockAviato

    def snippet(self, language: str) -> str:
        return (self.tree / SNIPPETS / LANGUAGES[language][0]).read_text()


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    built = {}
    for release in pinned_releases():
        tree = render_tree(release.spec, release.tag, tmp_path_factory.mktemp(release.tag))
        server = MockAviato(tree / "docs/developer/api/openapi.json")  # the document the site publishes
        server.start()
        built[release.tag] = Site(tree, release.spec, extract(release.spec), server)
    yield built
    for site in built.values():
        site.server.stop()


def failures(site: Site, language: str, source: str, folder: Path) -> list[str]:
    """Run one snippet against the site's mock server; what went wrong, or nothing."""
    server = site.server
    server.clear()
    if site.facts.server_url not in source or PLACEHOLDER_KEY not in source:
        return [f"the snippet lacks the placeholders {site.facts.server_url!r} and {PLACEHOLDER_KEY!r}"]
    name, interpreter = LANGUAGES[language]
    script = folder / name
    script.write_text(source.replace(site.facts.server_url, server.base_url).replace(PLACEHOLDER_KEY, server.api_key))
    # Only PATH: no proxy variables, so every client goes straight to 127.0.0.1.
    run = subprocess.run([*interpreter, str(script)], capture_output=True, text=True, timeout=60,
                         env={"PATH": os.environ["PATH"]}, cwd=folder)
    found = server.problems()
    if run.returncode != 0:
        found.append(f"exited with {run.returncode}: {run.stderr.strip()[-600:]}")
    calls = [(e.method, e.operation_id, e.status) for e in server.exchanges]
    if calls != [("GET", "listLibraries", 200), ("POST", "scanLibrary", 202)]:
        return found + [f"expected a list and a scan, got {calls}"]
    library_id = server.exchanges[0].json()[0]["id"]
    if server.exchanges[1].path != f"/api/libraries/{library_id}/scan":
        found.append(f"scanned {server.exchanges[1].path}, not the first library listed ({library_id})")
    job = server.exchanges[1].json()
    expected = f"scan {job['id']} is {job['status']}"
    if run.stdout.strip() != expected:
        found.append(f"printed {run.stdout.strip()!r} where the response says {expected!r}")
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("tag", TAGS)
def test_each_snippet_of_each_release_runs_against_that_release_and_conforms(tag, language, sites, tmp_path):
    site = sites[tag]
    assert failures(site, language, site.snippet(language), tmp_path) == []


@pytest.mark.parametrize("language, original, broken, why", [
    # reads `state`, which ScanJob does not define: KeyError
    ("python", "job['status']", "job['state']", "exited with 1"),
    # the same in JavaScript prints `undefined` instead of the status
    ("javascript", "job.status", "job.state", "where the response says"),
    # jq prints `null` for a field the response does not have
    ("curl", r"\(.status)", r"\(.state)", "where the response says"),
    # reads the library's name where the id belongs: the spec rejects the path parameter
    ("curl", ".[0].id", ".[0].name", "request: InvalidParameter"),
    # sends a body the spec rejects: `full` is a boolean
    ("python", '{"full": False}', '{"full": "no"}', "request: "),
    # forgets the credential: the spec requires bearerAuth on both operations
    ("javascript", "{ headers }", "{}", "SecurityValidationError"),
])
def test_a_snippet_that_strays_from_the_spec_fails(language, original, broken, why, sites, tmp_path):
    site = sites[TAGS[-1]]
    source = site.snippet(language)
    assert original in source
    found = failures(site, language, source.replace(original, broken), tmp_path)
    assert any(why in finding for finding in found), found


@pytest.mark.parametrize("tag", TAGS)
def test_every_field_the_snippets_read_is_defined_by_the_spec(tag, sites):
    spec = sites[tag].spec
    for operation_id, fields in READS.items():
        schema = success_schema(spec, operation_id)
        assert [f for f in fields if not defines(spec, schema, f)] == [], (tag, operation_id)


def test_the_field_check_notices_a_field_the_spec_does_not_define(sites):
    spec = sites[TAGS[-1]].spec
    assert not defines(spec, success_schema(spec, "scanLibrary"), "state")
    assert not defines(spec, success_schema(spec, "listLibraries"), "id")  # an array: its items have it


@pytest.mark.parametrize("tag", TAGS)
def test_the_page_shows_exactly_the_snippets_that_run(tag, sites):
    site = sites[tag]
    page = (site.tree / OVERVIEW).read_text()
    for language, (name, _) in LANGUAGES.items():
        assert textwrap.indent(site.snippet(language).strip(), "    ") in page, language
        assert f"(examples/{name})" in page  # and links the file it shows


def test_the_tools_the_snippets_need_are_installed():
    assert [tool for tool in ("bash", "curl", "jq", "node") if shutil.which(tool) is None] == []


def success_schema(spec: Spec, operation_id: str) -> dict:
    for item in spec.document["paths"].values():
        for operation in spec.resolve(item).values():
            if isinstance(operation, dict) and operation.get("operationId") == operation_id:
                code = min(c for c in operation["responses"] if c.startswith("2"))
                response = spec.resolve(operation["responses"][code])
                return spec.resolve(response["content"]["application/json"]["schema"])
    raise AssertionError(f"no operation {operation_id}")


def defines(spec: Spec, schema: object, dotted: str) -> bool:
    """Whether a schema defines the field at `dotted` (`[]` steps into array items)."""
    for part in dotted.split("."):
        schema = spec.resolve(schema)
        if part == "[]":
            schema = schema.get("items") if schema.get("type") == "array" else None
        else:
            schema = properties(spec, schema).get(part)
        if schema is None:
            return False
    return True


def properties(spec: Spec, schema: dict) -> dict:
    found = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        found.update(properties(spec, spec.resolve(part)))
    return found
