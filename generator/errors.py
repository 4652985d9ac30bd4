"""One error model for every stage: a located problem, and the exception that carries problems."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Iterable

EXIT_OK = 0
EXIT_FINDINGS = 1  # the input has problems at or above the failure level
EXIT_USAGE = 2  # the command line is wrong
EXIT_CANNOT_RUN = 3  # the tool could not do its work (missing dependency, I/O failure)

LEVELS = ("error", "warning", "info")


@dataclass(frozen=True)
class Location:
    source: str
    pointer: str = ""
    line: int | None = None
    column: int | None = None

    def prefix(self) -> str:
        parts = [self.source]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@dataclass(frozen=True)
class Problem:
    code: str
    level: str
    message: str
    location: Location
    hint: str | None = None

    def format(self) -> str:
        text = f"{self.location.prefix()}: {self.level}[{self.code}] {self.message}"
        if self.location.pointer:
            text += f" (at {self.location.pointer})"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def to_dict(self) -> dict:
        return asdict(self)


class GeneratorError(Exception):
    """Raised by a stage that cannot go on; carries the located problems that stopped it."""

    def __init__(self, problems: Iterable[Problem], exit_code: int = EXIT_FINDINGS):
        self.problems = list(problems)
        self.exit_code = exit_code
        super().__init__("\n".join(p.format() for p in self.problems))

    def __reduce__(self):  # keeps the problems when raised in a worker process
        return (type(self), (self.problems, self.exit_code))


def fail(code: str, message: str, location: Location, hint: str | None = None,
         exit_code: int = EXIT_FINDINGS) -> GeneratorError:
    """Build the error for a single problem; callers `raise fail(...) from e`."""
    return GeneratorError([Problem(code, "error", message, location, hint)], exit_code)
