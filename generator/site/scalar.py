"""Scalar's configuration for a published, offline-capable site, and its shared bundle."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import orjson

from generator.errors import EXIT_CANNOT_RUN, Location, fail
from generator.facts import ApiFacts
from generator.site.split import Part, split

BUNDLE = Path("node_modules/@scalar/api-reference/dist/browser/standalone.js")
MOUNT = Path(__file__).parent / "assets" / "scalar-mount.js"
SHARED_DIR = "_shared/scalar"
# Above this many operations Scalar gets one document per tag: it processes a whole document before
# showing anything, which takes many seconds on thousands of operations (see benchmarks/bench_reference.py).
SPLIT_OPERATIONS = 300
PARTS_DIR = "tags"
CHUNKS_KEY = "aviatoChunks"  # ours, not Scalar's: the mount script reads and removes it


@dataclass(frozen=True)
class SharedAssets:
    bundle: str  # path below the site root, e.g. _shared/scalar/standalone.1a2b3c4d5e.js
    mount: str


def parts(document: dict, operations: int) -> list[Part]:
    """The per-tag documents for a large spec; none for a spec Scalar loads fast whole."""
    return split(document) if operations > SPLIT_OPERATIONS else []


def write_parts(parts: list[Part], api_dir: Path) -> None:
    for part in parts:
        (api_dir / PARTS_DIR).mkdir(parents=True, exist_ok=True)
        (api_dir / PARTS_DIR / f"{part.slug}.json").write_bytes(orjson.dumps(part.document))


def configuration(facts: ApiFacts, spec_name: str, parts: list[Part] = ()) -> dict:
    """Settings a published site needs: nothing loaded from Scalar's hosts, no local-only tools."""
    config = {
        "url": spec_name,  # same origin, next to the page: the release's exact bytes
        "withDefaultFonts": False,  # else fonts.scalar.com
        "hideClientButton": True,  # else a link to client.scalar.com
        "showDeveloperTools": "never",  # else a toolbar on localhost
        "agent": {"disabled": True},
        "mcp": {"disabled": True},
        "telemetry": False,
        "hideDarkModeToggle": True,  # Material's palette toggle drives the scheme
        "documentDownloadType": "both",
        "persistAuth": False,
        "layout": "modern",
        "theme": "default",
        "defaultOpenFirstTag": False,
        "metaData": {"title": f"{facts.title} {facts.version} reference"},
    }
    if facts.security_scheme:
        config["authentication"] = {"preferredSecurityScheme": facts.security_scheme}
    if parts:
        # One document per tag, switched in Scalar's document selector without a reload; the mount
        # script opens the one a deep link names. The whole document stays a link away.
        del config["url"]
        config["sources"] = [{"title": f"{p.title}: {p.operations} operations", "slug": p.slug,
                              "url": f"{PARTS_DIR}/{p.slug}.json"} for p in parts]
        config["documentDownloadType"] = "none"
        # For a tag cut into chunks, where each chunk starts, so the mount script finds a deep link's
        # chunk: {tag slug: [[part slug, first path, first method's index in METHODS], ...]}.
        chunks: dict[str, list] = {}
        for p in parts:
            if p.first:
                chunks.setdefault(p.tag_slug, []).append([p.slug, *p.first])
        config[CHUNKS_KEY] = chunks
    return config


def copy_shared(project: Path, site: Path) -> SharedAssets:
    """Copy the Scalar bundle and the mount script once into the site under content-hashed names."""
    bundle = project / BUNDLE
    if not bundle.is_file():
        raise fail("scalar-bundle-missing", "Scalar's browser bundle is not installed",
                   Location(str(bundle)), hint="run `npm ci` (or `make site`, which does)",
                   exit_code=EXIT_CANNOT_RUN)
    return SharedAssets(_copy_hashed(bundle, site, "standalone"), _copy_hashed(MOUNT, site, "mount"))


def _copy_hashed(source: Path, site: Path, stem: str) -> str:
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
    relative = f"{SHARED_DIR}/{stem}.{digest}.js"
    target = site / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return relative
