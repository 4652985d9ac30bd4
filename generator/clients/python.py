"""Python: openapi-python-client's package for the document, imported, and type-checked by mypy.

The generator runs in its own process (generator.clients.pygen) with the settings of the command the
overview shows (docs/developer/clients/python.sh.j2); mypy then checks the package together with the
overview's usage example, as `mypy aviato_client list_and_scan.py` does for a reader.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from generator.clients import tools
from generator.clients.findings import escape, last_lines, located
from generator.findings import Finding
from generator.spec import node_at

NAME = "python"
PACKAGE = "aviato_client"
USAGE = "list_and_scan.py"
MYPY_OPTIONS = ("--output", "json", "--no-error-summary")
IMPORT_EVERY_MODULE = (
    "import importlib, pkgutil, sys; package = importlib.import_module(sys.argv[1]); "
    "[importlib.import_module(m.name) for m in pkgutil.walk_packages(package.__path__, sys.argv[1] + '.')]")

_OPERATION = re.compile(r"parsing (?P<method>[A-Z]+) (?P<path>\S+) within")
_SCHEMA = re.compile(r"Unable to process schema (?P<name>[^:]+):")
_UNTRUSTED = re.compile(r"<openapi_python_client\.[\w.]*UntrustedString object at 0x[0-9a-f]+>")
_TRACEBACK_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+)', re.M)


def check(spec_file: Path, folder: Path, usage: str | None, toolset: tools.Toolset,
          document: dict | None = None) -> list[Finding]:
    generated = tools.run([toolset.python, "-m", "generator.clients.pygen", spec_file, PACKAGE], folder)
    try:
        reported = json.loads(generated.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return [located("python-generation-failed", "error",
                        f"openapi-python-client stopped: {last_lines(generated.stderr)}")]
    findings = [generator_finding(error, document or {}) for error in reported]
    if any(f.level == "error" for f in findings) or not (folder / PACKAGE / "__init__.py").is_file():
        return findings or [located("python-generation-failed", "error",
                                    "openapi-python-client wrote no package")]
    targets = [PACKAGE]
    if usage is not None:
        (folder / USAGE).write_text(usage, encoding="utf-8")
        targets.append(USAGE)
    imported = tools.run([toolset.python, "-c", IMPORT_EVERY_MODULE, PACKAGE], folder)
    if imported.returncode != 0:
        findings.append(_import_finding(imported.stderr, folder))
    # mypy's incremental cache validates entries by content hash, so every document's check can share
    # it: the standard library and httpx are then analysed once, not once per version.
    mypy_cache = toolset.shared_cache / "mypy" if toolset.shared_cache else Path(os.devnull)
    checked = tools.run([toolset.python, "-m", "mypy", *MYPY_OPTIONS, "--cache-dir", mypy_cache, *targets],
                        folder)
    type_errors = mypy_findings(checked.stdout)
    if checked.returncode != 0 and not type_errors:
        type_errors = [located("python-type-error", "error",
                               f"mypy failed: {last_lines(checked.stderr or checked.stdout)}")]
    return findings + type_errors


def generator_finding(error: dict, document: dict) -> Finding:
    """One error of openapi-python-client, located at the part of the spec it names."""
    header, detail, data = error["header"].strip(), error["detail"].strip(), error.get("data")
    pointer = _operation_pointer(header) or _schema_pointer(header)
    if data and pointer:
        pointer = _find(_at(document, pointer), data, pointer) or pointer
    elif data:
        pointer = _find(document, data, "") or ""
    status = re.search(r"/responses/([^/]+)", pointer)
    detail = _UNTRUSTED.sub(status.group(1) if status else "?", detail)
    level = "error" if error["level"] == "ERROR" else "warning"
    message = " ".join(part for part in (header.rstrip(":"), detail) if part)
    return located(f"python-generation-{'failed' if level == 'error' else 'warning'}", level,
                   f"openapi-python-client: {message}", pointer)


def mypy_findings(output: str) -> list[Finding]:
    findings = []
    for line in output.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if item.get("severity") != "error":
            continue
        hint = item.get("hint") or None
        findings.append(located("python-type-error", "error", f"mypy [{item.get('code')}]: {item['message']}",
                                file=item["file"], line=item.get("line"),
                                column=_column(item), hint=hint))
    return findings


def _column(item: dict) -> int | None:
    """mypy counts columns from 0 (-1 when it has none); editors from 1."""
    return item["column"] + 1 if item.get("column", -1) >= 0 else None


def _import_finding(stderr: str, folder: Path) -> Finding:
    """Where importing the package failed: the innermost frame inside the generated code."""
    frames = [(m.group("file"), int(m.group("line"))) for m in _TRACEBACK_FRAME.finditer(stderr)]
    inside = [(f, line) for f, line in frames if Path(f).resolve().is_relative_to(folder.resolve())]
    file, line = inside[-1] if inside else ("", None)
    relative = os.path.relpath(Path(file).resolve(), folder.resolve()) if file else ""
    return located("python-import-error", "error", f"importing the package failed: {last_lines(stderr)}",
                   file=relative, line=line)


def _operation_pointer(header: str) -> str:
    match = _OPERATION.search(header)
    return f"/paths/{escape(match.group('path'))}/{match.group('method').lower()}" if match else ""


def _schema_pointer(header: str) -> str:
    match = _SCHEMA.search(header)
    return f"/components/schemas/{escape(match.group('name').strip())}" if match else ""


def _at(document: object, pointer: str) -> object:
    return node_at(document, pointer)


def _find(node: object, wanted: object, pointer: str) -> str | None:
    """The pointer of the first part of `node` equal to `wanted` (the piece the generator quotes)."""
    if node == wanted:
        return pointer
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        found = _find(child, wanted, f"{pointer}/{escape(str(key))}")
        if found is not None:
            return found
    return None
