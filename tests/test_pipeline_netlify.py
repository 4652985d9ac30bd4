"""Netlify's own build, `netlify build --offline`, from a fresh clone: it proves netlify.toml and its
command on this machine (not Netlify's build image, whose Python and Node versions netlify.toml pins)."""

from __future__ import annotations

import json
import shutil
import subprocess
import tomllib

import pytest

from tests import pipeline_support as ps

pytestmark = pytest.mark.pipeline


@pytest.fixture(scope="session")
def released(tmp_path_factory) -> ps.Released:
    return ps.released(tmp_path_factory)


def test_netlify_build_runs_make_site_into_the_publish_folder(released):
    """`netlify build --offline` reads netlify.toml, runs `make site` and leaves the site it publishes."""
    shutil.rmtree(released.clone / "site")
    done = subprocess.run(["node_modules/.bin/netlify", "build", "--offline"], cwd=released.clone,
                          env=ps.clean_environment(), capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "$ make site" in done.stdout
    versions = json.loads((released.clone / "site" / "versions.json").read_text())
    assert [v["version"] for v in versions if "latest" in v.get("aliases", [])] == [ps.NEW_TAG]


def test_netlify_pins_the_versions_the_release_workflow_sets_up():
    """Netlify's image gets the same Python and Node as the release job (and the ones pyproject allows)."""
    netlify = tomllib.loads((ps.PROJECT / "netlify.toml").read_text())["build"]
    assert netlify["command"] == "make site" and netlify["publish"] == "site"
    environment = netlify["environment"]
    setups = {step["uses"]: step.get("with", {}) for step in ps.job("release.yml", "publish")["steps"] if "uses" in step}
    assert environment["PYTHON_VERSION"] == setups["actions/setup-python@v5"]["python-version"]
    assert environment["NODE_VERSION"] == setups["actions/setup-node@v4"]["node-version"]
    requires = tomllib.loads((ps.PROJECT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == f">={environment['PYTHON_VERSION']}"
    assert environment["UV_PYTHON_DOWNLOADS"] == "never"  # the image's Python, never one uv downloads
