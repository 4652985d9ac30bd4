"""The rule registry: one small unit per rule, with a stable id, a level and a one-line description.

A rule is a function of a `Context` that yields `Finding`s; it never raises on bad content. The
registry test (tests/test_checks_registry.py) fails when a rule lacks an id, level, description or
its good and bad fixture, or when a fixture folder belongs to no rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from generator.errors import LEVELS
from generator.spec.lines import Pointer

KEBAB = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Finding:
    """What a rule found: where (a JSON pointer into the document) and what."""

    pointer: str | Pointer
    message: str
    hint: str | None = None
    line: int | None = None  # only for findings the parser located itself (no pointer to look up)
    column: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    level: str  # the default; the config can re-level or switch it off
    description: str
    kind: str  # "structural" or "house"
    check: Callable[..., Iterable[Finding]]


RULES: dict[str, Rule] = {}


def rule(rule_id: str, level: str, description: str, kind: str = "structural"):
    """Register the decorated `check(ctx) -> Iterable[Finding]` under a kebab-case id."""
    if not KEBAB.match(rule_id) or level not in LEVELS or rule_id in RULES:
        raise ValueError(f"bad or repeated rule declaration {rule_id!r} ({level})")

    def register(check):
        RULES[rule_id] = Rule(rule_id, level, description, kind, check)
        return check

    return register
