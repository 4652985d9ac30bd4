"""Stage 2: parse a release's spec bytes into a document that knows where each of its parts is."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import orjson
import yaml

from generator.errors import Location, fail
from generator.spec.lines import json_positions, yaml_positions


@dataclass(frozen=True)
class RawSpec:
    """The exact bytes of one release's document and where they came from."""

    source: str  # path or URL, as shown in messages
    data: bytes
    tag: str | None = None

    @property
    def is_yaml(self) -> bool:
        return self.source.endswith((".yaml", ".yml"))


@dataclass(eq=False)
class Spec:
    raw: RawSpec
    document: dict
    _positions: dict | None = field(default=None, repr=False)

    @property
    def source(self) -> str:
        return self.raw.source

    @property
    def openapi(self) -> str:
        return str(self.document.get("openapi", ""))

    @cached_property
    def positions(self) -> dict[str, tuple[int, int]]:
        text = self.raw.data.decode("utf-8")
        return yaml_positions(text) if self.raw.is_yaml else json_positions(text)

    def locate(self, pointer: str) -> Location:
        """The location of a pointer, falling back to its nearest located ancestor."""
        probe = pointer
        while probe not in self.positions and probe:
            probe = probe.rsplit("/", 1)[0]
        line, column = self.positions.get(probe, (None, None))
        return Location(self.source, pointer, line, column)

    def resolve(self, node: object) -> object:
        """Follow internal `$ref`s until a non-reference node; cycles and dangling refs raise."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise fail("ref-cycle", f"$ref cycle through {ref}", self.locate(ref.lstrip("#")))
            seen.add(ref)
            node = self.pointer(ref)
        return node

    def pointer(self, ref: str) -> object:
        if not ref.startswith("#"):
            raise fail("ref-external", f"external $ref {ref!r} is not followed", Location(self.source))
        node: object = self.document
        for part in ref[1:].split("/")[1:]:
            key = part.replace("~1", "/").replace("~0", "~")
            try:
                node = node[int(key)] if isinstance(node, list) else node[key]  # type: ignore[index]
            except (KeyError, IndexError, ValueError, TypeError):
                raise fail("ref-missing", f"$ref target {ref} does not exist", Location(self.source)) from None
        return node


def load(raw: RawSpec) -> Spec:
    """Parse JSON or YAML bytes into a Spec; raises GeneratorError with the location of bad input."""
    try:
        text = raw.data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise fail("spec-not-utf8", f"not UTF-8 text: {e.reason} at byte {e.start}", Location(raw.source)) from e
    document = _parse_yaml(raw, text) if raw.is_yaml else _parse_json(raw)
    if not isinstance(document, dict):
        raise fail("spec-not-openapi", "the document is not an object", Location(raw.source, "", 1, 1))
    spec = Spec(raw, document)
    version = document.get("openapi")
    if not (isinstance(version, str) and version.startswith("3.")):
        found = f"openapi: {version!r}" if version is not None else "no `openapi` field"
        if "swagger" in document:
            found = f"swagger: {document['swagger']!r} (Swagger 2.0)"
        raise fail("spec-not-openapi", f"not an OpenAPI 3.x document ({found})",
                   spec.locate("/openapi" if version is not None else ""),
                   hint="convert the document to OpenAPI 3.1")
    return spec


def _parse_json(raw: RawSpec) -> object:
    try:
        return orjson.loads(raw.data)
    except orjson.JSONDecodeError as e:
        raise fail("spec-parse-error", f"not valid JSON: {e.msg}",
                   Location(raw.source, "", e.lineno, e.colno)) from e


def _parse_yaml(raw: RawSpec, text: str) -> object:
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        raise fail("spec-parse-error", f"not valid YAML: {e.problem or e}",
                   Location(raw.source, "", line, column)) from e
    except yaml.YAMLError as e:
        raise fail("spec-parse-error", f"not valid YAML: {e}", Location(raw.source)) from e
