"""What the corpus tests and the corpus benchmark share: each document pinned and built the way a user
of the reference-only profile (profiles/reference) pins and builds it, and openapi-spec-validator's
verdicts on it, cached by sha256."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from generator import pins
from generator.commands.build import build_site
from generator.pins import Release
from generator.spec import RawSpec
from tests.corpus.fetch import CACHE, Document

PROJECT = Path(__file__).resolve().parents[2]
PROFILE = PROJECT / "profiles" / "reference"
OSV_CACHE = CACHE / "osv"


def pin(document: Document, path: Path, specs: Path) -> list[Release]:
    """The document pinned under its tag in `specs` (as `aviato-docs pull` pins it), loaded."""
    raw = RawSpec(str(path), path.read_bytes(), document.tag)
    pins.pin(specs, raw, f"{document.registry}:{document.package}")
    return pins.releases(specs)


def build(document: Document, path: Path, folder: Path) -> Path:
    """A one-version site of the document, built with the profile and every site check on."""
    releases = pin(document, path, folder / "specs")
    return build_site(PROFILE, releases, folder / "site", use_cache=False).site


def osv_errors(path: Path) -> list[dict]:
    """openapi-spec-validator's errors on the document, as benchmarks.bench_validate collects them,
    cached in .cache/corpus/osv/ by the document's sha256 (it takes seconds on a large document)."""
    from benchmarks.bench_validate import OSV_DRIVER

    data = path.read_bytes()
    cached = OSV_CACHE / f"{hashlib.sha256(data).hexdigest()}.json"
    if cached.is_file():
        return json.loads(cached.read_text())
    done = subprocess.run([sys.executable, "-c", OSV_DRIVER, str(path)], capture_output=True, text=True,
                          timeout=1800, check=True)
    errors = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    OSV_CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(errors))
    return errors
