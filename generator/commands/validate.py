"""`validate`: check documents against OpenAPI 3.x and the house rules, every finding located.

    source (a file or a pinned tag) -> spec.load -> checks
"""

from __future__ import annotations

from pathlib import Path

from generator import checks
from generator.checks import config as checks_config
from generator.checks.targets import Result
from generator.checks.targets import validate as check_targets
from generator.errors import EXIT_CANNOT_RUN, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Location, fail


def validate(project: Path, targets: list[str], specs: Path | None = None, config_file: Path | None = None,
             max_size: str | None = None) -> list[Result]:
    """Check each target (every pinned release when there is none) with the project's checks config
    (or `config_file`), refusing files larger than `max_size` (e.g. "64MiB") when it is given."""
    config = checks_config.load(project, config_file)
    if max_size is not None:
        config = _with_max_size(config, max_size)
    return check_targets(targets, specs or project / "specs", config)


def exit_code(results: list[Result], fail_on: str) -> int:
    """3 when a document could not be checked, 1 when a finding is at `fail_on` or above, else 0."""
    if any(result.could_not_run for result in results):
        return EXIT_CANNOT_RUN
    problems = [p for result in results for p in result.problems]
    return EXIT_FINDINGS if checks.at_or_above(problems, fail_on) else EXIT_OK


def _with_max_size(config: checks_config.Config, text: str) -> checks_config.Config:
    try:
        return checks_config.Config(config.levels, checks_config.parse_size(text), config.source)
    except ValueError as e:
        raise fail("usage", f"--max-size: {e}", Location("--max-size"), exit_code=EXIT_USAGE) from e
