"""The exit codes, and the exception that carries the located problems (`generator.findings`) that stopped
a stage."""

from __future__ import annotations

from typing import Iterable

from generator.findings import CONTINUED, Finding, Location, printable

EXIT_OK = 0
EXIT_FINDINGS = 1  # the input has problems at or above the failure level
EXIT_USAGE = 2  # the command line is wrong
EXIT_CANNOT_RUN = 3  # the tool could not do its work (missing dependency, I/O failure)

# A problem is the one findings model: what every stage reports, located.
Problem = Finding

__all__ = ["CONTINUED", "EXIT_CANNOT_RUN", "EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "GeneratorError",
           "Location",
           "Problem", "fail", "printable"]


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
