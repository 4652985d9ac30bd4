"""Validating a spec: `aviato-docs validate` against openapi-spec-validator and Redocly's lint, same run.

Each tool runs in its own subprocess on the same file, timed from start to exit, with its peak
memory read from the kernel (ru_maxrss of that child). On GitHub's REST description (13 MB, 1,223
operations) and on a small spec with one of each known defect, every finding openapi-spec-validator
reports must have a counterpart among ours. Synthetic specs of 1k, 5k and 20k operations show how
time and memory grow. Ours is the median of three runs; the others run once. CPU time (user + system)
is reported beside wall time, because other work on a shared machine moves wall time more.
Slow (openapi-spec-validator takes tens of seconds on GitHub's spec): run it once, not in a loop.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import orjson

from benchmarks import Row, scratch

PROJECT = Path(__file__).resolve().parent.parent
GITHUB = PROJECT / "node_modules" / "@octokit" / "openapi" / "generated" / "api.github.com.json"
KNOWN_DEFECTS = PROJECT / "tests" / "fixtures" / "checks" / "known-defects.json"
REDOCLY = PROJECT / "node_modules" / ".bin" / "redocly"
SYNTHETIC_SIZES = (1_000, 5_000, 20_000)

# openapi-spec-validator as its CLI runs it (`--validation-errors all`), printing each error as JSON.
# The document-schema errors carry document paths; the keyword validators' errors carry none.
OSV_DRIVER = """
import json, sys
from openapi_spec_validator.readers import read_from_filename
from openapi_spec_validator.shortcuts import get_validator_cls
spec, base_uri = read_from_filename(sys.argv[1])
validator = get_validator_cls(spec)(spec, base_uri=base_uri)
def dump(kind, errors):
    try:
        for e in errors:
            path = [str(p) for p in e.absolute_path]
            print(json.dumps({"kind": kind, "type": type(e).__name__, "path": path, "message": e.message}))
    except Exception as e:
        print(json.dumps({"kind": "crash", "type": type(e).__name__, "path": [], "message": str(e)}))
dump("document", validator.schema_validator.iter_errors(validator.schema))
dump("keyword", validator.root_validator(validator.schema_path))
"""

# What each of openapi-spec-validator's path-less findings is called here.
_RULES_FOR = {
    "DuplicateOperationIDError": {"operation-id-unique"},
    "UnresolvableParameterError": {"path-parameter-missing", "path-parameter-unused"},
    "ParameterDuplicateError": {"parameter-duplicate"},
    "ExtraParametersError": {"schema-required-undefined"},
}
_SCHEMA_RULES = {"schema-invalid", "schema-default-invalid", "example-invalid", "openapi-schema"}


# A fresh, small interpreter starts each tool and reports its peak memory: a child forked straight
# from this process would count this process's memory (GitHub's spec, loaded) in its own ru_maxrss.
# It reports the tool's exit code too, and keeps the tool's stderr in a file for a failure's message.
LAUNCHER = """
import os, subprocess, sys, time
start = time.perf_counter()
with open(sys.argv[2], "wb") as errors:
    try:
        process = subprocess.Popen(sys.argv[3:], cwd=sys.argv[1], stdout=sys.stdout, stderr=errors)
    except OSError as e:
        sys.exit(f"cannot start {sys.argv[3]}: {e.strerror}")
    _, status, usage = os.wait4(process.pid, 0)
cpu = usage.ru_utime + usage.ru_stime
print(f"\\n{os.waitstatus_to_exitcode(status)} {time.perf_counter() - start} {cpu} {usage.ru_maxrss / 1024}",
      file=sys.stderr)
"""
RUNS = 3  # ours is short enough to take the median of; the others run once (they take tens of seconds)


class BaselineFailed(RuntimeError):
    """A tool did not run to a verdict (missing, crashed, exited with an unexpected code): its timing and
    findings would be no baseline, so the benchmark stops here rather than report them."""


@dataclass(frozen=True)
class Run:
    seconds: float  # wall clock, start to exit
    cpu: float  # user + system seconds
    peak_mb: float
    out: str


def measure(tool: str, command: list[str], cwd: Path = PROJECT, env: dict | None = None,
            exit_codes: tuple[int, ...] = (0,)) -> Run:
    """One subprocess, timed and measured by a small launcher process; raises `BaselineFailed` naming
    `tool` when it cannot start or exits with a code other than `exit_codes`."""
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile() as errors:
        launched = subprocess.run([sys.executable, "-c", LAUNCHER, str(cwd), errors.name, *command],
                                  stdout=out, stderr=subprocess.PIPE, env={**os.environ, **(env or {})},
                                  check=False)
        report = launched.stderr.decode(errors="replace")
        said = report.split()
        if launched.returncode != 0 or len(said) < 4:
            raise BaselineFailed(f"{tool}: {report.strip() or 'did not run'}")
        code, seconds, cpu, peak = int(said[-4]), *map(float, said[-3:])
        if code not in exit_codes:
            tail = Path(errors.name).read_bytes().decode(errors="replace").strip().splitlines()[-3:]
            raise BaselineFailed(f"{tool} exited with {code} (not {' or '.join(map(str, exit_codes))}): "
                                 + (" / ".join(tail) or "no message"))
        out.seek(0)
        return Run(seconds, cpu, peak, out.read().decode())


def ours(path: Path, runs: int = 1) -> tuple[Run, list[dict]]:
    """The median run (by wall clock) of `aviato-docs validate`, and its findings (exit 1: there are some)."""
    command = [sys.executable, "-m", "generator", "validate", str(path), "--format", "json", "--quiet"]
    measured = sorted((measure("aviato-docs validate", command, exit_codes=(0, 1)) for _ in range(runs)),
                      key=lambda r: r.seconds)
    median = measured[len(measured) // 2]
    return median, json.loads(median.out)["problems"]


def openapi_spec_validator(path: Path) -> tuple[Run, list[dict]]:
    run = measure("openapi-spec-validator", [sys.executable, "-c", OSV_DRIVER, str(path)])
    return run, [json.loads(line) for line in run.out.splitlines() if line.startswith("{")]


def redocly(path: Path) -> Run:
    with scratch() as empty:  # no redocly.yaml of ours is picked up
        return measure("redocly lint", [str(REDOCLY), "lint", str(path), "--format", "json"], cwd=Path(empty),
                       env={"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
                       exit_codes=(0, 1))  # 1: it found problems


def uncovered(theirs: list[dict], mine: list[dict]) -> list[dict]:
    """openapi-spec-validator's findings that no finding of ours stands for."""
    return [error for error in theirs
            if error["kind"] != "crash" and not any(_covers(p, error) for p in mine)]


def _covers(problem: dict, error: dict) -> bool:
    pointer = problem["location"]["pointer"]
    path = "".join("/" + p.replace("~", "~0").replace("/", "~1") for p in error["path"])
    names = re.findall(r"'([^']*)'", error["message"])
    if error["type"] in _RULES_FOR or error["message"].startswith("Duplicate tag name"):
        rules = _RULES_FOR.get(error["type"], {"tag-duplicate"})
        return problem["code"] in rules and (not names or names[0] in problem["message"])
    if error["kind"] == "document":  # located by both: the same place, or one inside the other
        return problem["code"] == "openapi-schema" and (pointer.startswith(path) or path.startswith(pointer))
    if problem["code"] == "enum-duplicate":  # located at the repeated value, in the enum the error names
        return "non-unique elements" in error["message"] and pointer.rpartition("/")[0].endswith(path)
    # A schema's own errors carry a path relative to that schema.
    return problem["code"] in _SCHEMA_RULES and pointer.endswith(path)


def synthetic(operations: int) -> dict:
    """A spec in Aviato's style with `operations` operations: four per resource, a schema and examples
    each."""
    error = {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}}
    paths: dict = {}
    schemas: dict = {"Error": error}
    for index in range(operations // 4):
        name = f"Resource{index}"
        schemas[name] = {"type": "object", "required": ["id", "name"], "properties": {
            "id": {"type": "string"}, "name": {"type": "string", "default": "unnamed"},
            "size": {"type": "integer", "minimum": 0},
            "tags": {"type": "array", "items": {"type": "string"}}},
            "examples": [{"id": f"r{index}", "name": "example", "size": 3, "tags": ["a"]}]}
        body = {"schema": {"$ref": f"#/components/schemas/{name}"},
                "example": {"id": f"r{index}", "name": "n"}}
        ok = {"description": "OK", "content": {"application/json": body}}
        not_found = {"$ref": "#/components/responses/NotFound"}
        common = {"tags": [f"Group{index % 20}"], "responses": {"200": ok, "404": not_found}}
        parameter = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
        item: dict = {"parameters": [parameter]}
        for method in ("get", "put", "patch", "delete"):
            item[method] = {"operationId": f"{method}{name}", "summary": f"{method} {name}", **common}
        paths[f"/api/resources{index}/{{id}}"] = item
    errors = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    components = {"schemas": schemas, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
                  "responses": {"NotFound": {"description": "Not found", "content": errors}}}
    return {"openapi": "3.1.0", "info": {"title": "Synthetic", "version": "1.0.0"},
            "security": [{"bearer": []}], "paths": paths, "components": components}


def _github_rows() -> list[Row]:
    osv, osv_errors = openapi_spec_validator(GITHUB)
    red = redocly(GITHUB)
    mine, our_problems = ours(GITHUB, RUNS)
    missing = uncovered(osv_errors, our_problems)
    name = f"validate GitHub's spec (13 MB, median of {RUNS})"
    rows = []
    for tool, other in (("openapi-spec-validator", osv), ("redocly lint", red)):
        factor = 0.1 if other is osv else 1
        rows += [Row(f"{name}: time", mine.seconds, "s", tool, other.seconds, f"< {factor:g}x",
                     mine.seconds < factor * other.seconds),
                 Row(f"{name}: CPU time", mine.cpu, "s", tool, other.cpu, f"< {factor:g}x",
                     mine.cpu < factor * other.cpu),
                 Row(f"{name}: peak memory", mine.peak_mb, "MB", tool, other.peak_mb, "< 500 MB",
                     mine.peak_mb < 500)]
    return rows + [Row(f"GitHub's spec: osv findings we miss ({len(our_problems)} ours)", len(missing), "",
                       "osv findings", len(osv_errors), "= 0", not missing)]


def _defects_rows() -> list[Row]:
    _, osv_errors = openapi_spec_validator(KNOWN_DEFECTS)
    _, our_problems = ours(KNOWN_DEFECTS)
    missing = uncovered(osv_errors, our_problems)
    for error in missing:
        print(f"  not covered: {error}", file=sys.stderr)
    return [Row(f"known-defects spec: osv findings we miss ({len(our_problems)} ours)", len(missing), "",
                "osv findings", len(osv_errors), "= 0", not missing and len(osv_errors) > 0)]


def _synthetic_rows() -> list[Row]:
    rows, first = [], None
    with scratch() as folder:
        for operations in SYNTHETIC_SIZES:
            path = Path(folder) / f"synthetic-{operations}.json"
            path.write_bytes(orjson.dumps(synthetic(operations), option=orjson.OPT_INDENT_2))
            mine, problems = ours(path, RUNS)
            assert not problems, problems[:3]
            first = first or (operations, mine)
            size = f"{path.stat().st_size / 2**20:.1f} MB"
            baseline = f"{first[0] // 1000}k operations"
            label = f"validate synthetic {operations // 1000}k operations"
            rows.append(Row(f"{label} ({size}): time", mine.seconds, "s", baseline, first[1].seconds))
            rows.append(Row(f"{label}: CPU time", mine.cpu, "s", baseline, first[1].cpu))
            rows.append(Row(f"{label}: peak memory", mine.peak_mb, "MB", baseline, first[1].peak_mb))
    return rows


def _index_rows() -> list[Row]:
    from generator.spec import RawSpec, load
    from generator.spec.index import JsonIndex
    from generator.spec.lines import json_positions

    spec = load(RawSpec(str(GITHUB), GITHUB.read_bytes()))
    start = time.perf_counter()
    index = JsonIndex(spec.text, spec.document)
    located = [index[pointer] for pointer in _sample_pointers(spec.document)]
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    json_positions(spec.text)
    scan_s = time.perf_counter() - start
    return [Row(f"pointer index of GitHub's spec + {len(located)} lookups", ours_s, "s",
                "token scan of every key", scan_s)]


def _sample_pointers(document: dict) -> list[str]:
    pointers = []
    for path, item in document["paths"].items():
        for method in item:
            pointers.append("/paths/" + path.replace("~", "~0").replace("/", "~1") + "/" + method)
    return pointers


def run() -> list[Row]:
    rows = _defects_rows() + _index_rows()
    if GITHUB.is_file() and REDOCLY.exists():
        rows += _github_rows()
    else:
        print("bench_validate: npm packages missing (make node_modules); GitHub's spec rows skipped",
              file=sys.stderr)
    return rows + _synthetic_rows()
