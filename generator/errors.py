"""One error model for every stage: a located problem, and the exception that carries problems."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Iterable

EXIT_OK = 0
EXIT_FINDINGS = 1  # the input has problems at or above the failure level
EXIT_USAGE = 2  # the command line is wrong
EXIT_CANNOT_RUN = 3  # the tool could not do its work (missing dependency, I/O failure)

LEVELS = ("error", "warning", "info")
# What a spec could smuggle into a terminal through a message: C0 controls (newlines are handled
# apart), DEL, C1 controls, and the bidirectional overrides and isolates that reorder a line.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


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
        """One line (and a hint line) for the terminal, with every control character shown as an escape."""
        message = printable(self.message, CONTINUED)
        text = f"{printable(self.location.prefix())}: {self.level}[{self.code}] {message}"
        if self.location.pointer:
            text += f" (at {printable(self.location.pointer)})"
        if self.hint:
            text += f"\n  hint: {printable(self.hint, CONTINUED)}"
        return text

    def to_dict(self) -> dict:
        return asdict(self)


CONTINUED = "\n    "  # a message's further lines are indented: none can pass for a problem of its own


def printable(text: str, newline: str = "\\n") -> str:
    """`text` safe to print: controls as `\\x1b` or `\\u202e` escapes, each newline as `newline`.

    A spec's summaries, keys and paths reach messages as they are; printed raw, an escape sequence
    would colour, erase or retitle the terminal and a NUL or bidi override would hide what follows.
    """
    if _CONTROLS.search(text):
        text = _CONTROLS.sub(_escape, text)
    return text.replace("\n", newline) if "\n" in text else text


def _escape(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


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
