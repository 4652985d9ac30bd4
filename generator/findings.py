"""One findings model for every stage: what a check, a diff rule or a client tool found, and where.

    Finding(code, level, message, location, hint=None, previous=None)
    as_text(finding)  -> `file:line:col: level[code] message (at /pointer)`, then its `was:` and `hint:` lines
    LEVELS            -> the one severity scale, most severe first; at_or_above(level, threshold)
    register(...)     -> adds a rule to a registry, refusing a malformed or repeated id

The JSON documents the commands print from these findings are described in `findings_schema`.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import TypeVar

# The one scale, most severe first. The checks and the client tools use `error`, `warning` and
# `info`; the diff adds `breaking` (can break existing clients), `deprecation` (announces or completes
# a removal the versioning policy allows) and `additive` (new surface clients can ignore), and its
# `error` is a breach of the versioning policy. `off` is not a level: it switches a rule off.
LEVELS = ("error", "breaking", "warning", "deprecation", "additive", "info")
CHECK_LEVELS = ("error", "warning", "info")  # the levels of a check rule and of a client tool's finding
OFF = "off"
SEVERITY = {level: rank for rank, level in enumerate(LEVELS)}

# A rule id: lowercase words, digits allowed (`openapi-3-0`), joined by '-'. Checks and diff rules both.
RULE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# What a spec could smuggle into a terminal through a message: C0 controls (newlines are handled
# apart), DEL, C1 controls, and the bidirectional overrides and isolates that reorder a line.
_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
CONTINUED = "\n    "  # a message's further lines are indented: none can pass for a finding of its own


def at_or_above(level: str, threshold: str) -> bool:
    """Whether `level` is `threshold` or more severe on the one scale."""
    return SEVERITY[level] <= SEVERITY[threshold]


def configured_level(levels: Mapping[str, str], rule_id: str, default: str) -> str | None:
    """The level a config gives a rule (its own `default` unless re-levelled), None when switched off."""
    level = levels.get(rule_id, default)
    return None if level == OFF else level


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

    def to_dict(self) -> dict:
        return {"source": self.source, "pointer": self.pointer, "line": self.line, "column": self.column}


@dataclass(frozen=True)
class Finding:
    """A located finding: its stable code (the rule id), its level on `LEVELS`, and where it is.

    `previous` is a second location, where the same thing was before (the old side of a diff)."""

    code: str
    level: str
    message: str
    location: Location
    hint: str | None = None
    previous: Location | None = None

    def format(self) -> str:
        return as_text(self)

    def to_dict(self) -> dict:
        """The JSON fields; `previous` only when there is one."""
        data = {"code": self.code, "level": self.level, "message": self.message,
                "location": self.location.to_dict(), "hint": self.hint}
        if self.previous is not None:
            data["previous"] = self.previous.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Finding:
        previous = data.get("previous")
        return cls(data["code"], data["level"], data["message"], Location(**data["location"]),
                   data.get("hint"), Location(**previous) if previous else None)


def as_text(finding: Finding, lead: str = "") -> str:
    """The one text format: a line (`lead` starts the message), the previous place, the hint; every
    control character shown as an escape."""
    message = printable(lead + finding.message, CONTINUED)
    text = f"{printable(finding.location.prefix())}: {finding.level}[{finding.code}] {message}"
    if finding.location.pointer:
        text += f" (at {printable(finding.location.pointer)})"
    if finding.previous is not None:
        text += f"\n  was: {place(finding.previous)}"
    if finding.hint:
        text += f"\n  hint: {printable(finding.hint, CONTINUED)}"
    return text


def place(location: Location) -> str:
    """A location on a line of its own: `file:line:col (at /pointer)`, the root shown as `/`."""
    return f"{printable(location.prefix())} (at {printable(location.pointer or '/')})"


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


R = TypeVar("R")


def register(registry: dict[str, R], rule_id: str, level: str, levels: Collection[str], rule: R) -> R:
    """Add `rule` under `rule_id`; a malformed id, a level off `levels` or a repeated id is refused."""
    if not RULE_ID.match(rule_id):
        raise ValueError(f"rule id {rule_id!r} is not lowercase words (digits allowed) joined by '-'")
    if level not in levels:
        raise ValueError(f"rule {rule_id!r}: level must be one of {', '.join(levels)}, not {level!r}")
    if rule_id in registry:
        raise ValueError(f"rule {rule_id!r} is registered twice")
    registry[rule_id] = rule
    return rule
