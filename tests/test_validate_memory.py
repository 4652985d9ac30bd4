"""`validate` needs memory in proportion to the document, even when one key is very long.

A path template with thousands of parameters is one key of ~100 KB; every node under it used to be
stored with a pointer repeating that key, so memory grew with the square of the parameter count
(2.5k parameters: 141 MB, 10k: 2.2 GB). Each size runs in its own process, measured by the kernel.
"""

import json
import subprocess
import sys

import pytest
import yaml

from tests.conftest import PROJECT

MEASURE = """
import resource, subprocess, sys
limit = 4 * 2**30  # a regression fails here instead of eating the machine
child = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)))
print(child.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def long_path_document(parameters: int) -> dict:
    path = "/x/" + "/".join(f"{{p{i}}}" for i in range(parameters))
    return {"openapi": "3.1.0", "info": {"title": "Long path", "version": "1.0.0"}, "paths": {path: {"get": {
        "operationId": "get", "summary": "s", "tags": ["t"],
        "parameters": [{"name": f"p{i}", "in": "path", "required": True, "schema": {"type": "string"}}
                       for i in range(parameters)],
        "responses": {"200": {"description": "ok"}}}}}}


def peak_kib_of_validate(path) -> int:
    command = [sys.executable, "-m", "generator", "validate", "--project", str(PROJECT), str(path), "--quiet"]
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True,
                         cwd=PROJECT).stdout.split()
    code, peak = int(out[0]), int(out[1])
    assert code in (0, 1), f"validate exited {code} (killed, or out of memory) on {path.name}"
    return peak


@pytest.mark.parametrize("suffix, dump", [
    (".json", json.dumps),  # the JSON pointer index and the checks' walk
    (".yaml", yaml.safe_dump),  # the YAML position table
])
def test_validate_memory_grows_linearly_with_a_path_of_thousands_of_parameters(tmp_path, suffix, dump):
    peaks = {}
    for parameters in (2_500, 10_000):
        path = tmp_path / f"long-{parameters}{suffix}"
        path.write_text(dump(long_path_document(parameters)), encoding="utf-8")
        peaks[parameters] = peak_kib_of_validate(path)
    # Four times the document: linear growth stays well under six times the memory.
    assert peaks[10_000] < 6 * peaks[2_500], f"peak KiB: {peaks}"
