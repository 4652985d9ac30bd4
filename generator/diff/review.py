"""What a project decides about its diffs: rule levels from `[tool.aviato-docs.diff.rules]` of
pyproject.toml, and the changes a reviewer accepted (`--accept FILE`).

    [tool.aviato-docs.diff.rules]
    response-enum-widened = "breaking"   # any level of generator.findings.LEVELS
    description-changed = "off"          # or switch a rule off

An accept file lists fingerprints, one a line; `#` starts a comment, and anything after the
fingerprint on its line is a note for people:

    3f9c0a1b2d4e  response-property-removed on getThing: the field was never filled
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import replace
from pathlib import Path

from generator.diff.model import FINGERPRINT_LENGTH, RULES, Change
from generator.errors import EXIT_USAGE, Location, fail
from generator.findings import LEVELS, OFF

_FINGERPRINT = re.compile(rf"^[0-9a-f]{{{FINGERPRINT_LENGTH}}}$")


def levels(project: Path) -> dict[str, str]:
    """Rule id -> level (or "off") from the project's pyproject.toml; unknown ids and levels are usage
    errors."""
    path = project / "pyproject.toml"
    if not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise fail("config-invalid", f"cannot read the diff config: {e}", Location(str(path)),
                   exit_code=EXIT_USAGE) from e
    table = data.get("tool", {}).get("aviato-docs", {}).get("diff", {}).get("rules", {})
    if not isinstance(table, dict):
        raise fail("config-invalid", "[tool.aviato-docs.diff.rules] must be a table of rule id = level",
                   Location(str(path), "/tool/aviato-docs/diff/rules"), exit_code=EXIT_USAGE)
    for rule_id, level in table.items():
        problem = (f"unknown diff rule {rule_id!r}" if rule_id not in RULES else
                   f"diff rule {rule_id!r}: level must be one of {', '.join((*LEVELS, OFF))}, not {level!r}"
                   if level not in (*LEVELS, OFF) else None)
        if problem:
            raise fail("config-invalid", problem,
                       Location(str(path), f"/tool/aviato-docs/diff/rules/{rule_id}",
                                                           _line_of(text, rule_id)), exit_code=EXIT_USAGE)
    return dict(table)


def _line_of(text: str, key: str) -> int | None:
    pattern = re.compile(rf'^\s*("{re.escape(key)}"|{re.escape(key)})\s*=')
    return next((n for n, line in enumerate(text.splitlines(), 1) if pattern.match(line)), None)


def accepted(path: Path) -> set[str]:
    """The fingerprints an accept file lists."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise fail("accept-unreadable", f"cannot read {path}: {getattr(e, 'strerror', None) or e}",
                   Location(str(path)), exit_code=EXIT_USAGE) from e
    found = set()
    for number, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        if not _FINGERPRINT.match(words[0]):
            raise fail("accept-invalid", f"{words[0]!r} is not a change's fingerprint ({FINGERPRINT_LENGTH} "
                       "hex digits, as `--format json` shows them)", Location(str(path), "", number, 1),
                       exit_code=EXIT_USAGE)
        found.add(words[0])
    return found


def accept(changes: list[Change], fingerprints: set[str]) -> tuple[list[Change], set[str]]:
    """The changes with those listed marked accepted, and the listed fingerprints no change has."""
    marked = [replace(c, accepted=True) if c.fingerprint in fingerprints else c for c in changes]
    return marked, fingerprints - {c.fingerprint for c in changes}
