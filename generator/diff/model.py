"""What a diff reports: a Change, the operation it affects, its level, and the registry of rules."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from generator.errors import Location
from generator.facts import scalar_anchor

# Levels, most severe first. `error` breaks Aviato's versioning policy (an operation removed without
# a release that deprecated it); `breaking` can break existing clients; `warning` may surprise clients
# that do not tolerate it (new enum values in a response); `deprecation` announces or completes a
# removal the policy allows; `additive` is new surface clients can ignore; `info` is prose and metadata.
LEVELS = ("error", "breaking", "warning", "deprecation", "additive", "info")
SEVERITY = {level: rank for rank, level in enumerate(LEVELS)}
FINGERPRINT_LENGTH = 12


def at_or_above(level: str, threshold: str) -> bool:
    return SEVERITY[level] <= SEVERITY[threshold]


@dataclass(frozen=True)
class OperationRef:
    """The operation a change affects, as it is in the new spec (or in the old one when removed)."""

    operation_id: str | None
    method: str  # upper case
    path: str
    tag: str  # "default" for an operation without a tag
    removed: bool = False  # only in the old spec: its reference page is the old release's
    tagged: bool = True  # False: the operation has no tag, and Scalar lists it outside any

    @property
    def key(self) -> str:
        """Identity across releases: the operationId, else method and path."""
        return self.operation_id or self.route

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def label(self) -> str:
        return f"{self.operation_id} ({self.route})" if self.operation_id else self.route

    @property
    def scalar_anchor(self) -> str:
        """Scalar's deep link, as facts.Operation.scalar_anchor gives it."""
        return scalar_anchor(self.method, self.path, self.tag if self.tagged else None)

    def to_dict(self) -> dict:
        return {"operationId": self.operation_id, "method": self.method, "path": self.path,
                "tag": self.tag, "anchor": self.scalar_anchor, "removed": self.removed}


@dataclass(frozen=True)
class Change:
    rule: str  # the rule's kebab-case id
    level: str  # one of LEVELS
    message: str
    operation: OperationRef | None  # None for document-wide changes (servers, tags, info)
    old: Location  # where it is (or would be) in the old spec
    new: Location  # where it is (or would be) in the new spec
    subject: str = ""  # what changed inside the operation (a property path, a parameter); "" : the message says
    accepted: bool = False  # a reviewer accepted it (`--accept`): it no longer counts for --fail-on

    @property
    def fingerprint(self) -> str:
        """A short id that survives unrelated edits: the rule, the operation's identity and what changed
        inside it (never a line number or a file name)."""
        identity = self.operation.key if self.operation else ""
        text = "\x1f".join((self.rule, identity, self.subject or self.message))
        return hashlib.sha256(text.encode()).hexdigest()[:FINGERPRINT_LENGTH]

    def format(self) -> str:
        """The project's one problem format, with the new location first and the old one after."""
        subject = f"{self.operation.route}: " if self.operation else ""
        text = f"{self.new.prefix()}: {self.level}[{self.rule}] {subject}{self.message}"
        if self.new.pointer:
            text += f" (at {self.new.pointer})"
        return f"{text}\n  was: {self.old.prefix()} (at {self.old.pointer or '/'})"

    def to_dict(self) -> dict:
        def place(location: Location) -> dict:
            return {"source": location.source, "pointer": location.pointer,
                    "line": location.line, "column": location.column}

        return {"id": self.rule, "level": self.level, "message": self.message,
                "operation": self.operation.to_dict() if self.operation else None,
                "old": place(self.old), "new": place(self.new),
                "fingerprint": self.fingerprint, "accepted": self.accepted}


@dataclass(frozen=True)
class Finding:
    """What a rule yields: a message and the pointers of the change on each side."""

    message: str
    old_pointer: str
    new_pointer: str
    subject: str = ""  # what changed inside the operation, for the fingerprint (default: the message)


@dataclass(frozen=True)
class Rule:
    id: str
    level: str
    description: str
    check: Callable[..., Iterable[Finding]]
    scope: str  # "operation" (called with an OperationDiff), "document" (with both specs) or "release"
    # (with both specs and the other changes, between two releases only)
    mirrors: tuple[str, ...] = field(default=())  # rules that report this change read backwards


RULES: dict[str, Rule] = {}
OFF = "off"


@dataclass(frozen=True)
class Policy:
    """How a comparison judges: levels re-set per rule id (or "off"), the new release's date (RFC 3339
    `YYYY-MM-DD`, for `x-sunset`), and whether both sides are releases (the versioning rules apply)."""

    levels: dict = field(default_factory=dict)
    date: str | None = None
    releases: bool = False

    def level(self, r: Rule) -> str | None:
        level = self.levels.get(r.id, r.level)
        return None if level == OFF else level


def rule(id: str, level: str, description: str, scope: str = "operation", mirrors: tuple[str, ...] = ()):
    """Register a check function as a rule; the registry keeps definition order."""
    def register(check):
        RULES[id] = Rule(id, level, description, check, scope, mirrors)
        return check
    return register
