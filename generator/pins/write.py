"""The write side of `specs/`: pin a release's exact bytes, atomically and one writer at a time.

Every write goes to a temporary file in `specs/`, is fsynced and renamed into place, so a reader (or a
crash) sees either the old file or the new one. The manifest is read, changed and replaced under an
exclusive lock, so two pulls at once both land and neither corrupts it.
"""

from __future__ import annotations

import hashlib
import json
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from generator.errors import Location, fail
from generator.files import locked, write_atomic
from generator.pins import MANIFEST, check_name, parse_manifest, version_key
from generator.spec import RawSpec, Spec

LOCK = ".manifest.lock"


@dataclass(frozen=True)
class PinResult:
    tag: str
    status: str  # "pinned" (new), "unchanged" (identical), "re-pinned" (--force), "restored" (file put back)
    entry: dict  # the manifest entry now in force
    previous: dict | None = None  # the entry it replaced, for "re-pinned"
    previous_data: bytes | None = None  # the bytes it replaced, so `unpin` can put them back


def check_tag(tag: str, where: str = "command line") -> str:
    """Refuse a tag that is not safe as a file name, before anything touches a file."""
    return check_name(tag, Location(where))


def pin(specs_dir: Path, raw: RawSpec, source: str, force: bool = False,
        now: datetime | None = None) -> PinResult:
    """Pin `raw` as release `raw.tag`: a no-op for identical bytes, refused for different ones unless
    `force`."""
    tag = check_tag(raw.tag or "")
    digest = hashlib.sha256(raw.data).hexdigest()
    file = f"{tag}.yaml" if raw.is_yaml else f"{tag}.json"
    entry = {"tag": tag, "file": file, "sha256": digest, "size": len(raw.data), "source": source,
             "pulled_at": _timestamp(now)}
    specs_dir.mkdir(parents=True, exist_ok=True)
    with _locked(specs_dir):
        manifest_spec = _read_manifest(specs_dir)
        document = manifest_spec.document
        releases = document["releases"]
        index = next((i for i, e in enumerate(releases) if e.get("tag") == tag), None)
        old = releases[index] if index is not None else None
        if old is not None and old.get("sha256") == digest and _file_matches(specs_dir, old):
            return PinResult(tag, "unchanged", old)
        if old is not None and old.get("sha256") != digest and not force:
            raise fail("pin-differs", f"{tag} is already pinned with different bytes: the pinned sha256 is "
                       f"{old.get('sha256')}, the source now gives {digest}",
                       manifest_spec.locate(f"/releases/{index}/sha256"),
                       hint="a release's spec is immutable; `--force` re-pins it if it really must change")
        previous_data = _read_or_none(specs_dir / old["file"]) if old is not None else None
        write_atomic(specs_dir / file, raw.data, durable=True)
        _replace_entry(document, index, entry)
        write_atomic(specs_dir / MANIFEST, _dump(document), durable=True)
        if old is not None and old.get("file") != entry["file"]:
            (specs_dir / old["file"]).unlink(missing_ok=True)
    # Same sha256 but a missing or damaged file: the pin is right, the file is put back.
    status = "pinned" if old is None else ("re-pinned" if old.get("sha256") != digest else "restored")
    return PinResult(tag, status, entry, old, previous_data)


def unpin(specs_dir: Path, result: PinResult) -> None:
    """Undo a `pin` (used when publishing fails after pinning): the manifest and files as before it."""
    if result.status == "unchanged":
        return
    with _locked(specs_dir):
        document = _read_manifest(specs_dir).document
        releases = document["releases"]
        index = next((i for i, e in enumerate(releases) if e.get("tag") == result.tag), None)
        if result.previous is not None and result.previous_data is not None:
            write_atomic(specs_dir / result.previous["file"], result.previous_data, durable=True)
        if index is not None:
            if result.previous is None:
                del releases[index]
            else:
                releases[index] = result.previous
            write_atomic(specs_dir / MANIFEST, _dump(document), durable=True)
        if result.previous is None or result.previous["file"] != result.entry["file"]:
            (specs_dir / result.entry["file"]).unlink(missing_ok=True)


def _replace_entry(document: dict, index: int | None, entry: dict) -> None:
    releases = document["releases"]
    if index is None:
        releases.append(entry)
        releases.sort(key=lambda e: version_key(str(e.get("tag", ""))))
    else:
        releases[index] = entry


def _file_matches(specs_dir: Path, entry: dict) -> bool:
    data = _read_or_none(specs_dir / str(entry.get("file", "")))
    return data is not None and hashlib.sha256(data).hexdigest() == entry.get("sha256")


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _read_manifest(specs_dir: Path) -> Spec:
    """The manifest, its entries checked as a build checks them: a pin never writes or removes a file
    that an entry names outside specs/."""
    path = specs_dir / MANIFEST
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = b'{"releases": []}'
    except OSError as e:
        raise fail("manifest-unreadable", f"cannot read the manifest: {e.strerror}",
                   Location(str(path))) from e
    return parse_manifest(RawSpec(str(path), data))[0]


def _dump(document: dict) -> bytes:
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _timestamp(now: datetime | None) -> str:
    return (now or datetime.now(timezone.utc)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _locked(specs_dir: Path) -> AbstractContextManager[None]:
    """An exclusive lock on `specs/.manifest.lock` (waiting as long as it takes), removed on release so
    `specs/` is left clean."""
    return locked(specs_dir / LOCK)
