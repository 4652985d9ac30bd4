import os
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT / "tests" / "fixtures"


@pytest.fixture
def mini_spec():
    from generator.spec import RawSpec, load

    path = FIXTURES / "mini-v1.0.0.json"
    return load(RawSpec(str(path), path.read_bytes(), "v1.0.0"))


GOLDEN = PROJECT / "tests" / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", default=False,
                     help="rewrite the golden files under tests/golden/ from the current output")


@pytest.fixture
def golden(request):
    """Compare text with tests/golden/<name>; with --update-golden, write it there instead."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            return
        assert path.is_file(), f"no golden file {path}: run pytest with --update-golden to create it"
        assert text == path.read_text(encoding="utf-8"), \
            f"output differs from {path}; review the change, then refresh it with --update-golden"

    return check


@pytest.fixture
def umask_022():
    """Files are written under the usual umask 022 (0755 folders, 0644 files), whatever the shell's is."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def forked_pools(monkeypatch):
    """The number of processes of each pool generator.forked starts (a list, in order), with the
    machine taken to have two cores."""
    from generator import forked

    pools = []

    class Recorded(forked.ProcessPoolExecutor):
        def __init__(self, workers, **options):
            pools.append(workers)
            super().__init__(workers, **options)

    monkeypatch.setattr(forked, "ProcessPoolExecutor", Recorded)
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)
    return pools
