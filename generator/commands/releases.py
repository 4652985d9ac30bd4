"""`releases`: the pinned releases beside what the source offers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import pins, source
from generator.commands.pull import pinned_pins
from generator.errors import GeneratorError, Problem


@dataclass(frozen=True)
class ReleaseRow:
    tag: str
    pin: pins.Pin | None
    offered: bool | None  # None when the source could not be asked or cannot list
    prerelease: bool
    latest: bool


def releases(project: Path, specs: Path,
             source_name: str | None = None) -> tuple[list[ReleaseRow], str, list[Problem]]:
    """The pinned releases and what the source offers, newest first; a source failure is a problem,
    not a crash."""
    pinned = {pin.tag: pin for pin in pinned_pins(specs)}
    offered: set[str] | None = None
    problems: list[Problem] = []
    label = source_name or ""
    try:
        with source.configured(project, source_name) as src:
            label = src.label
            tags = source.list_tags(src)
            offered = set(tags) if tags is not None else None
    except GeneratorError as e:
        problems = e.problems
    every = sorted(set(pinned) | (offered or set()), key=pins.version_key, reverse=True)
    latest = pins.latest_stable(list(pinned))
    rows = [ReleaseRow(tag, pinned.get(tag), None if offered is None else tag in offered,
                       pins.is_prerelease(tag), tag == latest) for tag in every]
    return rows, label, problems
