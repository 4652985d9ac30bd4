"""What a generator or compiler said, kept where it said it: in the spec, or in a generated file."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from generator.findings import Finding, Location
from generator.spec import Spec, target_pointer


def located(code: str, level: str, message: str, pointer: str = "", file: str = "", line: int | None = None,
            column: int | None = None, hint: str | None = None) -> Finding:
    """A tool's finding (level "error" or "warning"): at `pointer` in the spec when the tool names a part
    of the document, or in `file`, a generated file relative to the language's folder ("" for the spec)."""
    return Finding(code, level, message, Location(file, pointer, line, column), hint)


def to_problem(finding: Finding, spec: Spec, folder: Path, label: str) -> Finding:
    """The finding as every command reports it; `label` (the tag or file) starts the message."""
    where = finding.location
    if where.source:
        location = Location(display_path(folder / where.source), where.pointer, where.line, where.column)
    elif where.pointer:
        location = spec.locate(where.pointer)
    else:
        location = Location(spec.source, "", where.line, where.column)
    return replace(finding, message=f"{label}: {finding.message}", location=location)


def display_path(path: Path) -> str:
    """A path relative to the working folder when it lies below it, as compilers print them."""
    try:
        return os.path.relpath(path) if path.resolve().is_relative_to(Path.cwd().resolve()) else str(path)
    except (OSError, ValueError):
        return str(path)


def pointer_from_ref(ref: str) -> str:
    """`#/paths/~1a/get` -> `/paths/~1a/get`; the JSON pointer part of an internal reference."""
    return target_pointer(ref) or ""


def escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def last_lines(text: str, count: int = 1) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " ".join(lines[-count:]) if lines else "(no output)"
