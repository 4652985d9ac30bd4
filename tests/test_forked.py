"""generator.forked: work in forked processes that share this process's values instead of copies."""

import os
import pickle

import pytest

from generator import forked


class Unpicklable:
    """A value a pickled task could not carry: a forked process must get it from this process's memory."""

    def __init__(self, items):
        self.items = items

    def __reduce__(self):
        raise pickle.PicklingError("a task's arguments are shared with the forked process, never pickled")


def _sum_in_child(value: Unpicklable) -> tuple[int, int]:
    return sum(value.items), os.getpid()


def _sum_run(value: Unpicklable, run: list[int]) -> tuple[int, int]:
    return sum(value.items[i] for i in run), os.getpid()


def test_a_task_meanwhile_reads_this_processes_values_without_a_copy():
    shared = Unpicklable(list(range(1000)))
    total, pid = forked.meanwhile(_sum_in_child, shared)()
    assert total == sum(range(1000)) and pid != os.getpid()


def test_runs_in_forked_processes_read_this_processes_values_without_a_copy(monkeypatch, forked_pools):
    shared = Unpicklable(list(range(10)))
    runs = forked.in_runs(_sum_run, list(range(10)), 2, shared)()
    assert forked_pools == [2]
    assert [total for total, _ in runs] == [sum(range(5)), sum(range(5, 10))]
    assert os.getpid() not in {pid for _, pid in runs}


def test_a_failing_task_raises_its_error_here():
    with pytest.raises(ZeroDivisionError):
        forked.meanwhile(divmod, 1, 0)()


def _sizes_run(run: list[int]) -> list[int]:
    return run


def test_runs_cut_by_weight_give_each_process_as_much_and_keep_the_order(forked_pools):
    # The stamps files of large operation pages first, then the small twins files: by count, the first
    # process would get all the large ones.
    sizes = [80, 80, 80, 80, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    runs = forked.in_runs(_sizes_run, sizes, 2, weight=lambda size: size)()
    assert forked_pools == [2]
    assert [item for run in runs for item in run] == sizes
    assert [sum(run) for run in runs] == [240, 200]  # by count: 360 and 80


def test_a_task_meanwhile_with_nice_yields_the_cores_to_this_process():
    """The twins' process beside the pages' (generator.render.TWINS_NICE) runs at a lower priority."""
    here = os.getpriority(os.PRIO_PROCESS, 0)
    assert forked.meanwhile(os.getpriority, os.PRIO_PROCESS, 0, nice=7)() == min(here + 7, 19)
    assert forked.meanwhile(os.getpriority, os.PRIO_PROCESS, 0)() == here
