"""A benchmark whose baseline tool does not run fails loudly, naming the tool, rather than timing it."""

import sys

import pytest

from benchmarks import bench_validate
from benchmarks.bench_validate import BaselineFailed


def test_a_baseline_tool_that_is_not_installed_stops_the_benchmark_naming_it(tmp_path):
    with pytest.raises(BaselineFailed, match=r"^redocly lint: cannot start .*no-such-tool: No such file"):
        bench_validate.measure("redocly lint", [str(tmp_path / "no-such-tool"), "lint"])


def test_a_baseline_without_its_python_package_is_not_timed_as_a_fast_run(monkeypatch):
    # A virtualenv without the test extras: the driver dies on its first import.
    hidden = "import sys; sys.modules['openapi_spec_validator'] = None\n"
    monkeypatch.setattr(bench_validate, "OSV_DRIVER", hidden + bench_validate.OSV_DRIVER)
    with pytest.raises(BaselineFailed) as failed:
        bench_validate.openapi_spec_validator(bench_validate.KNOWN_DEFECTS)
    message = str(failed.value)
    assert message.startswith("openapi-spec-validator exited with 1 (not 0): ")
    assert "ModuleNotFoundError" in message or "ImportError" in message


def test_an_exit_code_the_tool_uses_for_findings_is_a_run():
    run = bench_validate.measure("a linter", [sys.executable, "-c", "print('found'); raise SystemExit(1)"],
                                 exit_codes=(0, 1))
    assert run.out == "found\n" and run.seconds > 0
