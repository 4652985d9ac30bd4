"""What the schema rules share: one finding per schema delta of a kind."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from generator.diff.model import Finding
from generator.diff.schemas import Delta


def delta_findings(deltas: Iterable[Delta], kind: str, message: Callable[[Delta], str | None]):
    """A finding for each delta of `kind` whose message is not None (None: the rule does not apply)."""
    for delta in deltas:
        if delta.kind == kind:
            text = message(delta)
            if text is not None:
                yield Finding(text, delta.old_pointer, delta.new_pointer, subject(delta))


def subject(delta: Delta) -> str:
    """What a delta changed, named inside its operation: the schema it is in, its path, its keyword."""
    return " ".join(part for part in (delta.root, delta.where(), delta.keyword) if part)


def object_at(delta: Delta, container: str) -> str:
    """How a message names the object a delta is about: by its property path inside `container`."""
    return f"the object at {delta.where()} in the {container}" if delta.path else f"the {container}"
