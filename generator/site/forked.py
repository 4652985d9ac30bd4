"""Work on thousands of files spread over the cores: a run of them in each of a few forked processes.

The site stage's own checks and stamping are pure Python over many files, so they are split by
process, not by thread. Forked processes share what this process holds (no pickling of it) and die
with it (output.worker_started).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from generator.site import output

Item = TypeVar("Item")
Result = TypeVar("Result")


def in_runs(function: Callable[..., Result], items: list[Item], per_process: int,
            *args) -> Callable[[], list[Result]]:
    """`function(*args, run)` on runs of `items`, in order: in as many forked processes as there are
    cores when each gets at least `per_process` items, otherwise here, at once. Returns what waits for
    the results (one per run, in order); this process may go on with other work meanwhile, and must
    call it even when that work fails: it is what stops the processes."""
    processes = min(os.cpu_count() or 1, len(items) // per_process)
    if processes < 2:
        done = [function(*args, items)]
        return lambda: done
    size = -(-len(items) // processes)
    # The forked processes leave this process's objects alone (no copy on write); a build's worker
    # has them frozen already, by the build that forked it: that is left as it is.
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                               initializer=output.worker_started, initargs=(os.getpid(),))
    futures = [pool.submit(function, *args, items[start:start + size])
               for start in range(0, len(items), size)]

    def results() -> list[Result]:
        try:
            return [future.result() for future in futures]
        finally:
            pool.shutdown(cancel_futures=True)
            if freezing:
                gc.unfreeze()

    return results
