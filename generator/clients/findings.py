"""What a generator or compiler said, kept where it said it: in the spec, or in a generated file."""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from pathlib import Path

from generator.errors import Location, Problem
from generator.spec import Spec, target_pointer


@dataclass(frozen=True)
class Finding:
    code: str
    level: str  # "error" or "warning", as in generator.errors.LEVELS
    message: str
    pointer: str = ""  # in the spec, when the tool names a part of the document
    file: str = ""  # a generated file, relative to the language's folder; "" for the spec itself
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        return cls(**data)

    def to_problem(self, spec: Spec, folder: Path, label: str) -> Problem:
        """The problem as every command reports it; `label` (the tag or file) starts the message."""
        if self.file:
            location = Location(display_path(folder / self.file), self.pointer, self.line, self.column)
        elif self.pointer:
            location = spec.locate(self.pointer)
        else:
            location = Location(spec.source, "", self.line, self.column)
        return Problem(self.code, self.level, f"{label}: {self.message}", location, self.hint)


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
