"""Run a GitHub Actions workflow's `run:` steps as written, on this machine, for the pipeline tests.

The steps run in order with GitHub's `shell: bash` (`bash --noprofile --norc -eo pipefail`), the
files GitHub gives every step ($GITHUB_OUTPUT, $GITHUB_ENV, $GITHUB_PATH, $GITHUB_STEP_SUMMARY,
$RUNNER_TEMP), and `${{ ... }}` expressions in `env:` and `if:` taken from a table the test gives (or
from the outputs of earlier steps). `uses:` steps are the test's to stand in for: it says what
replaces each. The release workflow runs once per test run, in a fresh clone that the pipeline
tests after it share (its .venv, node_modules and caches), so they add minutes, not tens of minutes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
WORKFLOWS = PROJECT / ".github" / "workflows"
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
STEP_OUTPUT = re.compile(r"^steps\.([\w-]+)\.outputs\.([\w-]+)$")


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def job(workflow_name: str, job_name: str) -> dict:
    """A job of a workflow, with the workflow's `defaults` when it has none of its own."""
    document = workflow(workflow_name)
    return {"defaults": document.get("defaults", {}), **document["jobs"][job_name]}


@dataclass
class StepRun:
    name: str
    returncode: int | None  # None: skipped (a `uses:` step, or its `if:` was false)
    stdout: str = ""
    stderr: str = ""


@dataclass
class JobRun:
    steps: list[StepRun] = field(default_factory=list)
    summary: str = ""

    @property
    def failed(self) -> StepRun | None:
        return next((s for s in self.steps if s.returncode not in (0, None)), None)

    def report(self) -> str:
        return "\n".join(f"--- {s.name}: exit {s.returncode}\n{s.stdout}{s.stderr}" for s in self.steps)


class Runner:
    """One job of one workflow, run step by step in `workdir` (the job's checkout)."""

    def __init__(self, job: dict, workdir: Path, temp: Path, expressions: dict[str, str], shims: Path | None = None):
        self.job, self.workdir, self.temp = job, workdir, temp
        self.expressions, self.outputs = dict(expressions), {}
        self.env, self.path = {}, []  # what earlier steps added through $GITHUB_ENV and $GITHUB_PATH
        self.shims = shims
        self.summary = temp / "step-summary.md"
        self.summary.write_text("")

    def value(self, text: str) -> str:
        return EXPRESSION.sub(lambda m: self.evaluate(m.group(1)), str(text))

    def evaluate(self, expression: str) -> str:
        step = STEP_OUTPUT.match(expression)
        if step:
            return self.outputs.get(step.group(1), {}).get(step.group(2), "")
        if expression not in self.expressions:
            raise AssertionError(f"the test gives no value for the workflow's expression ${{{{ {expression} }}}}")
        return self.expressions[expression]

    def run(self) -> JobRun:
        result = JobRun()
        shell = self.job["defaults"].get("run", {}).get("shell")
        assert shell == "bash", "the steps run as `shell: bash` (-eo pipefail), which the workflow must say"
        for number, step in enumerate(self.job["steps"]):
            name = step.get("name") or step.get("uses") or f"step {number}"
            condition = step.get("if")
            if "uses" in step or (condition is not None and self.evaluate(_bare(condition)) != "true"):
                result.steps.append(StepRun(name, None))
                continue
            run = self.step(step, name)
            result.steps.append(run)
            if run.returncode != 0 and not step.get("continue-on-error"):
                break
        result.summary = self.summary.read_text()
        return result

    def step(self, step: dict, name: str) -> StepRun:
        script = step["run"]
        assert not EXPRESSION.search(script), f"{name}: an expression spliced into a script is injectable"
        files = {key: self.temp / f"{key.lower()}.txt" for key in ("GITHUB_OUTPUT", "GITHUB_ENV", "GITHUB_PATH")}
        for path in files.values():
            path.write_text("")
        env = {**clean_environment(), **self.env}
        for scope in (self.job.get("env", {}), step.get("env", {})):
            env.update({key: self.value(value) for key, value in scope.items()})
        env.update({key: str(path) for key, path in files.items()})
        env.update(GITHUB_STEP_SUMMARY=str(self.summary), RUNNER_TEMP=str(self.temp), CI="true")
        path = ([str(self.shims)] if self.shims else []) + self.path + [env["PATH"]]
        env["PATH"] = os.pathsep.join(path)
        cwd = self.workdir / step.get("working-directory", ".")
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd,
                              env=env, capture_output=True, text=True, timeout=900)
        self.outputs[step.get("id", name)] = _key_values(files["GITHUB_OUTPUT"].read_text())
        self.env.update(_key_values(files["GITHUB_ENV"].read_text()))
        self.path = files["GITHUB_PATH"].read_text().splitlines()[::-1] + self.path  # the last added comes first
        return StepRun(name, done.returncode, done.stdout, done.stderr)


def clean_environment() -> dict[str, str]:
    """This process's environment without what points into this project (its virtualenv, node_modules,
    PYTHONPATH): a clone must run its own installs."""
    own = [PROJECT, (PROJECT / ".venv").resolve(), (PROJECT / "node_modules").resolve()]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTEST_CURRENT_TEST")}
    env["PATH"] = os.pathsep.join(entry for entry in env["PATH"].split(os.pathsep)
                                  if not any(Path(entry).resolve().is_relative_to(o) for o in own))
    return env


def _bare(condition: str) -> str:
    match = EXPRESSION.fullmatch(condition.strip())
    return match.group(1) if match else condition.strip()


def _key_values(text: str) -> dict[str, str]:
    """GitHub's `name=value` lines and `name<<DELIMITER` blocks."""
    values, lines = {}, iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            key, delimiter = line.split("<<", 1)
            block = []
            for inner in lines:
                if inner == delimiter:
                    break
                block.append(inner)
            values[key] = "\n".join(block)
        elif "=" in line:
            key, value = line.split("=", 1)
            values[key] = value
    return values


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def fresh_clone(target: Path) -> Path:
    """A clone of this project as it is on disk (uncommitted changes committed in the clone)."""
    git("clone", "--quiet", str(PROJECT), str(target), cwd=PROJECT)
    changed = git("ls-files", "-z", "--modified", "--others", "--exclude-standard", cwd=PROJECT).split("\0")
    for name in filter(None, changed):
        source, copy = PROJECT / name, target / name
        if source.is_symlink() or not source.is_file():
            continue  # .venv and node_modules of a worktree, say: installed in the clone instead
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, copy)
    for name in filter(None, git("ls-files", "-z", "--deleted", cwd=PROJECT).split("\0")):
        (target / name).unlink(missing_ok=True)
    git("add", "--all", cwd=target)
    git("-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "--quiet", "--allow-empty",
        "-m", "the working tree under test", cwd=target)
    git("checkout", "--quiet", "-B", "main", cwd=target)
    return target


# What stands in for each `uses:` step of the release job when it runs here.
RELEASE_STAND_INS = {
    "actions/checkout@v4": "the fresh clone",
    "actions/setup-python@v5": "this machine's python3 (3.11)",
    "actions/setup-node@v4": "this machine's node (20)",
    "actions/cache@v4": "uv's cache in ~/.cache/uv, shared by every clone here",
}
RELEASE_EXPRESSIONS = {
    "github.event.client_payload.tag || inputs.tag": "v1.3.0",
    "inputs.source || 'github'": "folder",  # incoming/v1.3.0.json instead of GitHub's release asset
    "secrets.AVIATO_RELEASES_TOKEN || github.token": "ghs_release_test_token",
    "secrets.NETLIFY_AUTH_TOKEN": "netlify_release_test_token",
    "secrets.NETLIFY_SITE_ID": "release-test-site",
}
NEW_TAG, PREVIOUS_TAG = "v1.3.0", "v1.2.0"


@dataclass
class Released:
    clone: Path
    remote: Path
    job: JobRun
    deploys: Path  # what the `netlify` stand-in was called with


_RELEASED: dict[str, Released] = {}


def released(tmp_path_factory) -> Released:
    """The release workflow, run once per test run in a fresh clone: the clone is shared by the pipeline
    tests after it (its .venv, node_modules and caches), so the release job always sets up from nothing."""
    if "run" not in _RELEASED:
        _RELEASED["run"] = _release(tmp_path_factory.mktemp("release"))
    return _RELEASED["run"]


def _release(root: Path) -> Released:
    clone, remote = fresh_clone(root / "checkout"), root / "remote.git"
    git("init", "--quiet", "--bare", str(remote), cwd=root)
    git("remote", "set-url", "origin", str(remote), cwd=clone)
    git("push", "--quiet", "-u", "origin", "main", cwd=clone)
    (clone / "incoming").mkdir()
    (clone / "incoming" / f"{NEW_TAG}.json").write_text(json.dumps(new_release(clone), indent=2))
    publish = job("release.yml", "publish")
    assert uses(publish) == list(RELEASE_STAND_INS), "a new `uses:` step needs its stand-in here"
    deploys = root / "netlify-calls.txt"
    shim(root / "shims", "netlify", deploys)
    temp = root / "runner-temp"
    temp.mkdir()
    run = Runner(publish, clone, temp, RELEASE_EXPRESSIONS, shims=root / "shims").run()
    return Released(clone, remote, run, deploys)


def new_release(clone: Path) -> dict:
    """v1.3.0: v1.2.0 with deleteUser removed without a release deprecating it (a policy error)."""
    document = json.loads((clone / "specs" / f"{PREVIOUS_TAG}.json").read_text())
    document["info"]["version"] = NEW_TAG.removeprefix("v")
    del document["paths"]["/api/users/{id}"]["delete"]
    return document


def uses(job_: dict) -> list[str]:
    return [step["uses"] for step in job_["steps"] if "uses" in step]


def shim(folder: Path, name: str, log: Path) -> None:
    """A stand-in for a command: records its arguments (one call a line) and exits 0."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f'#!/bin/sh\nprintf "%s\\n" "{name} $*" >> "{log}"\n')
    path.chmod(0o755)
