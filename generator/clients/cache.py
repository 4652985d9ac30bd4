"""Verdicts and generated code by spec sha256: an unchanged release is not generated again.

Layout: `<root>/<sha256>/openapi.json` (the published bytes the generators read) and one folder per
language with the generated code and `result.json` (the findings, and the fingerprint of the tools
and examples they were made with). A folder is built under a temporary name and renamed into place,
so an interrupted check never leaves a half-written verdict.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path

from generator.errors import EXIT_CANNOT_RUN, Location, fail
from generator.files import replace_folder, write_atomic
from generator.findings import Finding

RESULT = "result.json"
SPEC = "openapi.json"


@dataclass(frozen=True)
class Stored:
    folder: Path
    findings: tuple[Finding, ...]
    seconds: float  # how long generating and compiling took when the verdict was made


class Cache:
    def __init__(self, root: Path):
        self.root = root

    def spec_file(self, sha256: str, data: bytes) -> Path:
        """The document's bytes, written once per sha256."""
        path = self.root / sha256 / SPEC
        if not path.is_file():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, data)
        return path

    def load(self, sha256: str, language: str, fingerprint: str) -> Stored | None:
        folder = self.root / sha256 / language
        try:
            result = json.loads((folder / RESULT).read_text(encoding="utf-8"))
            if result.get("fingerprint") != fingerprint:
                return None
            return Stored(folder, tuple(Finding.from_dict(f) for f in result["findings"]), result["seconds"])
        except (OSError, ValueError, LookupError, TypeError, AttributeError):
            return None  # unreadable, or written in an older layout: made again

    def workspace(self, sha256: str, language: str) -> Path:
        parent = self.root / sha256
        try:
            parent.mkdir(parents=True, exist_ok=True)
            return Path(tempfile.mkdtemp(prefix=f".{language}.", dir=parent))
        except OSError as e:
            raise fail("client-cache-unwritable", f"cannot write the client cache: {e.strerror}",
                       Location(str(parent)), exit_code=EXIT_CANNOT_RUN) from e

    def store(self, sha256: str, language: str, workspace: Path, fingerprint: str,
              findings: list[Finding], seconds: float) -> Stored:
        result = {"fingerprint": fingerprint, "seconds": seconds, "findings": [f.to_dict() for f in findings]}
        (workspace / RESULT).write_text(json.dumps(result, indent=2), encoding="utf-8")
        folder = self.root / sha256 / language
        replace_folder(workspace, folder, f"{workspace.name}.old.")
        return Stored(folder, tuple(findings), seconds)
