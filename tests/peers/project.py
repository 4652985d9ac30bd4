"""A throwaway project for pull/publish tests: the real templates, a copy of the pinned fixtures, and
its own aviato-docs.toml. The real specs/ and aviato-docs.toml are never touched."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES, PROJECT

SHARED = ("mkdocs.yml", "docs", "overrides", "node_modules")


def make_project(folder: Path, config: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in SHARED:
        (folder / name).symlink_to(PROJECT / name)
    shutil.copytree(FIXTURES / "pinned", folder / "specs")
    (folder / "aviato-docs.toml").write_text(config)
    return folder


def spec_bytes(version: str, openapi: str = "3.1.0") -> bytes:
    """A small valid Aviato document of release `version` (the mini fixture, renumbered)."""
    text = (FIXTURES / "mini-v1.1.0.json").read_text()
    text = text.replace('"version": "1.1.0"', f'"version": "{version}"', 1)
    return text.replace('"openapi": "3.1.0"', f'"openapi": "{openapi}"', 1).encode()


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, hidden ones included: for "nothing was written"."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
