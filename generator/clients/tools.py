"""The generators and compilers the checks run, where they are installed, and which versions they are."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from generator.errors import EXIT_CANNOT_RUN, Location, fail

# Bump when the checks change in a way that makes earlier cached verdicts stale.
CHECKS_REVISION = 1
TOOL_TIMEOUT = 600  # seconds; GitHub's 13 MB description takes well under that
NODE_PACKAGES = ("openapi-typescript", "typescript", "openapi-fetch", "openapi-typescript-helpers")
PYTHON_PACKAGES = ("openapi-python-client", "mypy")


@dataclass(frozen=True)
class Toolset:
    project: Path
    python: str  # the interpreter that has openapi-python-client and mypy
    versions: dict  # package -> version, for the cache fingerprint and the report
    shared_cache: Path | None = None  # tools' own caches, shared by every document (mypy's)

    @property
    def node_modules(self) -> Path:
        return self.project / "node_modules"

    @property
    def openapi_typescript(self) -> Path:
        return self.node_modules / ".bin" / "openapi-typescript"

    @property
    def tsc(self) -> Path:
        return self.node_modules / ".bin" / "tsc"

    def fingerprint(self, language: str, usage: str | None) -> str:
        """What a cached verdict depends on besides the spec: the tools, the checks, the usage file."""
        data = json.dumps([CHECKS_REVISION, language, self.versions, usage], sort_keys=True)
        return hashlib.sha256(data.encode()).hexdigest()


def find(project: Path) -> Toolset:
    """The installed tools; missing ones stop the check with what to install (exit 3)."""
    versions = {}
    for package in NODE_PACKAGES:
        manifest = project / "node_modules" / package / "package.json"
        try:
            versions[package] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        except (OSError, ValueError, KeyError) as e:
            raise fail("client-tool-missing", f"the npm package {package} is not installed",
                       Location(str(manifest)), hint="run `npm ci` (or `make test`, which does)",
                       exit_code=EXIT_CANNOT_RUN) from e
    for package in PYTHON_PACKAGES:
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError as e:
            raise fail("client-tool-missing", f"the Python package {package} is not installed",
                       Location(sys.executable), hint="make .venv/.clients (the clients extra, from uv.lock)",
                       exit_code=EXIT_CANNOT_RUN) from e
    return Toolset(project, sys.executable, versions)


def run(argv: list, cwd: Path, timeout: float = TOOL_TIMEOUT) -> subprocess.CompletedProcess:
    """Run one tool; its output is the verdict, so a non-zero exit is not an exception here."""
    try:
        return subprocess.run([str(a) for a in argv], cwd=cwd, capture_output=True, text=True,
                              timeout=timeout, stdin=subprocess.DEVNULL)
    except FileNotFoundError as e:
        raise fail("client-tool-missing", f"cannot run {argv[0]}: {e.strerror}", Location(str(argv[0])),
                   hint="node and the project's npm packages are needed: `npm ci`",
                   exit_code=EXIT_CANNOT_RUN) from e
    except subprocess.TimeoutExpired as e:
        return subprocess.CompletedProcess(e.cmd, -1, "", f"timed out after {timeout:g} s")
