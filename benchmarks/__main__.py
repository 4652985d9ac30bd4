"""Run every benchmark module (or those named on the command line) and print one table."""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
import tempfile

import benchmarks
from benchmarks import SCRATCH


def use_scratch() -> None:
    """Build in SCRATCH, on the project's file system as `make site` does, whatever the system's
    temporary folder is on."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = tempfile.tempdir = str(SCRATCH)


def main(names: list[str]) -> int:
    use_scratch()
    modules = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    selected = [m for m in modules if not names or any(n in m for n in names)]
    rows = []
    try:
        for name in selected:
            print(f"running {name} ...", file=sys.stderr, flush=True)
            rows += importlib.import_module(f"benchmarks.{name}").run()
    finally:
        benchmarks.empty_trash()  # once nothing is measured any more (see benchmarks.TRASH)
    print(f"{'benchmark':<58} {'value':>12} {'baseline':>28} {'ratio':>7}  target")
    for row in rows:
        base = f"{row.baseline:.3g} {row.unit} ({row.baseline_name})" if row.baseline is not None else ""
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else ""
        verdict = {True: "ok", False: "MISSED", None: ""}[row.ok]
        print(f"{row.name:<58} {row.value:>9.3g} {row.unit:<3} {base:>28} {ratio:>7}  {row.target} {verdict}")
    return 1 if any(row.ok is False for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
