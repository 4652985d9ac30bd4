"""A content-addressed cache of built versions, so a build redoes only the versions that changed.

A version's key is the sha256 of everything its pages are made from: the generator's own code and
assets, the templates, the theme overrides, mkdocs.yml, Scalar's bundle (by the content-hashed names
the caller passes in), the release's spec bytes and whatever else of other releases its pages show.
A change to any template changes every key; publishing a new release changes none of the old ones.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

import generator

CACHE_DIR = Path(".cache/site")
KEEP = 64  # entries kept after a build, the most recently used first
ABANDONED_SECONDS = 6 * 3600  # a scratch folder this old belongs to no running build
_SOURCES = ("mkdocs.yml", "docs", "overrides")


def fingerprint(project: Path) -> str:
    """The digest of the inputs shared by all versions: code, templates, theme, config. (Scalar's
    bundle is in the key through the content-hashed names of generator.site.scalar.SharedAssets.)"""
    digest = hashlib.sha256()
    for root in (Path(generator.__file__).parent, *(project / name for name in _SOURCES)):
        for path in _files(root):
            digest.update(str(path.relative_to(root.parent)).encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    return sorted(p for p in root.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc")


def digest(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def key(shared: str, tag: str, *digests: bytes) -> str:
    """An entry's key: the shared inputs' fingerprint, the tag, and the `digest`s of its other inputs."""
    result = hashlib.sha256(shared.encode() + b"\0" + tag.encode())
    for each in digests:
        result.update(each)
    return result.hexdigest()


class Cache:
    def __init__(self, folder: Path):
        self.folder = folder

    def get(self, entry: str) -> Path | None:
        path = self.folder / entry
        if path.is_dir():
            os.utime(path)  # most recently used
            return path
        return None

    def put(self, entry: str, tree: Path) -> Path:
        """Move a built tree into the cache (atomically: a reader sees all of it or nothing)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        final = self.folder / entry
        if final.is_dir():
            shutil.rmtree(tree, ignore_errors=True)
            return final
        os.rename(tree, final)
        return final

    def scratch(self) -> Path:
        """A folder on the cache's file system to build into before `put`."""
        self.folder.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".building-", dir=self.folder))

    def prune(self, keep: int = KEEP) -> None:
        if not self.folder.is_dir():
            return
        entries = sorted((p for p in self.folder.iterdir() if p.is_dir() and not p.name.startswith(".")),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in entries[keep:]:
            shutil.rmtree(stale, ignore_errors=True)
        # A build killed mid-way leaves its scratch folder; one still in use by a build of another
        # output folder (a different lock) is recent, so only old ones go.
        for leftover in self.folder.glob(".building-*"):
            if time.time() - leftover.stat().st_mtime > ABANDONED_SECONDS:
                shutil.rmtree(leftover, ignore_errors=True)
