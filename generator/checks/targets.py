"""What `aviato-docs validate` checks: files and pinned tags, each loaded and run through every rule.

One bad target never stops the others: a file that cannot be read or parsed becomes that target's
problems, so one run reports everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from generator import pins
from generator.checks import Config, run
from generator.errors import EXIT_CANNOT_RUN, EXIT_USAGE, GeneratorError, Location, Problem, fail
from generator.spec import RawSpec, load, read


@dataclass(frozen=True)
class Result:
    source: str
    tag: str | None
    problems: tuple[Problem, ...]
    could_not_run: bool = False  # reading failed (I/O), as opposed to bad content


def validate(targets: list[str], specs_dir: Path, config: Config) -> list[Result]:
    """Check each target (a file or a pinned tag); no target means every pinned release."""
    results = []
    for attempt in _readers(targets, specs_dir, config):
        try:
            raw = attempt()
            results.append(Result(raw.source, raw.tag, tuple(run(load(raw, config.max_bytes), config))))
        except GeneratorError as e:
            source = e.problems[0].location.source if e.problems else "?"
            results.append(Result(source, None, tuple(e.problems), e.exit_code == EXIT_CANNOT_RUN))
    return results


def _readers(targets: list[str], specs_dir: Path, config: Config) -> list[Callable[[], RawSpec]]:
    """One callable per target that returns its bytes or raises; an unknown target is a usage error."""
    if not targets:
        manifest_spec, pinned = pins.manifest(specs_dir)  # no manifest: nothing to check is an error
        return [_pin_reader(specs_dir, pin, manifest_spec) for pin in pinned]
    manifest_spec, pinned = _optional_manifest(specs_dir)
    readers = []
    for target in targets:
        path = Path(target)
        pin = _pin_of_file(path, specs_dir, pinned) if path.is_file() else _pin_of_tag(target, pinned)
        if path.is_file():
            tag = pin.tag if pin else None
            readers.append(lambda path=path, tag=tag: read(path, tag, config.max_bytes))
        elif pin is not None:
            readers.append(_pin_reader(specs_dir, pin, manifest_spec))
        else:
            raise fail("target-unknown", f"{target} is neither a file nor a pinned tag in {specs_dir}",
                       Location(target), exit_code=EXIT_USAGE)
    return readers


def _optional_manifest(specs_dir: Path):
    """Files can be checked without any pinned release around."""
    try:
        return pins.manifest(specs_dir)
    except GeneratorError:
        return None, []


def _pin_of_tag(target: str, pinned: list[pins.Pin]) -> pins.Pin | None:
    wanted = target.removeprefix("v")
    return next((pin for pin in pinned if pin.tag.removeprefix("v") == wanted), None)


def _pin_of_file(path: Path, specs_dir: Path, pinned: list[pins.Pin]) -> pins.Pin | None:
    """A file that is a pinned release keeps its tag, so the tag rules apply to it too."""
    return next((pin for pin in pinned if (specs_dir / pin.file).resolve() == path.resolve()), None)


def _pin_reader(specs_dir: Path, pin: pins.Pin, manifest_spec) -> Callable[[], RawSpec]:
    return lambda: pins.read(specs_dir, pin, manifest_spec)
