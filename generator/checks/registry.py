"""The rule registry: one small unit per rule, with a stable id, a level and a one-line description.

A rule is a function of a `Context` that yields `Finding`s; it never raises on bad content. The
registry test (tests/test_checks_registry.py) fails when a rule lacks an id, level, description or
its good and bad fixture, or when a fixture folder belongs to no rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from generator import findings
from generator.findings import CHECK_LEVELS, Location
from generator.spec.lines import Pointer


class Finding(findings.Finding):
    """What a rule yields: the shared finding, built from where it is (a JSON pointer into the document)
    and what; `checks.run` gives it the rule's id, its level and the document's name and line.

    `line` and `column` only for findings the parser located itself (no pointer to look up). Being
    built from a pointer, it is not copied with `dataclasses.replace`."""

    def __init__(self, pointer: str | Pointer, message: str, hint: str | None = None,
                 line: int | None = None, column: int | None = None):
        super().__init__("", "", message, Location("", str(pointer), line, column), hint)


@dataclass(frozen=True)
class Rule:
    id: str
    level: str  # the default; the config can re-level or switch it off
    description: str
    kind: str  # "structural" or "house"
    check: Callable[..., Iterable[findings.Finding]]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, level: str, description: str, kind: str = "structural"):
    """Register the decorated `check(ctx) -> Iterable[Finding]` under a kebab-case id (refused when
    malformed or repeated)."""
    def register(check):
        findings.register(RULES, rule_id, level, CHECK_LEVELS, Rule(rule_id, level, description, kind, check))
        return check

    return register
