"""`diff`: what changed between two documents, classified; or the whole pinned history.

    source (tag, file, URL, git:REF:path) -> spec.load -> diff.compare -> review.accept -> a format
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from generator import diff, pins
from generator.diff import ci, formats, review
from generator.diff.sides import open_side
from generator.errors import EXIT_FINDINGS, EXIT_OK
from generator.site import engine

FORMATS = ("text", "markdown", "json", "html", "github", "junit")
FAIL_ON = {"error": "error", "breaking": "breaking", "deprecation": "deprecation", "any": "info"}


@dataclass(frozen=True)
class Compared:
    changes: list[diff.Change]
    stale: list[str]  # accepted fingerprints that match no change, sorted
    sides: formats.Sides


def compare(project: Path, old: str, new: str, specs: Path | None = None, accept: Path | None = None,
            date: str | None = None, site_url: str | None = None) -> Compared:
    """Compare OLD and NEW under the project's rule levels; between two pinned releases the
    versioning policy applies too. `accept` lists the fingerprints a reviewer accepted; `date` is the
    new side's release date (default: a pinned tag's pulled_at); `site_url` the root of the links
    (default: mkdocs.yml's)."""
    specs = specs or project / "specs"
    levels = review.levels(project)
    accepted = review.accepted(accept) if accept else set()
    old_side, new_side = open_side(old, project, specs), open_side(new, project, specs)
    policy = diff.Policy(levels, date or new_side.date, releases=bool(old_side.tag and new_side.tag))
    changes, stale = review.accept(diff.compare(old_side.spec, new_side.spec, policy=policy), accepted)
    sides = formats.Sides(old_side.spec.source, new_side.spec.source, old_side.tag, new_side.tag,
                          engine.site_url(project) if site_url is None else site_url)
    return Compared(changes, sorted(stale), sides)


def history(project: Path, specs: Path | None = None) -> diff.History:
    """Every pinned release compared with its predecessor, as releases."""
    return diff.history(pins.releases(specs or project / "specs"), levels=review.levels(project))


def show(changes: list[diff.Change], sides: formats.Sides, fmt: str, fail_on: str) -> str:
    """The changes in one of FORMATS (text in colour on a terminal, unless NO_COLOR)."""
    threshold = FAIL_ON[fail_on]
    if fmt == "github":
        return ci.as_github(changes, threshold)
    if fmt == "junit":
        return ci.as_junit(changes, threshold, f"{sides.old_name} -> {sides.new_name}")
    if fmt == "json":
        return json.dumps(formats.as_json(changes, sides), indent=2) + "\n"
    if fmt == "markdown":
        return formats.as_markdown(changes, sides)
    if fmt == "html":
        return formats.as_html(changes, sides)
    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return formats.as_text(changes, sides, colour)


def show_history(result: diff.History, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(formats.history_json(result), indent=2) + "\n"
    return formats.history_text(result)


def exit_code(changes: list[diff.Change], fail_on: str) -> int:
    """1 when a change not accepted is at `fail_on` or above, else 0."""
    threshold = FAIL_ON[fail_on]
    failing = any(diff.at_or_above(c.level, threshold) and not c.accepted for c in changes)
    return EXIT_FINDINGS if failing else EXIT_OK


def history_exit_code(result: diff.History, fail_on: str) -> int:
    return exit_code([c for step in result.steps for c in step.changes], fail_on)
