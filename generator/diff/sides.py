"""The two sides of `aviato-docs diff`: a pinned tag, a file, an http(s) URL, or `git:REF:path`.

The bytes come from `generator.source.resolve`; a side only adds what the report links to.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import source
from generator.spec import Spec, load


@dataclass(frozen=True)
class Side:
    spec: Spec
    tag: str | None  # the pinned release, when the side is one: the published reference to link to
    date: str | None = None  # a pinned release's date (YYYY-MM-DD of its pulled_at)


def open_side(text: str, project: Path, specs: Path) -> Side:
    resolved = source.resolve(text, source.Reader(specs, project, code="diff-side"))
    if resolved.kind == "pin" and resolved.pin is not None:
        return Side(load(resolved.raw), resolved.pin.tag, resolved.pin.pulled_at[:10] or None)
    return Side(load(resolved.raw), None)
