"""What `aviato-docs validate` checks: files and pinned tags, each loaded and run through every rule.

One bad target never stops the others: a file that cannot be read or parsed becomes that target's
problems, so one run reports everything. The bytes come from `generator.source.resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import pins, source
from generator.checks import Config, run
from generator.errors import EXIT_CANNOT_RUN, EXIT_USAGE, GeneratorError, Problem
from generator.spec import RawSpec, load


@dataclass(frozen=True)
class Result:
    source: str
    tag: str | None
    problems: tuple[Problem, ...]
    could_not_run: bool = False  # reading failed (I/O), as opposed to bad content


def validate(targets: list[str], specs_dir: Path, config: Config) -> list[Result]:
    """Check each target (a file or a pinned tag); no target means every pinned release."""
    if not targets:  # no manifest: nothing to check is an error
        targets = [pin.tag for pin in pins.manifest(specs_dir)[1]]
    reader = source.Reader(specs_dir, max_bytes=config.max_bytes, manifest_optional=True)
    return [_checked(lambda target=target: source.resolve(target, reader).raw, config) for target in targets]


def _checked(read, config: Config) -> Result:
    """The target's problems; one that cannot be read or parsed is a result too, but a name that is
    no target at all is a usage error for the whole run."""
    try:
        raw: RawSpec = read()
        return Result(raw.source, raw.tag, tuple(run(load(raw, config.max_bytes), config)))
    except GeneratorError as e:
        if e.exit_code == EXIT_USAGE:
            raise
        where = e.problems[0].location.source if e.problems else "?"
        return Result(where, None, tuple(e.problems), e.exit_code == EXIT_CANNOT_RUN)
