"""`publish`: pull a tag, then rebuild the whole site with it; the pin is undone if the build fails.

    pull -> build (the checks and the whole site)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import pins
from generator.commands.build import build
from generator.commands.pull import Pulled, pull
from generator.errors import GeneratorError, Location, Problem
from generator.site import BuildResult, output
from generator.source.http import Progress


@dataclass(frozen=True)
class Published:
    pulled: Pulled
    build: BuildResult

    @property
    def prerelease(self) -> bool:  # published under its own name, never as latest
        return pins.is_prerelease(self.pulled.tag)

    @property
    def page(self) -> Path:
        return self.build.site / self.pulled.tag / "docs" / "developer"


def publish(project: Path, specs: Path, site: Path, tag: str, source_name: str | None = None,
            force: bool = False, on_bytes: Progress | None = None, progress=lambda message: None,
            check_clients: bool = True) -> Published:
    """Pull `tag`, then rebuild the whole site with it; if the build fails, `specs/` is left as it was.

    By default the build also generates and compiles typed clients from every release's document, so
    a release whose document breaks client generation is not published."""
    output.check_target(project, site, specs)  # before the pull writes to specs/
    pulled = pull(project, specs, tag, source_name, force, on_bytes)
    progress(f"{tag}: {pulled.status} {pulled.file.name}; building the site")
    try:
        built = build(project, specs, site, progress=progress, check_clients=check_clients)
    except GeneratorError as e:
        _undo(specs, pulled)
        note = Problem("publish-undone", "info", f"{tag} was not published; specs/ is as it was before",
                       _pin_location(specs, tag))
        raise GeneratorError([*e.problems, note] if pulled.status != "unchanged" else e.problems,
                             e.exit_code) from e
    except BaseException:
        _undo(specs, pulled)
        raise
    return Published(pulled, built)


def _pin_location(specs: Path, tag: str) -> Location:
    """Where the manifest pins `tag` (its entry's line), or the manifest itself when it does not."""
    try:
        manifest_spec, pinned = pins.manifest(specs)
    except GeneratorError:
        return Location(str(specs / pins.MANIFEST))
    index = next((pin.index for pin in pinned if pin.tag == tag), None)
    return manifest_spec.locate(f"/releases/{index}") if index is not None else Location(manifest_spec.source)


def _undo(specs: Path, pulled: Pulled) -> None:
    if pulled.result is not None:
        pins.unpin(specs, pulled.result)
