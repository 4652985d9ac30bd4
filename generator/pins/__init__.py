"""The pinned releases in `specs/`: the manifest, the exact bytes of each release, and their order."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import orjson
import semver

from generator.errors import EXIT_FINDINGS, EXIT_USAGE, Location, fail
from generator.spec import RawSpec, Spec, load

__all__ = ["MANIFEST", "Pin", "PinResult", "Release", "check_name", "check_tag", "is_prerelease",
           "latest_stable", "manifest", "parse_manifest", "pin", "read", "releases", "semantic", "unpin",
           "version_key"]

MANIFEST = "manifest.json"
# A tag becomes a file name in specs/: letters, digits and `._+-`, starting with a letter or digit (never
# `-`, which git would read as an option), no `..`, no separators or control characters.
_SAFE_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,99}")
_RUNS = re.compile(r"\d+|\D+")


@dataclass(frozen=True)
class Pin:
    tag: str
    file: str
    sha256: str
    size: int
    source: str
    pulled_at: str
    index: int  # position in the manifest, for locating messages


@dataclass(frozen=True)
class Release:
    pin: Pin
    spec: Spec

    @property
    def tag(self) -> str:
        return self.pin.tag


def semantic(tag: str) -> semver.Version | None:
    """The semantic version (semver 2.0.0) a tag names, a leading `v` aside; None for any other tag."""
    try:
        return semver.Version.parse(tag.removeprefix("v"))
    except ValueError:
        return None


def version_key(tag: str) -> tuple:
    """Release order: semantic versions in semver precedence (a prerelease before its release, numeric
    identifiers as numbers); the first item is the major version. Other tags (calendar versions like
    2024-06-20, v70) sort before every semantic version, among themselves with their numbers compared
    as numbers: the order `pull` keeps them in the manifest."""
    version = semantic(tag)
    if version is None:
        return (-1, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in _RUNS.findall(tag)))
    return (version.major, version, version.build or "")  # builds tie in precedence: keep an order


def is_prerelease(tag: str) -> bool:
    version = semantic(tag)
    return bool(version and version.prerelease)


def latest_stable(tags: list[str]) -> str | None:
    """The newest release that is not a prerelease; a tag that is not a semantic version counts only
    when no tag is (a project whose releases are calendar versions)."""
    semantic_tags = [t for t in tags if semantic(t)]
    stable = [t for t in semantic_tags if not is_prerelease(t)] if semantic_tags else list(tags)
    return max(stable, key=version_key) if stable else None


def check_name(name: object, location: Location, what: str = "tag", exit_code: int = EXIT_USAGE) -> str:
    """Refuse a tag or a file name that is not safe as a file name in specs/, before anything touches a
    file: one check for the command line, the source's tags and the manifest's entries."""
    if not isinstance(name, str) or not _SAFE_NAME.fullmatch(name) or ".." in name \
            or MANIFEST in (name, f"{name}.json"):
        raise fail(f"{what}-unsafe", f"refusing {what} {name!r}: a {what} must be letters, digits and "
                   "`._+-`, start with a letter or digit, and contain no `..`, path separator or control "
                   "character",
                   location, exit_code=exit_code)
    return name


def manifest(specs_dir: Path) -> tuple[Spec, list[Pin]]:
    path = specs_dir / MANIFEST
    try:
        data = path.read_bytes()
    except OSError as e:
        raise fail("manifest-unreadable", f"cannot read the manifest: {e.strerror}",
                   Location(str(path))) from e
    return parse_manifest(RawSpec(str(path), data))


def parse_manifest(raw: RawSpec) -> tuple[Spec, list[Pin]]:
    """The manifest and its entries, each tag and file name checked (exit 1: the manifest is bad input)."""
    # The manifest is JSON, not an OpenAPI document: parse it with the spec machinery for locations only.
    manifest_spec = Spec(raw, _manifest_document(raw))
    pins = []
    for index, entry in enumerate(manifest_spec.document["releases"]):
        try:
            pins.append(Pin(entry["tag"], entry["file"], entry["sha256"], int(entry.get("size", -1)),
                            entry.get("source", ""), entry.get("pulled_at", ""), index))
        except (KeyError, TypeError, ValueError) as e:
            raise fail("manifest-entry-invalid", f"release entry lacks or mistypes {e}",
                       manifest_spec.locate(f"/releases/{index}")) from e
        for what in ("tag", "file"):
            check_name(entry[what], manifest_spec.locate(f"/releases/{index}/{what}"), what, EXIT_FINDINGS)
    return manifest_spec, pins


def _manifest_document(raw: RawSpec) -> dict:
    try:
        document = orjson.loads(raw.data)
    except orjson.JSONDecodeError as e:
        raise fail("spec-parse-error", f"manifest is not valid JSON: {e.msg}",
                   Location(raw.source, "", e.lineno, e.colno)) from e
    if not isinstance(document, dict) or not isinstance(document.get("releases"), list):
        raise fail("manifest-invalid", "the manifest must be an object with a `releases` list",
                   Location(raw.source, "", 1, 1))
    return document


def read(specs_dir: Path, pin: Pin, manifest_spec: Spec) -> RawSpec:
    """The exact bytes of a pinned release, refused when they do not match the pinned sha256."""
    path = specs_dir / pin.file
    try:
        data = path.read_bytes()
    except OSError as e:
        raise fail("pin-file-missing", f"{pin.tag}: cannot read {path}: {e.strerror}",
                   manifest_spec.locate(f"/releases/{pin.index}/file")) from e
    digest = hashlib.sha256(data).hexdigest()
    if digest != pin.sha256:
        raise fail("pin-sha256-mismatch",
                   f"{path} does not match its pin: sha256 is {digest}, the manifest says {pin.sha256}",
                   manifest_spec.locate(f"/releases/{pin.index}/sha256"),
                   hint="a release's spec is immutable; re-pull it with `aviato-docs pull --force` if it "
                        "must change")
    return RawSpec(str(path), data, pin.tag)


def releases(specs_dir: Path) -> list[Release]:
    """Every pinned release, verified and parsed, oldest first."""
    manifest_spec, pins = manifest(specs_dir)
    loaded = [Release(pin, load(read(specs_dir, pin, manifest_spec))) for pin in pins]
    return sorted(loaded, key=lambda r: version_key(r.tag))


# The write side (pull, publish); imported last because it builds on the names above.
from generator.pins.write import PinResult, check_tag, pin, unpin  # noqa: E402
