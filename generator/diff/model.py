"""What a diff reports: a Change (a `generator.findings.Finding`), the operation it affects, and the rules."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from generator import findings
from generator.findings import LEVELS, OFF, SEVERITY, Location, at_or_above
from generator.layout import scalar_anchor

__all__ = ["FINGERPRINT_LENGTH", "LEVELS", "OFF", "RULES", "SEVERITY", "Change", "Finding", "OperationRef",
           "Policy",
           "Rule", "at_or_above", "rule"]

FINGERPRINT_LENGTH = 12


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
class Change(findings.Finding):
    """A classified change: the shared finding (code: the rule's id; location: the new side; previous:
    the old side) with the operation it affects and what changed inside it."""

    operation: OperationRef | None = None  # None for document-wide changes (servers, tags, info)
    subject: str = ""  # what changed inside the operation (a property path, a parameter); "": the message
    accepted: bool = False  # a reviewer accepted it (`--accept`): it no longer counts for --fail-on

    @property
    def rule(self) -> str:
        return self.code

    @property
    def new(self) -> Location:
        """Where it is (or would be) in the new spec."""
        return self.location

    @property
    def old(self) -> Location:
        """Where it is (or would be) in the old spec."""
        return self.previous or self.location

    @property
    def fingerprint(self) -> str:
        """A short id that survives unrelated edits: the rule, the operation's identity and what changed
        inside it (never a line number or a file name)."""
        identity = self.operation.key if self.operation else ""
        text = "\x1f".join((self.rule, identity, self.subject or self.message))
        return hashlib.sha256(text.encode()).hexdigest()[:FINGERPRINT_LENGTH]

    def format(self) -> str:
        """The project's one problem format, with the new location first and the old one after."""
        return findings.as_text(self, f"{self.operation.route}: " if self.operation else "")

    def to_dict(self) -> dict:
        return {"id": self.rule, "level": self.level, "message": self.message,
                "operation": self.operation.to_dict() if self.operation else None,
                "old": self.old.to_dict(), "new": self.new.to_dict(),
                "fingerprint": self.fingerprint, "accepted": self.accepted}


class Finding(findings.Finding):
    """What a rule yields: the shared finding, built from a message and the pointers of the change on
    each side; `compare` gives it the rule's id, its level and the documents' names and lines.

    `subject` is what changed inside the operation, for the fingerprint (default: the message). Being
    built from pointers, it is not copied with `dataclasses.replace`."""

    subject: str

    def __init__(self, message: str, old_pointer: str, new_pointer: str, subject: str = ""):
        super().__init__("", "", message, Location("", new_pointer), previous=Location("", old_pointer))
        object.__setattr__(self, "subject", subject)

    @property
    def old_pointer(self) -> str:
        return self.previous.pointer if self.previous else ""

    @property
    def new_pointer(self) -> str:
        return self.location.pointer


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


@dataclass(frozen=True)
class Policy:
    """How a comparison judges: levels re-set per rule id (or "off"), the new release's date (RFC 3339
    `YYYY-MM-DD`, for `x-sunset`), and whether both sides are releases (the versioning rules apply)."""

    levels: dict = field(default_factory=dict)
    date: str | None = None
    releases: bool = False

    def level(self, r: Rule) -> str | None:
        return findings.configured_level(self.levels, r.id, r.level)


def rule(id: str, level: str, description: str, scope: str = "operation", mirrors: tuple[str, ...] = ()):
    """Register a check function as a rule (refused when its id is malformed or repeated); the registry
    keeps definition order."""
    def register(check):
        findings.register(RULES, id, level, LEVELS, Rule(id, level, description, check, scope, mirrors))
        return check
    return register
