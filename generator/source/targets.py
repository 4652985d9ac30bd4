"""The bytes a target stands for: a pinned tag, a file, an http(s) URL, `git:REF:path`, or a tag of a
configured source.

    raw = source.resolve("1.2.0", source.Reader(specs)).raw       # validate, clients: pins and files
    raw = source.resolve(url, source.Reader(specs, project, code="diff-side")).raw  # diff: any kind
    raw = source.resolve("v1.3.0", source.Reader(specs, source=src)).raw  # pull, publish: the source's

One size limit (`MAX_BYTES`, the command's `--max-size`, or the source's `max_mb`) applies to every kind,
checked before the bytes are read where the size is known first (`policy`). One timeout policy, the
sources' `Network`: a download ends within `total_timeout`, and each git command within `read_timeout`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import pins
from generator.errors import EXIT_CANNOT_RUN, EXIT_USAGE, GeneratorError, Location, fail
from generator.source import git, policy
from generator.source.http import Http, Refused, display
from generator.source.kinds import Source
from generator.source.policy import Network
from generator.spec import RawSpec, read

MAX_BYTES = policy.MAX_BYTES  # for a target named on the command line, unless the command says otherwise


@dataclass(frozen=True)
class Reader:
    """How one command reads its targets: which kinds it takes and how its refusals are named."""

    specs: Path  # the pinned specs folder
    project: Path | None = None  # the repository `git:REF:path` reads; None: files and pinned tags only
    max_bytes: int | None = None  # None: MAX_BYTES
    code: str = "target"  # refusals: `<code>-unknown` (no such target), `<code>-unreadable` (git, URL)
    manifest_optional: bool = False  # validate: with no readable manifest, a tag is only an unknown name
    source: Source | None = None  # pull, publish: every target is a tag of this configured source

    @property
    def limit(self) -> int:
        return self.max_bytes or MAX_BYTES


@dataclass(frozen=True)
class Resolved:
    raw: RawSpec  # a file that is a pinned release carries the release's tag
    kind: str  # "pin", "file", "url", "git" or "source"
    pin: pins.Pin | None = None  # the pinned release, for a tag and for a pinned release's file


def resolve(target: str, reader: Reader) -> Resolved:
    """The bytes `target` names; a name that is none of the kinds the reader takes is a usage error."""
    if reader.source is not None:  # the source's own size limit and timeouts (aviato-docs.toml)
        return Resolved(fetch_tag(reader.source, target), "source")
    if reader.project is not None and target.startswith(("http://", "https://")):
        return Resolved(_fetch(target, reader), "url")
    if reader.project is not None and target.startswith("git:"):
        return Resolved(_git_show(target, reader.project, reader), "git")
    path = Path(target)
    if path.is_file():  # a file needs no manifest; one that is a pinned release's file keeps its tag
        _, pinned = _optional_manifest(reader.specs)
        pin = next((p for p in pinned if (reader.specs / p.file).resolve() == path.resolve()), None)
        return Resolved(read(path, pin.tag if pin else None, reader.limit), "file", pin)
    if reader.manifest_optional:
        manifest_spec, pinned = _optional_manifest(reader.specs)
    else:
        manifest_spec, pinned = pins.manifest(reader.specs)
    wanted = target.removeprefix("v")
    pin = next((p for p in pinned if p.tag.removeprefix("v") == wanted), None)
    if pin is None:
        raise _unknown(target, reader, pinned)
    return Resolved(pins.read(reader.specs, pin, manifest_spec), "pin", pin)


def fetch_tag(src: Source, tag: str) -> RawSpec:
    """A tag of a configured source; an unsafe tag is refused before anything is fetched or written."""
    return src.fetch(pins.check_tag(tag))


def _optional_manifest(specs: Path):
    """The manifest, else none: files can be read without any pinned release around."""
    try:
        return pins.manifest(specs)
    except GeneratorError:
        return None, []


def _unknown(target: str, reader: Reader, pinned: list[pins.Pin]) -> GeneratorError:
    if reader.project is None:
        return fail(f"{reader.code}-unknown", f"{target} is neither a file nor a pinned tag in "
                    f"{reader.specs}", Location(target), exit_code=EXIT_USAGE)
    tags = ", ".join(p.tag for p in pinned)
    return fail(f"{reader.code}-unknown", f"{target!r} is not a pinned tag ({tags}), an existing file, "
                "an http(s) URL or git:REF:path", Location(str(reader.specs / pins.MANIFEST)),
                exit_code=EXIT_USAGE)


def _git_show(text: str, project: Path, reader: Reader) -> RawSpec:
    """`path` at `REF` in the project's repository. The REF comes from the command line: one that
    starts with `-` is refused, and `--end-of-options` keeps git from reading it as an option."""
    _, _, rest = text.partition(":")
    ref, _, path = rest.partition(":")
    if not ref or not path:
        raise fail(f"{reader.code}-unknown", f"{text!r}: write git:REF:path, "
                   "e.g. git:v1.2.0:specs/v1.2.0.json", Location(text), exit_code=EXIT_USAGE)
    if ref.startswith("-"):
        raise fail(f"{reader.code}-unknown", f"{text!r}: a git REF cannot start with '-'", Location(text),
                   exit_code=EXIT_USAGE)
    obj, timeout = f"{ref}:{path}", Network().read_timeout

    def too_large(size: int) -> GeneratorError:
        return policy.too_large(obj, size, reader.limit, text, code=f"{reader.code}-unreadable", hint=None)

    try:
        return RawSpec(text, git.blob(str(project), obj, reader.limit, timeout, too_large))
    except git.GitFailed as e:
        raise _unreadable(reader, _git_failure(e, obj, timeout), text) from e


def _git_failure(e: git.GitFailed, obj: str, timeout: float) -> str:
    if e.reason == "missing":
        return f"cannot run git: {e.first_error}"
    if e.reason == "timeout":
        return f"git show {obj} took more than {timeout:g} s"
    said = "\n".join(e.detail)
    return f"git show {obj} failed: {said}"


def _fetch(url: str, reader: Reader) -> RawSpec:
    """The document at `url`, through the sources' HTTP client: timeouts, retries on connection errors
    and 5xx, the size limit, and messages that never show the URL's credentials or query."""
    shown = display(url)
    with Http(Network(max_bytes=reader.limit), shown) as http:
        try:
            return RawSpec(shown, http.get(url, shown))
        except Refused as e:
            raise _unreadable(reader, f"cannot fetch {shown}: {e}", shown) from None


def _unreadable(reader: Reader, message: str, where: str) -> GeneratorError:
    return fail(f"{reader.code}-unreadable", message, Location(where), exit_code=EXIT_CANNOT_RUN)
