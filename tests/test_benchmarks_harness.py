"""What the benchmarks measure with: a process's own peak memory, and scratch folders whose deletion
waits until nothing is measured any more (benchmarks.TRASH)."""

import subprocess
import sys

import benchmarks
from tests.conftest import PROJECT

# A child that holds `MB` of its own, then reports its peak as the benchmarks read it.
CHILD = """
import sys
from benchmarks import peak_mb
held = bytearray(int(sys.argv[1]) * 2**20)
for i in range(0, len(held), 4096):
    held[i] = 1
print(peak_mb())
"""


def _child_peak(megabytes: int) -> float:
    done = subprocess.run([sys.executable, "-c", CHILD, str(megabytes)], capture_output=True, text=True,
                          check=True, cwd=PROJECT)
    return float(done.stdout)


def test_a_process_started_by_a_large_one_reports_its_own_peak_not_its_parents():
    parent = bytearray(400 * 2**20)  # this process, resident: what getrusage would hand down
    for i in range(0, len(parent), 4096):
        parent[i] = 1
    small, large = _child_peak(10), _child_peak(150)
    assert small < 100, small
    assert 150 <= large < 250, large
    del parent


def test_a_scratch_folder_waits_in_the_trash_until_the_benchmarks_end(tmp_path, monkeypatch):
    monkeypatch.setattr(benchmarks, "TRASH", tmp_path / "trash")
    monkeypatch.setattr(benchmarks.tempfile, "tempdir", str(tmp_path))
    with benchmarks.scratch() as folder:
        (folder / "site").mkdir()
        (folder / "site" / "index.html").write_text("<p>built</p>")
    assert not folder.exists()
    kept = list((tmp_path / "trash").glob(f"*/{folder.name}/site/index.html"))
    assert [page.read_text() for page in kept] == ["<p>built</p>"]
    benchmarks.empty_trash()
    assert not (tmp_path / "trash").exists()
