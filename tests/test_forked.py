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
