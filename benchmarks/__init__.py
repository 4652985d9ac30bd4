"""Benchmarks for `make bench`: each `bench_*.py` module has `run() -> list[Row]`.

A row is one figure with the baseline it is compared against, measured in the same run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    name: str  # what was measured
    value: float
    unit: str
    baseline_name: str = ""  # what it is compared against, measured in the same run
    baseline: float | None = None
    target: str = ""  # the goal, e.g. "< 0.1x baseline"
    ok: bool | None = None  # whether the target holds; None when there is no target

    @property
    def ratio(self) -> float | None:
        return self.value / self.baseline if self.baseline else None
