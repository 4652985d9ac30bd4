"""Python packages are locked in uv.lock, and everything that installs them installs from the lock."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests import pipeline_support as ps

pytestmark = pytest.mark.pipeline


def uv() -> str:
    """uv as the Makefile installs it into .venv (or, in a virtualenv made otherwise, from PATH)."""
    beside = Path(sys.executable).parent / "uv"
    found = str(beside) if beside.is_file() else shutil.which("uv")
    assert found, "uv is not installed: `make test` installs it into .venv"
    return found


def lock_check(project: Path, offline: bool = True) -> subprocess.CompletedProcess:
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "NO_COLOR": "1"}
    return subprocess.run([uv(), "lock", "--check", "--quiet", *(["--offline"] if offline else [])],
                          cwd=project, env=env, capture_output=True, text=True, timeout=120)


def copy_of_project_files(target: Path) -> Path:
    for name in ("pyproject.toml", "uv.lock", "README.md"):
        shutil.copy(ps.PROJECT / name, target / name)
    return target


def test_the_lock_agrees_with_pyproject(tmp_path):
    """uv.lock holds exactly what pyproject.toml asks for, every extra included (checked offline)."""
    done = lock_check(copy_of_project_files(tmp_path))
    assert (done.returncode, done.stderr) == (0, "")


def test_a_dependency_added_without_relocking_is_caught(tmp_path):
    """A pyproject.toml edited without `make lock` fails the check and says how to fix it. Telling
    that the lock is out of date takes resolving the new requirement, so this check reads the package
    index (CI reaches the registries): offline, on a machine whose uv cache never saw the package,
    uv can only say that it found no solution."""
    project = copy_of_project_files(tmp_path)
    pyproject = (project / "pyproject.toml").read_text()
    (project / "pyproject.toml").write_text(pyproject.replace('"orjson>=3.10",', '"orjson>=3.10",\n    "rich>=13",'))
    done = lock_check(project, offline=False)
    assert done.returncode == 1
    assert "The lockfile at `uv.lock` needs to be updated" in done.stderr


def test_every_extra_is_locked():
    """The runtime, clients and test extras all resolve in the lock."""
    lock = tomllib.loads((ps.PROJECT / "uv.lock").read_text())
    ours = next(p for p in lock["package"] if p["name"] == "aviato-docs")
    extras = tomllib.loads((ps.PROJECT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    assert sorted(ours["optional-dependencies"]) == sorted(extras)


def test_make_installs_python_packages_from_the_lock_only():
    """The Makefile syncs frozen from uv.lock; its one pip install is uv itself, at the pinned version."""
    makefile = (ps.PROJECT / "Makefile").read_text()
    pip_installs = re.findall(r"pip install[^\n]*", makefile)
    assert pip_installs == ["pip install -q --disable-pip-version-check uv==$(UV_VERSION) >$(VENV)/pip.log 2>&1 \\"]
    assert "SYNC = @$(UV) sync --quiet --frozen --inexact" in makefile
    uv_version = re.search(r"^UV_VERSION := (\S+)$", makefile, re.M).group(1)
    required = tomllib.loads((ps.PROJECT / "pyproject.toml").read_text())["tool"]["uv"]["required-version"]
    assert required == f"=={uv_version}"


def test_the_workflows_install_through_make():
    """No workflow installs Python packages by itself: every setup step is a make target."""
    for workflow in sorted(ps.WORKFLOWS.glob("*.yml")):
        text = workflow.read_text()
        assert "pip install" not in text and "uv sync" not in text and "uv pip" not in text, workflow.name
        assert re.search(r"run: make( -C \S+)? --no-print-directory \.venv/|run: \|\n\s+make \.venv/", text)


def test_make_prints_nothing_when_there_is_nothing_to_do(tmp_path_factory):
    """After the release job set the clone up and built it, `make site` prints nothing."""
    clone = ps.released(tmp_path_factory).clone
    done = subprocess.run(["make", "--no-print-directory", "site"],
                          cwd=clone, env=ps.clean_environment(), capture_output=True, text=True, timeout=600)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
