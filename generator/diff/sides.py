"""The two sides of `aviato-docs diff`: a pinned tag, a file, an http(s) URL, or `git:REF:path`."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from generator import pins
from generator.errors import EXIT_CANNOT_RUN, EXIT_USAGE, Location, fail
from generator.spec import RawSpec, Spec, load

MAX_BYTES = 64 * 1024 * 1024  # a spec larger than this is not a spec
GIT_TIMEOUT = 60  # seconds for one git command on the project's own repository


@dataclass(frozen=True)
class Side:
    spec: Spec
    tag: str | None  # the pinned release, when the side is one: the published reference to link to
    date: str | None = None  # a pinned release's date (YYYY-MM-DD of its pulled_at)


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
    return Side(load(pins.read(specs, pin, manifest_spec)), tag, pin.pulled_at[:10] or None)


def _git_show(text: str, project: Path) -> RawSpec:
    """`path` at `REF` in the project's repository. The REF comes from the command line: one that
    starts with `-` is refused, and `--end-of-options` keeps git from reading it as an option."""
    _, _, rest = text.partition(":")
    ref, _, path = rest.partition(":")
    if not ref or not path:
        raise fail("diff-side-unknown", f"{text!r}: write git:REF:path, e.g. git:v1.2.0:specs/v1.2.0.json",
                   Location(text), exit_code=EXIT_USAGE)
    if ref.startswith("-"):
        raise fail("diff-side-unknown", f"{text!r}: a git REF cannot start with '-'", Location(text),
                   exit_code=EXIT_USAGE)
    obj = f"{ref}:{path}"
    size = _git(project, ["cat-file", "-s", "--end-of-options", obj], text, obj)
    if int(size) > MAX_BYTES:
        raise fail("diff-side-unreadable", f"{obj} is {int(size)} bytes, over the {MAX_BYTES}-byte limit",
                   Location(text), exit_code=EXIT_CANNOT_RUN)
    return RawSpec(text, _git(project, ["show", "--end-of-options", obj], text, obj))


def _git(project: Path, args: list[str], text: str, obj: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(project), *args], capture_output=True, check=False,
                              timeout=GIT_TIMEOUT, env={**os.environ, "GIT_TERMINAL_PROMPT": "0"})
    except OSError as e:
        raise fail("diff-side-unreadable", f"cannot run git: {e.strerror}", Location(text),
                   exit_code=EXIT_CANNOT_RUN) from e
    except subprocess.TimeoutExpired as e:
        raise fail("diff-side-unreadable", f"git show {obj} took more than {GIT_TIMEOUT} s", Location(text),
                   exit_code=EXIT_CANNOT_RUN) from e
    if done.returncode != 0:
        raise fail("diff-side-unreadable", f"git show {obj} failed: {done.stderr.decode(errors='replace').strip()}",
                   Location(text), exit_code=EXIT_CANNOT_RUN)
    return done.stdout


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
