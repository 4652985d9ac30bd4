"""`clients check`: prove that documents generate typed clients that compile.

    source (a pinned tag or a file) -> spec.load -> clients.check
"""

from __future__ import annotations

from pathlib import Path

from generator import clients, pins, source
from generator.errors import EXIT_FINDINGS, EXIT_OK
from generator.findings import at_or_above
from generator.spec import RawSpec, load


def check(project: Path, names: list[str], specs: Path | None = None, cache: Path | None = None,
          jobs: int | None = None, force: bool = False,
          progress=lambda message: None) -> list[clients.Outcome]:
    """Generate and compile the clients of each named document (every pinned release when none is named)."""
    targets = resolve(names, specs or project / "specs")
    return clients.check(project, targets, cache, jobs, force, progress)


def resolve(names: list[str], specs: Path) -> list[clients.Target]:
    """Pinned tags (with or without their `v`) and files; anything else is a usage error."""
    if not names:  # every pinned release, oldest first, read as a named one is
        names = sorted((pin.tag for pin in pins.manifest(specs)[1]), key=pins.version_key)
    reader = source.Reader(specs)
    return [_target(source.resolve(name, reader)) for name in names]


def _target(resolved: source.Resolved) -> clients.Target:
    """A file is checked under its own name, even when it is a pinned release's file."""
    tag = resolved.pin.tag if resolved.kind == "pin" and resolved.pin else None
    return clients.Target(load(RawSpec(resolved.raw.source, resolved.raw.data, tag)), tag)


def exit_code(outcomes: list[clients.Outcome], fail_on: str) -> int:
    """1 when a problem is at `fail_on` or above, else 0."""
    problems = [problem for outcome in outcomes for problem in outcome.problems]
    return EXIT_FINDINGS if any(at_or_above(p.level, fail_on) for p in problems) else EXIT_OK
