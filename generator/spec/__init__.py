"""Stage 2: a release's spec bytes parsed into a document that knows where each of its parts is, and
the one way every later stage reads it.

- `load(raw) -> Spec`: JSON or YAML, with the original bytes; bad input is refused at its line and column.
- `Spec.locate(pointer)`: the pointer -> line:column index (`index.py` for JSON, `lines.py` for YAML
  and for JSON that repeats keys); every located message goes through it.
- `refs.py`, the one `$ref` resolver (`Spec.follow`, `Spec.resolver`): RFC 6901 pointers in URI-fragment
  form, percent-decoded; the keywords beside `$ref` applied as OpenAPI 3.0 and 3.1 define them for
  Schema Objects and other Reference Objects (`with_siblings`); cycles found in one place
  (`Resolved.cycle`, which the `ref-cycle` rule reports); external references never fetched (the
  `ref-external` rule reports them, everything else treats them as unresolved).
- `walk.py`: the one operation iterator (`operations`), the one list of HTTP methods (`HTTP_METHODS`)
  and the walk of the document as OpenAPI reads it (`objects`, `references`; `written_refs` for every
  `$ref` string, data included).

No module outside this package follows a `$ref` to its target or walks a JSON pointer itself
(tests/test_spec_boundaries.py checks the sources).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import orjson
import yaml

from generator.errors import EXIT_CANNOT_RUN, Location, fail
from generator.spec import yaml_safe
from generator.spec.index import JsonIndex
from generator.spec.lines import LineStarts, TreePositions, scan_json, unescape, yaml_positions
from generator.spec.refs import (
    REF_CYCLE,
    REF_EXTERNAL,
    REF_MISSING,
    Resolved,
    Resolver,
    target_pointer,
    tokens,
    walk_pointer,
)
from generator.spec.walk import HTTP_METHODS, Operation, operations, references
from generator.spec.yaml_safe import Defect

__all__ = ["HTTP_METHODS", "Operation", "RawSpec", "Resolved", "Resolver", "Spec", "load", "node_at",
           "operations", "read", "ref_pointer", "references", "target_pointer", "tokens"]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024  # GitHub's whole REST description is 13 MB
UTF8_BOM = b"\xef\xbb\xbf"
_OTHER_BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16", b"\x00\x00\xfe\xff": "UTF-32"}
JSON_MAX_DEPTH = 1024  # orjson's limit
_MISSING = object()


@dataclass(frozen=True)
class RawSpec:
    """The exact bytes of one release's document and where they came from."""

    source: str  # path or URL, as shown in messages
    data: bytes
    tag: str | None = None

    @property
    def is_yaml(self) -> bool:
        return self.source.endswith((".yaml", ".yml"))

    @property
    def published_name(self) -> str:
        """The name the site publishes these bytes under, beside the reference page."""
        return "openapi.yaml" if self.is_yaml else "openapi.json"


@dataclass(eq=False)
class Spec:
    raw: RawSpec
    document: dict
    _positions: Mapping | None = field(default=None, repr=False)
    _defects: list[Defect] | None = field(default=None, repr=False)

    @property
    def source(self) -> str:
        return self.raw.source

    @property
    def openapi(self) -> str:
        return str(self.document.get("openapi", ""))

    @cached_property
    def text(self) -> str:
        """The decoded text, without a byte order mark."""
        return self.raw.data.removeprefix(UTF8_BOM).decode("utf-8")

    @property
    def positions(self) -> Mapping[str, tuple[int, int]]:
        """Pointer -> (line, column), built on first use."""
        if self._positions is None:
            self._positions, self._defects = self._syntax()
        return self._positions

    @property
    def defects(self) -> list[Defect]:
        """What the parser accepted but a JSON document cannot say: repeated keys, non-string keys."""
        if self._defects is None:
            self._positions, self._defects = self._syntax()
        return self._defects

    def _syntax(self) -> tuple[Mapping, list[Defect]]:
        if self.raw.is_yaml:
            return yaml_positions(self.text), []
        index = JsonIndex(self.text, self.document)
        if index.consistent:
            return index, []
        # Repeated keys: the slower scan sees every key the parser dropped.
        lines = LineStarts(self.text)
        offsets, repeated = scan_json(self.text)
        defects = [Defect("duplicate-key", pointer, f"key {_last_segment(pointer)!r} appears more than once "
                          "in the same object; the last one wins", *lines.position(offset))
                   for pointer, offset in repeated]
        return TreePositions(offsets, lines.position), defects

    def locate(self, pointer: str) -> Location:
        """The location of a pointer, falling back to its nearest located ancestor."""
        probe = pointer
        while probe not in self.positions and probe:
            probe = probe.rsplit("/", 1)[0]
        line, column = self.positions.get(probe, (None, None))
        return Location(self.source, pointer, line, column)

    @cached_property
    def resolver(self) -> Resolver:
        """The one way to follow this document's `$ref`s (see `generator.spec.refs`)."""
        return Resolver(self.document)

    def follow(self, node: object, pointer: str = "", *, schema: bool = False) -> Resolved:
        """Follow `$ref`s from `node` (written at `pointer`); never raises: see `Resolved.problem`."""
        return self.resolver.follow(node, pointer, schema=schema)

    def resolve(self, node: object) -> object:
        """Follow internal `$ref`s until a non-reference node; cycles and dangling refs raise."""
        found = self.follow(node)
        if found.problem == REF_CYCLE:
            raise fail(REF_CYCLE, str(found.message), self.locate(str(target_pointer(str(found.ref)))))
        if found.problem:
            self.pointer(str(found.ref))  # raises with the reason
        return found.node

    def pointer(self, ref: str) -> object:
        """The node an internal `$ref` names; external and dangling refs raise."""
        if target_pointer(ref) is None:
            raise fail(REF_EXTERNAL, f"external $ref {ref!r} is not followed", Location(self.source))
        node = self.resolver.target(ref, _MISSING)
        if node is _MISSING:
            raise fail(REF_MISSING, f"$ref target {ref} does not exist", Location(self.source))
        return node

    def node_at(self, pointer: str, default: object = None) -> object:
        """The node at a JSON pointer (already decoded from a URI fragment), or `default`."""
        return walk_pointer(self.document, pointer, default)


def node_at(document: object, pointer: str, default: object = None) -> object:
    """The node at a JSON pointer in any parsed document (a Spec's: `Spec.node_at`), or `default`."""
    return walk_pointer(document, pointer, default)


def ref_pointer(ref: str) -> str:
    """The JSON pointer a `$ref` names: its fragment, percent-decoded (RFC 6901 section 6)."""
    return target_pointer(ref) or ""


def read(path: Path, tag: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
         too_large: Callable[[int], Exception] | None = None) -> RawSpec:
    """The bytes of a spec file, refused before reading when larger than `max_bytes` (by the caller's
    `too_large(size)`: a configured source names its own setting)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise too_large(size) if too_large else _too_large(str(path), size, max_bytes)
        return RawSpec(str(path), path.read_bytes(), tag)
    except OSError as e:
        raise fail("spec-unreadable", f"cannot read {path}: {e.strerror}", Location(str(path)),
                   exit_code=EXIT_CANNOT_RUN) from e


def load(raw: RawSpec, max_bytes: int = DEFAULT_MAX_BYTES) -> Spec:
    """Parse JSON or YAML bytes into a Spec; raises GeneratorError with the location of bad input."""
    text = _text(raw, max_bytes)
    if raw.is_yaml:
        document, positions, defects = _parse_yaml(raw, text)
    else:
        document, positions, defects = _parse_json(raw, text), None, None
    if not isinstance(document, dict):
        raise fail("spec-not-openapi", "the document is not an object", Location(raw.source, "", 1, 1))
    spec = Spec(raw, document, positions, defects)
    spec.__dict__["text"] = text  # the cached property, already decoded
    version = document.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.")):
        found = f"openapi: {version!r}" if version is not None else "no `openapi` field"
        if "swagger" in document:
            found = f"swagger: {document['swagger']!r} (Swagger 2.0)"
        raise fail("spec-not-openapi", f"not an OpenAPI 3.x document ({found})",
                   spec.locate("/openapi" if version is not None
                               else "/swagger" if "swagger" in document else ""),
                   hint="convert the document to OpenAPI 3.1")
    return spec


def _too_large(source: str, size: int, max_bytes: int):
    # At the file's start, as for the other whole-file refusals: nothing of it was read.
    exact = f" ({size:,} bytes)" if size >= 2**10 else ""
    return fail("spec-too-large", f"the file is {_size(size)}{exact}, over the {_size(max_bytes)} limit",
                Location(source, "", 1, 1),
                hint="raise `max-size` in [tool.aviato-docs.checks] or pass --max-size")


def _size(count: int) -> str:
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if count >= scale:
            return f"{count / scale:.1f}".removesuffix(".0") + " " + unit
    return f"{count} bytes"


def _text(raw: RawSpec, max_bytes: int) -> str:
    """The UTF-8 text of the bytes, refusing what is too large, empty or in another encoding."""
    if len(raw.data) > max_bytes:
        raise _too_large(raw.source, len(raw.data), max_bytes)
    for bom, encoding in _OTHER_BOMS.items():
        if raw.data.startswith(bom):
            raise fail("spec-not-utf8", f"the file is {encoding} text (it starts with a {encoding} byte "
                       "order mark)", Location(raw.source, "", 1, 1), hint="save it as UTF-8")
    try:
        text = raw.data.removeprefix(UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as e:
        offset = e.start + (len(UTF8_BOM) if raw.data.startswith(UTF8_BOM) else 0)
        line = raw.data.count(b"\n", 0, offset) + 1
        column = offset - (raw.data.rfind(b"\n", 0, offset) + 1) + 1
        raise fail("spec-not-utf8", f"not UTF-8 text: {e.reason} at byte {offset}",
                   Location(raw.source, "", line, column), hint="save the file as UTF-8") from e
    if not text or text.isspace():
        raise fail("spec-empty", "the file is empty", Location(raw.source, "", 1, 1))
    return text


def _parse_json(raw: RawSpec, text: str) -> object:
    try:
        return orjson.loads(raw.data.removeprefix(UTF8_BOM))  # bytes parse faster than the str
    except orjson.JSONDecodeError as e:
        message = e.msg
        if "depth limit" in message:
            message = f"nested deeper than {JSON_MAX_DEPTH} levels"
        raise fail("spec-parse-error", f"not valid JSON: {message}",
                   Location(raw.source, "", e.lineno, e.colno)) from e


def _parse_yaml(raw: RawSpec, text: str):
    try:
        return yaml_safe.parse(text)
    except yaml_safe.YamlRefused as e:
        raise fail(e.code, e.message, Location(raw.source, "", e.line, e.column)) from e
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise fail("spec-parse-error", f"not valid YAML: {e.problem or e}",
                   Location(raw.source, "", line, column)) from e
    except yaml.YAMLError as e:
        raise fail("spec-parse-error", f"not valid YAML: {e}", Location(raw.source)) from e


def _last_segment(pointer: str) -> str:
    return unescape(pointer.rsplit("/", 1)[-1])
