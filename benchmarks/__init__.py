"""Benchmarks for `make bench`: each `bench_*.py` module has `run() -> list[Row]`.

A row is one figure with the baseline it is compared against, measured in the same run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# The benchmarks (and the processes they start) build where `make site` builds: on the project's file
# system, in a scratch folder of its .cache/ (`__main__.use_scratch`), not in the system's temporary
# folder.
SCRATCH = Path(__file__).resolve().parent.parent / ".cache" / "bench" / "tmp"
# What a benchmark is done with waits here, set aside in one rename, until `make bench` ends
# (`empty_trash`). This machine's disk is ext4 without a journal, where the kernel keeps an inode it
# freed from being reused for a minute (six while its block is unwritten: RECENTCY_MIN and
# RECENTCY_DIRTY), and every file or folder created meanwhile first steps over each such inode
# (`recently_deleted()` in fs/ext4/ialloc.c): 1,000 files took 32 ms to create on a quiet disk and
# 600 ms after a few thousand deletions, and a GitHub build right after the previous one's site (6,853
# files and folders) was deleted spent an eighth of its time there. A deleted scratch folder would
# slow the runs after it, the baseline or the next repetition, by what the benchmark itself left behind.
TRASH = SCRATCH.parent / "trash"


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


@contextmanager
def scratch(prefix: str = "bench-") -> Iterator[Path]:
    """A new folder for one measurement, set aside for `empty_trash` afterwards (see TRASH)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        discard(folder)


def discard(folder: Path) -> None:
    """Set `folder` aside until `make bench` ends (see TRASH); deleted at once where the trash is on
    another file system."""
    TRASH.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(folder, Path(tempfile.mkdtemp(dir=TRASH)) / folder.name)
    except OSError:  # another file system (TMPDIR set elsewhere)
        shutil.rmtree(folder, ignore_errors=True)


def peak_mb() -> float:
    """This process's peak resident memory, in MB (the kernel's VmHWM). Not getrusage's own ru_maxrss:
    in a process another one started, Linux keeps in it the parent's resident memory at the fork, across
    the exec (a 79 MB build of the payments spec read 375 MB, the size of the `make bench` that started
    it)."""
    with open("/proc/self/status", encoding="ascii") as status:
        kilobytes = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    return int(kilobytes) / 1024


def empty_trash() -> None:
    shutil.rmtree(TRASH, ignore_errors=True)
