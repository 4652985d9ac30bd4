"""`pull`: fetch a tag's document from its source, check it and pin it in `specs/`.

    source.resolve -> spec.load -> check_release -> pins.pin
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from generator import checks, pins, source
from generator.checks import house
from generator.errors import EXIT_USAGE, GeneratorError, Location, Problem, fail
from generator.source.http import Progress
from generator.spec import Spec, load

_OPENAPI_31 = re.compile(r"^3\.1\.\d+$")
_OPENAPI_3X = re.compile(r"^3\.[01]\.\d+$")


@dataclass(frozen=True)
class Pulled:
    tag: str
    status: str  # see pins.PinResult.status
    file: Path
    sha256: str
    size: int
    source: str
    previous_sha256: str | None = None  # when re-pinned with --force
    result: pins.PinResult | None = None

    def to_dict(self) -> dict:
        return {"tag": self.tag, "status": self.status, "file": str(self.file), "sha256": self.sha256,
                "size": self.size, "source": self.source, "previous_sha256": self.previous_sha256}


@dataclass(frozen=True)
class PullReport:
    pulled: list[Pulled]
    problems: list[Problem]
    exit_code: int


def check_release(spec: Spec, tag: str, config: checks.config.Config | None = None) -> None:
    """A release's document is OpenAPI 3.1.x and its info.version is the tag (a leading `v` aside).
    A project whose checks config switches `openapi-3-0` off takes OpenAPI 3.0.x too, and one that
    switches `info-version-tag` off takes any tag (the reference-only profile, profiles/reference)."""
    rules = checks.config.Config() if config is None else config
    if _OPENAPI_3X.match(spec.openapi) and rules.levels.get("openapi-3-0") == checks.config.OFF:
        pass
    elif not _OPENAPI_31.match(spec.openapi):
        raise fail("pull-not-openapi-3.1", f"{tag} is an OpenAPI {spec.openapi} document; the reference "
                   "needs OpenAPI 3.1.x", spec.locate("/openapi"),
                   hint="Aviato's server generates 3.1; a 3.0 document means the wrong file or release")
    if rules.levels.get("info-version-tag") == checks.config.OFF:
        return
    if not house.version_is_tag(spec.document, tag):
        version = house.info_version(spec.document)
        raise fail("pull-version-mismatch", f"info.version is {version!r}, but the tag is {tag}",
                   spec.locate("/info/version"), hint="the source gave another release's document")


def pull(project: Path, specs: Path, tag: str, source_name: str | None = None, force: bool = False,
         on_bytes: Progress | None = None) -> Pulled:
    pins.check_tag(tag)
    with source.configured(project, source_name, on_bytes) as src:
        return _pull_one(src, specs, tag, force, checks.config.load(project))


def pull_all(project: Path, specs: Path, source_name: str | None = None, force: bool = False,
             on_bytes: Progress | None = None, progress=lambda message: None) -> PullReport:
    """Every tag the source offers that is not pinned yet; one failure does not stop the others."""
    pulled, problems, exit_code = [], [], 0
    with source.configured(project, source_name, on_bytes) as src:
        tags = source.list_tags(src)
        if tags is None:
            raise fail("source-cannot-list", f"source {src.name!r} ({src.kind}) cannot list its tags; "
                       "pull them one at a time", Location(src.label), exit_code=EXIT_USAGE)
        pinned = {pin.tag for pin in pinned_pins(specs)}
        rules = checks.config.load(project)
        for tag in (t for t in tags if t not in pinned):
            progress(f"pulling {tag} from {src.label}")
            try:
                pulled.append(_pull_one(src, specs, pins.check_tag(tag, src.label), force, rules))
            except GeneratorError as e:
                problems += e.problems
                exit_code = max(exit_code, e.exit_code)
    return PullReport(pulled, problems, exit_code)


def _pull_one(src: source.Source, specs: Path, tag: str, force: bool, rules: checks.config.Config) -> Pulled:
    raw = source.resolve(tag, source.Reader(specs, source=src)).raw
    check_release(load(raw), tag, rules)
    result = pins.pin(specs, raw, src.label, force)
    entry, previous = result.entry, result.previous
    return Pulled(tag, result.status, specs / entry["file"], entry["sha256"], entry["size"], entry["source"],
                  previous.get("sha256") if previous and result.status == "re-pinned" else None, result)


def pinned_pins(specs: Path) -> list[pins.Pin]:
    """The manifest's entries (not verified: that is the build's job); none for a new `specs/`."""
    if not (specs / pins.MANIFEST).exists():
        return []
    return pins.manifest(specs)[1]

