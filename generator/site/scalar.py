"""Scalar's configuration for a published, offline-capable site, and its shared bundle."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from generator.errors import EXIT_CANNOT_RUN, Location, fail
from generator.site import all_of, body_examples, extensions, hidden, images, output, shared_components
from generator.site.split import Part, split
from generator.spec.encode import json_bytes
from generator.spec.walk import ComponentGraph

Example = Callable[[dict], object]  # a body schema's example, as the build writes it (body_examples.py)

# Scalar's browser build as ES modules: the entry loads about 3 MB of chunks up front and the rest
# only when a feature needs it, where the single-file build (standalone.js) is 4.9 MB to parse at once.
BUNDLE = Path("node_modules/@scalar/api-reference/dist/browser/standalone.esm.js")
CHUNKS_DIR = "chunks"
MOUNT = Path(__file__).parent / "assets" / "scalar-mount.js"
SHARED_DIR = "_shared/scalar"
# Above this many operations Scalar gets one document per tag: it processes a whole document before
# showing anything, which takes many seconds on thousands of operations (see benchmarks/bench_reference.py).
SPLIT_OPERATIONS = 300
PARTS_DIR = "tags"
# What Scalar loads when the published spec shows images from hosts not listed (the spec itself stays
# beside it, byte for byte): the same document with those images as links (generator/site/images.py).
REWRITTEN = "reference.json"
# What the parts of a large spec and their shared components may take together, as a multiple of the
# document's bytes (issue #14: at most 3x): the more, the fewer components are shared and the less a
# part's deep link loads (shared_components.py); below 3 for what the upgrade of a 3.0 spec adds.
PARTS_BUDGET = 2.5
# The document selector's last entry for a large spec: its schemas in a document of their own, for
# Scalar's Models list, which the parts lose (they carry few components, shared_components.py).
# A dot no part's slug has (layout.slug).
MODELS = "models.all"
CHUNKS_KEY = "aviatoChunks"  # ours, not Scalar's: the mount script reads and removes it


@dataclass(frozen=True)
class SharedAssets:
    bundle: str  # the entry module, below the site root: _shared/scalar/<hash>/standalone.esm.js
    mount: str
    preload: tuple[str, ...] = ()  # the modules the entry imports, for <link rel="modulepreload">


def parts(document: dict, operations: int, example: Example | None = None) -> list[Part]:
    """The per-tag documents for a large spec, their named schemas' and bodies' `allOf` merged
    (Scalar's own merge of one can run out of stack: all_of.py), and an `example` for each body
    whose own Scalar would build too long (body_examples.py); none for a spec Scalar loads fast whole."""
    if operations <= SPLIT_OPERATIONS:
        return []
    shown = body_examples.with_examples(document, example) if example else document
    return split(all_of.named_merged(all_of.bodies_merged(shown)))


def write_documents(document: dict, operations: int, spec_name: str, api_dir: Path,
                    allowed: list[str], example: Example | None = None) -> tuple[list[Part], str]:
    """Write what Scalar loads beside the published spec, images from hosts not `allowed` as links:
    the per-tag parts of a large spec (`example`: see `parts`; without the extensions Scalar does not
    read, extensions.py), or for a small one the whole document when it had such images. Returns the
    parts and the name of the whole document Scalar loads (the spec's own, or REWRITTEN)."""
    shown = hidden.for_scalar(document)  # what Scalar would hide, shown as the site's pages show it
    rewritten = images.for_scalar(shown or document, images.allowing(allowed)) or shown
    whole = rewritten or document
    read = extensions.for_scalar(whole) if operations > SPLIT_OPERATIONS else whole
    cut = parts(read, operations, example)
    models = models_part(all_of.named_merged(read)) if cut else None
    budget = None  # a spec Scalar loads whole has no parts to budget for
    if cut:
        models_bytes = len(json_bytes(models.document)) if models else 0
        budget = int(PARTS_BUDGET * len(json_bytes(whole))) - models_bytes
    shared = shared_components.share(cut, budget)
    chosen = shared.parts + ([models] if models else [])
    write_parts(chosen, api_dir, shared.components)
    if rewritten is None or chosen:
        return chosen, spec_name
    api_dir.mkdir(parents=True, exist_ok=True)
    (api_dir / REWRITTEN).write_bytes(json_bytes(rewritten))
    return chosen, REWRITTEN


def models_part(document: dict) -> Part | None:
    """The document's schemas, and the other components they name, with no operations: Scalar lists
    them as its Models, loaded only when chosen in the document selector."""
    schemas = document.get("components", {}).get("schemas")
    if not schemas:
        return None
    named = {kind: entries for kind, entries in ComponentGraph(document).reachable(schemas).items()
             if kind != "schemas"}
    models = {key: document[key] for key in ("openapi", "jsonSchemaDialect") if key in document}
    info = document.get("info", {})
    models.update(info={**info, "title": f"{info.get('title', '')}: Models"}, paths={},
                  components={**named, "schemas": schemas})
    return Part(MODELS, "Models", MODELS, 0, None, models)


def write_parts(parts: list[Part], api_dir: Path, components: dict | None = None) -> None:
    for part in parts:
        (api_dir / PARTS_DIR).mkdir(parents=True, exist_ok=True)
        (api_dir / PARTS_DIR / f"{part.slug}.json").write_bytes(json_bytes(part.document))
    if components:  # the components the parts name by a relative `$ref` (shared_components.py)
        (api_dir / PARTS_DIR / shared_components.COMPONENTS_FILE).write_bytes(json_bytes(components))


class ReferenceFacts(Protocol):
    """What the configuration says of the API (generator.facts.ApiFacts has it)."""

    @property
    def title(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def security_scheme(self) -> str | None: ...


def configuration(facts: ReferenceFacts, spec_name: str, parts: Sequence[Part] = ()) -> dict:
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
        config["sources"] = [_source(p) for p in parts]
        config["documentDownloadType"] = "none"
        # A part carries only the components few parts reach (shared_components.py): as its "Models"
        # they would be an arbitrary few; every named schema has its own page (operation_pages.py).
        config["hideModels"] = True
        # For a tag cut into chunks, where each chunk starts, so the mount script finds a deep link's
        # chunk: {tag slug: [[part slug, first path, first method's index in HTTP_METHODS], ...]}.
        chunks: dict[str, list] = {}
        for p in parts:
            if p.first:
                chunks.setdefault(p.tag_slug, []).append([p.slug, *p.first])
        config[CHUNKS_KEY] = chunks
    return config


def _source(part: Part) -> dict:
    count = part.operations
    source: dict = {"title": f"{part.title}: {count} operation{'s' if count != 1 else ''}", "slug": part.slug,
                    "url": f"{PARTS_DIR}/{part.slug}.json"}
    if part.slug == MODELS:  # its schemas are all it has: Scalar's Models list shows them
        schemas = len(part.document["components"]["schemas"])
        source.update(title=f"Models: {schemas} schema{'s' if schemas != 1 else ''}", hideModels=False)
    return source


def bundle_files(project: Path) -> list[Path]:
    """Scalar's browser build as ES modules: the entry and every chunk it may import (source maps left
    out)."""
    entry = project / BUNDLE
    if not entry.is_file():
        raise fail("scalar-bundle-missing", "Scalar's browser bundle is not installed",
                   Location(str(entry)), hint="run `npm ci` (or `make site`, which does)",
                   exit_code=EXIT_CANNOT_RUN)
    return [entry, *sorted((entry.parent / CHUNKS_DIR).glob("*.js"))]


def shared_assets(project: Path) -> SharedAssets:
    """Where Scalar's modules and the mount script go in the site: Scalar's in a folder named by the
    hash of their contents (the chunks' names carry hashes of their own), the mount script under a
    content-hashed name. The names are all a version's build needs; `copy_shared` puts the files there."""
    files = bundle_files(project)
    root = files[0].parent
    digest = hashlib.sha256()
    for path in files:
        name = path.relative_to(root).as_posix().encode()
        digest.update(name + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    folder = f"{SHARED_DIR}/{digest.hexdigest()[:12]}"
    preload = tuple(f"{folder}/{name}" for name in static_imports(root, files[0].name)
                    if name != files[0].name)
    mount = f"{SHARED_DIR}/mount.{hashlib.sha256(MOUNT.read_bytes()).hexdigest()[:12]}.js"
    return SharedAssets(f"{folder}/{files[0].name}", mount, preload)


def copy_shared(project: Path, site: Path, shared: SharedAssets | None = None) -> SharedAssets:
    """Put Scalar's modules and the mount script into the site, once for every version (hard links
    where the file system allows: nothing writes to them)."""
    shared = shared or shared_assets(project)
    files = bundle_files(project)
    folder = site / shared.bundle.rpartition("/")[0]
    for path in files:
        _link_or_copy(path, folder / path.relative_to(files[0].parent))
    _link_or_copy(MOUNT, site / shared.mount)
    return shared


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    output.link_file(source, target)


def static_imports(root: Path, entry: str) -> list[str]:
    """The modules the browser must fetch before `entry` runs (its static imports, transitively), as
    paths from `root`, entry first: the page names them up front, so they load in parallel rather
    than one level of imports after the other."""
    found, queue = [], [entry]
    while queue:
        name = queue.pop(0)
        if name in found:
            continue
        found.append(name)
        folder = PurePosixPath(name).parent
        text = (root / name).read_text(encoding="utf-8")
        for match in _MODULE.finditer(text):
            if _after_keyword(text, match.start()):
                queue.append(_normal(folder / match.group(1)))
    return found


# `import ... from "./x.js"` and `import "./x.js"` (the dynamic `import("./x.js")` waits until needed):
# a quoted relative module, then whether `from` or `import` comes before it. Looking for the keywords
# first would try a match at every letter of megabytes of minified code; a quote is rarer.
_MODULE = re.compile(r"""["'`](\.{1,2}/[^"'`]+\.js)["'`]""")
_WORD = re.compile(r"\w")


def _after_keyword(text: str, quote: int) -> bool:
    """Whether the word `from` or `import` (spaces aside) ends just before `quote`."""
    end = quote
    while end > 0 and text[end - 1].isspace():
        end -= 1
    for keyword in ("from", "import"):
        start = end - len(keyword)
        if start >= 0 and text.startswith(keyword, start):
            return start == 0 or not _WORD.match(text[start - 1])
    return False


def _normal(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)
