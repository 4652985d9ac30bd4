"""Work spread over the cores in forked processes, which die with the process that forked them.

The render and the site stage are pure Python over thousands of files, so work is split by process,
not by thread: a run of items in each of a few processes (`in_runs`), or one task beside this
process's own (`meanwhile`). Forked processes share what this process holds (no pickling of it); they
die with it, even when it is killed (`started`), and do not keep its lock (filelock closed its
descriptor in the forked child).
"""

from __future__ import annotations

import ctypes
import gc
import itertools
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
_PR_SET_PDEATHSIG = 1
# In a forked process, the tasks of its pool: handed over as the initializer's arguments, which a
# forked process inherits, where a task submitted with its function and arguments would be pickled (a
# version's catalog, tens of MB, copied into the process instead of shared with it).
_tasks: list[tuple[Callable, tuple]] = []


def started(parent: int) -> None:
    """In a process forked by `parent`: be killed when it dies, even by SIGKILL (Linux)."""
    libc = ctypes.CDLL(None, use_errno=True)
    if hasattr(libc, "prctl"):
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # it died before the request above was made
        os._exit(1)


def in_runs(function: Callable[..., Result], items: list[Item], per_process: int, *args,
            weight: Callable[[Item], int] | None = None) -> Callable[[], list[Result]]:
    """`function(*args, run)` on runs of `items`, in order: in as many forked processes as there are
    cores when each gets at least `per_process` items, otherwise here, at once; the runs of as many
    items each, or of as much `weight` as the items allow. Returns what waits for the results (one per
    run, in order); this process may go on with other work meanwhile, and must call it even when that
    work fails: it is what stops the processes."""
    processes = min(os.cpu_count() or 1, len(items) // per_process)
    if processes < 2:
        done = [function(*args, items)]
        return lambda: done
    return _forked(processes, [(function, (*args, run)) for run in _runs(items, processes, weight)])


def _runs(items: list[Item], count: int, weight: Callable[[Item], int] | None) -> list[list[Item]]:
    """`items` cut into `count` runs, in order: of as many items each, or each cut where the weight
    so far comes nearest to its share of the whole."""
    weights = [weight(item) for item in items] if weight else [1] * len(items)
    total, cuts, so_far = sum(weights), [0], 0
    for index, each in enumerate(weights):
        share = total * len(cuts) / count
        if len(cuts) < count and abs(so_far + each - share) > abs(so_far - share) and index > cuts[-1]:
            cuts.append(index)
        so_far += each
    cuts.append(len(items))
    return [items[start:stop] for start, stop in itertools.pairwise(cuts) if stop > start]


def meanwhile(function: Callable[..., Result], *args, nice: int = 0) -> Callable[[], Result]:
    """`function(*args)` in a forked process while this one goes on; returns what waits for its
    result (to be called even when this process's own work fails: it is what stops the process; asked
    again, it gives the same result). With `nice`, the process yields the cores to this one and to
    those of a lower `nice` when they have work (os.nice): this one's work is what the others wait for."""
    results = _forked(1, [(function, args)], nice)
    return lambda: results()[0]


def _forked(processes: int, tasks: list[tuple[Callable, tuple]], nice: int = 0) -> Callable[[], list]:
    # The forked processes leave this process's objects alone (no copy on write); a build's worker
    # has them frozen already, by the build that forked it: that is left as it is.
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                               initializer=_adopt, initargs=(os.getpid(), tasks, nice))
    futures = [pool.submit(_run, index) for index in range(len(tasks))]

    stopped: list[bool] = []

    def results() -> list:  # may be asked again: the same results
        try:
            return [future.result() for future in futures]
        finally:
            if not stopped:
                stopped.append(True)
                pool.shutdown(cancel_futures=True)
                if freezing:
                    gc.unfreeze()

    return results


def _adopt(parent: int, tasks: list[tuple[Callable, tuple]], nice: int) -> None:
    global _tasks
    started(parent)
    if nice:
        os.nice(nice)
    _tasks = tasks


def _run(index: int):
    function, args = _tasks[index]
    return function(*args)
