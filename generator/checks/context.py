"""What every rule reads: the document, its operations, schemas, examples and `$ref`s, found in one walk.

Rules never raise on bad content, so nothing here does either: broken references resolve to None
(the `ref-*` rules report them) and a schema that cannot be compiled gets no validator.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote

import jsonschema_rs

from generator.spec import Spec, ref_pointer
from generator.spec.lines import Pointer, join

SPEC_URI = "urn:aviato:spec"
_URI_SAFE = re.compile(r"^[A-Za-z0-9/~._-]*$")  # pointers that need no percent-encoding in a URI fragment
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keywords whose value is one schema, a list of schemas, or a map of name -> schema.
SCHEMA_ONE = ("not", "items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains",
              "propertyNames", "if", "then", "else", "additionalItems", "contentSchema")
SCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_KEYWORDS = {**dict.fromkeys(SCHEMA_ONE, object), **dict.fromkeys(SCHEMA_LIST, list),
                    **dict.fromkeys(SCHEMA_MAP, dict)}


@dataclass(frozen=True)
class Operation:
    path: str  # the path template, or the webhook name
    method: str
    pointer: str
    operation: dict
    item: dict  # the (resolved) path item, for its shared parameters
    item_pointer: str
    webhook: bool = False


@dataclass(frozen=True)
class ExampleSite:
    """An example value and the schema it must validate against."""

    value: object
    schema_pointer: Pointer | str
    pointer: Pointer | str  # where to report: the example itself, or the `$ref` that brought it in


class Context:
    def __init__(self, spec: Spec):
        self.spec = spec
        self.document = spec.document
        self.version = "3.0" if spec.openapi.startswith("3.0") else "3.1"
        # The walk's findings, filled by `_walk`; their pointers are `Pointer` chains (see there why).
        self.refs: list[tuple[Pointer, str]] = []  # (pointer of the object holding $ref, the $ref)
        self.schema_roots: list[tuple[Pointer, object]] = []  # schemas not inside another schema
        self.subschemas: list[tuple[Pointer, dict]] = []  # every schema object, roots included
        self.examples: list[ExampleSite] = []
        self._last_validator: tuple[str, object] = ("", None)
        self._targets: dict[str, object] = {}
        self._parameters: dict[str, list[tuple[str, dict]]] = {}
        self._walk()

    @property
    def tag(self) -> str | None:
        return self.spec.raw.tag

    @cached_property
    def schema_document(self) -> dict:
        """The schemas alone, at their pointers, as JSON Schema validators read them.

        Only the schemas: a document's examples can be most of its bytes, and validators need none
        of them.
        """
        skeleton: dict = {}
        for pointer, schema in self.schema_roots:
            *parents, last = pointer.segments()
            node = skeleton
            for part in parents:
                node = node.setdefault(part, {})
            node[last] = schema
        return skeleton

    def target(self, ref: str) -> object | None:
        """The node an internal `$ref` points at, or None when it is external or missing."""
        if ref not in self._targets:
            self._targets[ref] = self._find(ref) if isinstance(ref, str) and ref.startswith("#") else None
        return self._targets[ref]

    def _find(self, ref: str) -> object | None:
        return self.spec.node_at(ref_pointer(ref))

    def node_at(self, pointer: str) -> object | None:
        """The node at a JSON pointer (not URI-encoded), or None."""
        return self.spec.node_at(pointer)

    def resolve(self, node: object, pointer: str = "") -> tuple[object | None, str]:
        """Follow `$ref`s to a node that is not one; (None, pointer) for a broken or cyclic chain."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                return None, pointer
            seen.add(ref)
            node, pointer = self.target(ref), ref_pointer(ref)
        return node, pointer

    @cached_property
    def operations(self) -> list[Operation]:
        found = []
        for section, webhook in (("paths", False), ("webhooks", True)):
            items = self.document.get(section)
            for path, item in (items.items() if isinstance(items, dict) else ()):
                item_pointer = join("/" + section, path)
                resolved, _ = self.resolve(item, item_pointer)
                if not isinstance(resolved, dict):
                    continue
                for method in METHODS:
                    if isinstance(resolved.get(method), dict):
                        found.append(Operation(path, method, join(item_pointer, method), resolved[method],
                                               resolved, item_pointer, webhook))
        return found

    def parameters(self, operation: Operation) -> list[tuple[Pointer, dict]]:
        """The operation's parameters, path-item ones first, each resolved, with where it is written."""
        if operation.pointer not in self._parameters:
            self._parameters[operation.pointer] = self._find_parameters(operation)
        return self._parameters[operation.pointer]

    def _find_parameters(self, operation: Operation) -> list[tuple[Pointer, dict]]:
        found = []
        for owner, pointer in ((operation.item, operation.item_pointer), (operation.operation, operation.pointer)):
            listed = owner.get("parameters")
            for index, parameter in enumerate(listed if isinstance(listed, list) else ()):
                resolved, _ = self.resolve(parameter)
                if isinstance(resolved, dict):
                    found.append((Pointer(Pointer(pointer, "parameters"), index), resolved))
        return found

    def schema_target(self, schema_pointer: Pointer | str) -> tuple[Pointer | str, object]:
        """The schema a `$ref`-only schema stands for, and its pointer: sites sharing it share a validator."""
        node = self.node_at(str(schema_pointer))
        for _ in range(16):  # a longer chain of bare $refs is a cycle, which ref-cycle reports
            if not (isinstance(node, dict) and len(node) == 1 and isinstance(node.get("$ref"), str)
                    and node["$ref"].startswith("#")):
                break
            schema_pointer = ref_pointer(node["$ref"])
            node = self.node_at(schema_pointer)
        return schema_pointer, node

    def validator(self, schema_pointer: Pointer | str):
        """A compiled validator for the schema at a pointer (refs resolved in the document), or None.

        Compiling takes microseconds while keeping thousands of validators takes hundreds of MB, so
        only the last one is kept: callers go through their schemas grouped by `schema_target`.
        """
        if self._last_validator[0] != schema_pointer:
            self._last_validator = (schema_pointer, self._compile(schema_pointer))
        return self._last_validator[1]

    @cached_property
    def _registry(self):
        """The schemas, copied into jsonschema-rs once; 3.0's `nullable: true` as a `null` type."""
        if self.version != "3.0":
            return jsonschema_rs.Registry([(SPEC_URI, self.schema_document)], draft=jsonschema_rs.Draft202012)
        with _nullable_as_null_type([schema for _, schema in self.subschemas if schema.get("nullable") is True]):
            return jsonschema_rs.Registry([(SPEC_URI, self.schema_document)], draft=jsonschema_rs.Draft4)

    def _compile(self, schema_pointer: Pointer | str):
        schema_pointer = str(schema_pointer)
        cls = jsonschema_rs.Draft4Validator if self.version == "3.0" else jsonschema_rs.Draft202012Validator
        fragment = schema_pointer if _URI_SAFE.match(schema_pointer) else quote(schema_pointer, safe="/~!$&'()*+,;=:@")
        reference = {"$ref": SPEC_URI + "#" + fragment}
        try:
            return cls(reference, registry=self._registry, validate_formats=True)
        except (ValueError, jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError):
            return None  # a broken schema or $ref: other rules say so

    def _walk(self) -> None:
        """One iterative walk that sorts the document into refs, schemas and examples."""
        todo: list[tuple[Pointer | str, object, bool]] = [("", self.document, False)]
        while todo:
            pointer, node, in_schema = todo.pop()
            if isinstance(node, list):
                todo.extend((Pointer(pointer, i), item, in_schema) for i, item in enumerate(node))
                continue
            if not isinstance(node, dict):
                continue
            if isinstance(node.get("$ref"), str):
                self.refs.append((pointer, node["$ref"]))
            if in_schema:
                self._visit_schema(pointer, node, todo)
            else:
                self._visit_object(pointer, node, todo)

    def _visit_schema(self, pointer: Pointer | str, schema: dict, todo: list) -> None:
        self.subschemas.append((pointer, schema))
        if "example" in schema:
            self.examples.append(ExampleSite(schema["example"], pointer, Pointer(pointer, "example")))
        if isinstance(schema.get("examples"), list):
            examples = Pointer(pointer, "examples")
            self.examples += [ExampleSite(value, pointer, Pointer(examples, index))
                              for index, value in enumerate(schema["examples"])]
        for keyword, value in schema.items():
            kind = _SCHEMA_KEYWORDS.get(keyword)
            if kind is None:
                continue
            if kind is list and isinstance(value, list) or kind is object and isinstance(value, (dict, list)):
                todo.append((Pointer(pointer, keyword), value, True))
            elif kind is dict and isinstance(value, dict):
                base = Pointer(pointer, keyword)
                todo.extend((Pointer(base, k), v, True) for k, v in value.items())

    def _visit_object(self, pointer: Pointer | str, node: dict, todo: list) -> None:
        """An OpenAPI object (not a schema): find schemas, examples and nested objects."""
        for key, value in node.items():
            if key.startswith("x-") or not isinstance(value, (dict, list, bool)):
                continue
            child = Pointer(pointer, key)
            if key == "schema" or (key == "schemas" and _is_components(pointer) and isinstance(value, dict)):
                roots = [(child, value)] if key == "schema" else [(Pointer(child, k), v) for k, v in value.items()]
                self.schema_roots += roots
                todo.extend((p, v, True) for p, v in roots)
            elif key == "example":
                if "schema" in node:
                    self.examples.append(ExampleSite(value, Pointer(pointer, "schema"), child))
            elif key == "examples" and isinstance(value, dict):
                self._visit_examples(pointer, child, value, node, todo)
            elif isinstance(value, (dict, list)):
                todo.append((child, value, False))

    def _visit_examples(self, pointer: Pointer | str, child: Pointer, examples: dict, owner: dict,
                        todo: list) -> None:
        """Example objects: their `value` is data (never walked), checked when a schema sits beside them."""
        for name, example in examples.items():
            at = Pointer(child, name)
            if not isinstance(example, dict):
                continue
            if isinstance(example.get("$ref"), str):
                self.refs.append((at, example["$ref"]))
            resolved, _ = self.resolve(example)
            if "schema" in owner and isinstance(resolved, dict) and "value" in resolved:
                self.examples.append(ExampleSite(resolved["value"], Pointer(pointer, "schema"), at))


def _is_components(pointer: Pointer | str) -> bool:
    return type(pointer) is Pointer and pointer.parent == "" and pointer.tail == "/components"


@contextmanager
def _nullable_as_null_type(schemas: list[dict]):
    """OpenAPI 3.0's `nullable: true` as JSON Schema says it, while the registry copies the schemas.

    Changed in place and put back right after: a copy of the whole document would cost more than
    everything else the checks do with it.
    """
    saved = [(schema, {k: schema[k] for k in ("type", "enum") if k in schema}) for schema in schemas]
    try:
        for schema, original in saved:
            if isinstance(original.get("type"), str):
                schema["type"] = [original["type"], "null"]
            if isinstance(original.get("enum"), list) and None not in original["enum"]:
                schema["enum"] = [*original["enum"], None]
        yield
    finally:
        for schema, original in saved:
            schema.update(original)
