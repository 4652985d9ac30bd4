"""Diffing two releases of GitHub's REST description (11 and 13 MB): aviato-docs against api-smart-diff.

Each side runs once in its own process, so its peak resident memory is its own: the interpreter,
both documents, and everything the diff holds.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from benchmarks import Row

PROJECT = Path(__file__).resolve().parent.parent
OLD = PROJECT / "node_modules/octokit-openapi-18/generated/api.github.com.json"
NEW = PROJECT / "node_modules/@octokit/openapi/generated/api.github.com.json"
TARGET_SECONDS = 2.0

# Runs in a child interpreter; prints one JSON line of phase timings.
_OURS = """
import json, sys, time
from benchmarks import peak_mb
from generator import diff
from generator.spec import RawSpec, load
start = time.perf_counter()
old, new = (load(RawSpec(p, open(p, "rb").read())) for p in sys.argv[1:3])
loaded = time.perf_counter()
old.locate(""), new.locate("")  # the pointer -> line index of each file
indexed = time.perf_counter()
changes = diff.compare(old, new)
done = time.perf_counter()
print(json.dumps({"load": loaded - start, "index": indexed - loaded, "compare": done - indexed,
                  "total": done - start, "changes": len(changes),
                  "breaking": sum(c.level in ("error", "breaking") for c in changes),
                  "peak_rss_mb": peak_mb()}))
"""


def _ours() -> dict:
    done = subprocess.run([sys.executable, "-c", _OURS, str(OLD), str(NEW)], cwd=PROJECT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def _baseline() -> dict:
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("node is not on PATH: the baseline (api-smart-diff) cannot be measured without it")
    done = subprocess.run([node, str(PROJECT / "benchmarks/api_smart_diff.cjs"), str(OLD), str(NEW)],
                          cwd=PROJECT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def run() -> list[Row]:
    ours, theirs = _ours(), _baseline()
    print(f"bench_diff: aviato-docs {ours}\nbench_diff: api-smart-diff {theirs}", file=sys.stderr)
    pair = "GitHub 18.0.0 -> 23.0.2"
    return [
        Row(f"diff {pair}: parse, locate, compare ({ours['changes']} changes)", ours["total"], "s",
            f"api-smart-diff ({theirs['changes']} diffs)", theirs["total"], f"< {TARGET_SECONDS:g} s",
            ours["total"] < TARGET_SECONDS),
        Row(f"diff {pair}: compare alone (documents parsed and indexed)", ours["compare"], "s",
            "api-smart-diff apiDiff alone", theirs["diff"]),
        Row(f"diff {pair}: peak resident memory", ours["peak_rss_mb"], "MB",
            "api-smart-diff", theirs["peak_rss_mb"]),
    ]
