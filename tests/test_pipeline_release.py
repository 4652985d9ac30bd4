"""The release workflow, run as written: its `run:` steps in order in a fresh clone, the release's spec
from a folder source, the push to a local bare remote, `netlify deploy` stood in for by a shim."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests import pipeline_support as ps

pytestmark = pytest.mark.pipeline


@pytest.fixture(scope="session")
def released(tmp_path_factory) -> ps.Released:
    return ps.released(tmp_path_factory)


def test_every_step_of_the_release_workflow_succeeds(released):
    """The release job publishes a new tag: every run: step exits 0, the typed-client gate included."""
    assert released.job.failed is None, released.job.report()
    ran = [step.name for step in released.job.steps if step.returncode is not None]
    assert len(ran) == 6, ran


def test_the_new_pin_is_committed_and_pushed(released):
    """The pin of v1.3.0 reaches the remote: the spec's bytes and its manifest entry, in one commit."""
    subject = ps.git("log", "-1", "--format=%s", "main", cwd=released.remote).strip()
    assert subject == f"Pin Aviato {ps.NEW_TAG}"
    files = ps.git("show", "--name-only", "--format=", "main", cwd=released.remote).split()
    assert sorted(files) == ["specs/manifest.json", f"specs/{ps.NEW_TAG}.json"]
    pushed = ps.git("show", f"main:specs/{ps.NEW_TAG}.json", cwd=released.remote)
    assert pushed == (released.clone / "incoming" / f"{ps.NEW_TAG}.json").read_text()
    manifest = json.loads(ps.git("show", "main:specs/manifest.json", cwd=released.remote))
    assert [r["tag"] for r in manifest["releases"]][-1] == ps.NEW_TAG


def test_the_site_is_built_with_the_new_release_as_latest(released):
    """site/ holds every version, the new one aliased as latest."""
    versions = json.loads((released.clone / "site" / "versions.json").read_text())
    latest = [v["version"] for v in versions if "latest" in v.get("aliases", [])]
    assert latest == [ps.NEW_TAG]
    assert (released.clone / "site" / ps.NEW_TAG / "docs" / "developer" / "index.html").is_file()


def test_the_job_summary_holds_the_changelog_with_its_policy_findings(released):
    """The summary is `diff PREVIOUS NEW --format markdown`; the policy error in it did not stop the release."""
    diff = subprocess.run([".venv/bin/aviato-docs", "diff", ps.PREVIOUS_TAG, ps.NEW_TAG, "--format", "markdown"],
                          cwd=released.clone, env=ps.clean_environment(), capture_output=True, text=True)
    assert diff.returncode == 1, diff.stderr  # the policy error
    assert released.job.summary == diff.stdout
    assert "operation-removed-without-deprecation" in released.job.summary
    changelog_step = next(s for s in released.job.steps if s.name.startswith("Changelog"))
    assert "::warning title=Versioning policy::" in changelog_step.stdout


def test_the_site_as_built_is_deployed_to_netlify(released):
    """The deploy step ships site/ without building it again, named after the release."""
    calls = released.deploys.read_text().splitlines()
    assert calls == [f"netlify deploy --prod --no-build --dir site --message Aviato {ps.NEW_TAG}"]


def test_the_previous_release_of_a_tag_is_the_stable_one_before_it(tmp_path):
    """A changelog is against the last stable pin before the tag; the first release has none."""
    manifest = {"releases": [{"tag": tag, "file": f"{tag}.json", "sha256": "0" * 64, "size": 1, "source": "test",
                              "pulled_at": "2026-01-01T00:00:00Z"}
                             for tag in ("v1.0.0", "v1.10.0", "v1.2.0", "v1.11.0-rc.1", "v1.11.0")]}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    script = ps.PROJECT / ".github" / "scripts" / "previous_release.py"
    cases = {
        "v1.11.0": "v1.10.0",  # the release candidate is skipped
        "v1.11.0-rc.1": "v1.10.0",  # a prerelease is compared with the stable release before it
        "v1.10.0": "v1.2.0",  # version order, not text order
        "v1.0.0": "",  # the first release: no changelog
    }
    for tag, previous in cases.items():
        done = subprocess.run([sys.executable, str(script), tag, str(tmp_path)], capture_output=True, text=True,
                              cwd=ps.PROJECT)
        assert (done.returncode, done.stdout.strip(), done.stderr) == (0, previous, ""), tag
