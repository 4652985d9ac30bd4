"""The two sides of `aviato-docs diff`: a pinned tag, a file, an http(s) URL, or `git:REF:path`."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator import pins
from generator.errors import EXIT_CANNOT_RUN, EXIT_USAGE, Location, fail
from generator.spec import RawSpec, Spec, load

MAX_BYTES = 64 * 1024 * 1024  # a spec larger than this is not a spec


@dataclass(frozen=True)
class Side:
    spec: Spec
    tag: str | None  # the pinned release, when the side is one: the published reference to link to


def open_side(text: str, project: Path, specs: Path) -> Side:
    if text.startswith(("http://", "https://")):
        return Side(load(_fetch(text)), None)
    if text.startswith("git:"):
        return Side(load(_git_show(text, project)), None)
    path = Path(text)
    if path.is_file():
        return Side(load(_read(path)), None)
    return _pinned(text, specs)


def _read(path: Path) -> RawSpec:
    try:
        return RawSpec(str(path), path.read_bytes())
    except OSError as e:
        raise fail("diff-side-unreadable", f"cannot read {path}: {e.strerror}", Location(str(path)),
                   exit_code=EXIT_CANNOT_RUN) from e


def _pinned(tag: str, specs: Path) -> Side:
    manifest_spec, known = pins.manifest(specs)
    pin = next((p for p in known if p.tag == tag), None)
    if pin is None:
        raise fail("diff-side-unknown", f"{tag!r} is not a pinned tag ({', '.join(p.tag for p in known)}), "
                   "an existing file, an http(s) URL or git:REF:path", Location(str(specs / pins.MANIFEST)),
                   exit_code=EXIT_USAGE)
    return Side(load(pins.read(specs, pin, manifest_spec)), tag)


def _git_show(text: str, project: Path) -> RawSpec:
    _, _, rest = text.partition(":")
    ref, _, path = rest.partition(":")
    if not ref or not path:
        raise fail("diff-side-unknown", f"{text!r}: write git:REF:path, e.g. git:v1.2.0:specs/v1.2.0.json",
                   Location(text), exit_code=EXIT_USAGE)
    try:
        done = subprocess.run(["git", "-C", str(project), "show", f"{ref}:{path}"], capture_output=True, check=False)
    except OSError as e:
        raise fail("diff-side-unreadable", f"cannot run git: {e.strerror}", Location(text),
                   exit_code=EXIT_CANNOT_RUN) from e
    if done.returncode != 0:
        raise fail("diff-side-unreadable", f"git show {ref}:{path} failed: {done.stderr.decode(errors='replace').strip()}",
                   Location(text), exit_code=EXIT_CANNOT_RUN)
    return RawSpec(text, done.stdout)


def _fetch(url: str) -> RawSpec:
    """The document at `url`, through the sources' HTTP client: timeouts, retries on connection errors
    and 5xx, the size limit, and messages that never show the URL's credentials or query."""
    from generator.source.http import Http, Network, Refused, display  # only URL sides need it

    shown = display(url)
    with Http(Network(max_bytes=MAX_BYTES), shown) as http:
        try:
            return RawSpec(shown, http.get(url, shown))
        except Refused as e:
            raise fail("diff-side-unreadable", f"cannot fetch {shown}: {e}", Location(shown),
                       exit_code=EXIT_CANNOT_RUN) from None
