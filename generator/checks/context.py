"""What every rule reads: the document, its operations, schemas, examples and `$ref`s, found in one walk.

Rules never raise on bad content, so nothing here does either: broken references resolve to None
(the `ref-*` rules report them) and a schema that cannot be compiled gets no validator.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import quote, unquote

import jsonschema_rs
import orjson

from generator.spec import Spec
from generator.spec.lines import join

SPEC_URI = "urn:aviato:spec"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Keywords whose value is one schema, a list of schemas, or a map of name -> schema.
SCHEMA_ONE = ("not", "items", "additionalProperties", "unevaluatedProperties", "unevaluatedItems", "contains",
              "propertyNames", "if", "then", "else", "additionalItems", "contentSchema")
SCHEMA_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
SCHEMA_MAP = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")


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
    schema_pointer: str
    pointer: str  # where to report: the example itself, or the `$ref` that brought it in


class Context:
    def __init__(self, spec: Spec):
        self.spec = spec
        self.document = spec.document
        self.version = "3.0" if spec.openapi.startswith("3.0") else "3.1"
        # The walk's findings, filled by `_walk`.
        self.refs: list[tuple[str, str]] = []  # (pointer of the object holding $ref, the $ref)
        self.schema_roots: list[tuple[str, object]] = []  # schemas not inside another schema
        self.subschemas: list[tuple[str, dict]] = []  # every schema object, roots included
        self.examples: list[ExampleSite] = []
        self._validators: dict[str, object] = {}
        self._walk()

    @property
    def tag(self) -> str | None:
        return self.spec.raw.tag

    @cached_property
    def schema_document(self) -> dict:
        """The document as JSON Schema validators read it: 3.0's `nullable` becomes a `null` type."""
        if self.version != "3.0":
            return self.document
        copy = orjson.loads(orjson.dumps(self.document))
        for pointer, _ in self.subschemas:
            schema = self.target("#" + pointer, copy)
            if isinstance(schema, dict) and schema.get("nullable") is True:
                _allow_null(schema)
        return copy

    def target(self, ref: str, document: object = None) -> object | None:
        """The node an internal `$ref` points at, or None when it is external or missing."""
        if not isinstance(ref, str) or not ref.startswith("#"):
            return None
        node = self.document if document is None else document
        fragment = unquote(ref[1:])
        for part in fragment.split("/")[1:] if fragment else ():
            key = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and key.isdigit() and int(key) < len(node):
                node = node[int(key)]
            else:
                return None
        return node

    def resolve(self, node: object, pointer: str = "") -> tuple[object | None, str]:
        """Follow `$ref`s to a node that is not one; (None, pointer) for a broken or cyclic chain."""
        seen: set[str] = set()
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                return None, pointer
            seen.add(ref)
            node, pointer = self.target(ref), unquote(ref[1:])
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

    def parameters(self, operation: Operation) -> list[tuple[str, dict]]:
        """The operation's parameters, path-item ones first, each resolved, with where it is written."""
        found = []
        for owner, pointer in ((operation.item, operation.item_pointer), (operation.operation, operation.pointer)):
            listed = owner.get("parameters")
            for index, parameter in enumerate(listed if isinstance(listed, list) else ()):
                resolved, _ = self.resolve(parameter)
                if isinstance(resolved, dict):
                    found.append((join(pointer, "parameters", index), resolved))
        return found

    def validator(self, schema_pointer: str):
        """A compiled validator for the schema at a pointer (refs resolved in the document), or None."""
        if schema_pointer not in self._validators:
            self._validators[schema_pointer] = self._compile(schema_pointer)
        return self._validators[schema_pointer]

    @cached_property
    def _registry(self):
        draft = jsonschema_rs.Draft4 if self.version == "3.0" else jsonschema_rs.Draft202012
        return jsonschema_rs.Registry([(SPEC_URI, self.schema_document)], draft=draft)

    def _compile(self, schema_pointer: str):
        cls = jsonschema_rs.Draft4Validator if self.version == "3.0" else jsonschema_rs.Draft202012Validator
        reference = {"$ref": SPEC_URI + "#" + quote(schema_pointer, safe="/~!$&'()*+,;=:@")}
        try:
            return cls(reference, registry=self._registry, validate_formats=True)
        except (ValueError, jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError):
            return None  # a broken schema or $ref: other rules say so

    def _walk(self) -> None:
        """One iterative walk that sorts the document into refs, schemas and examples."""
        todo: list[tuple[str, object, bool]] = [("", self.document, False)]
        while todo:
            pointer, node, in_schema = todo.pop()
            if isinstance(node, list):
                todo.extend((join(pointer, i), item, in_schema) for i, item in enumerate(node))
                continue
            if not isinstance(node, dict):
                continue
            if isinstance(node.get("$ref"), str):
                self.refs.append((pointer, node["$ref"]))
            if in_schema:
                self._visit_schema(pointer, node, todo)
            else:
                self._visit_object(pointer, node, todo)

    def _visit_schema(self, pointer: str, schema: dict, todo: list) -> None:
        self.subschemas.append((pointer, schema))
        if "example" in schema:
            self.examples.append(ExampleSite(schema["example"], pointer, join(pointer, "example")))
        if isinstance(schema.get("examples"), list):
            self.examples += [ExampleSite(value, pointer, join(pointer, "examples", index))
                              for index, value in enumerate(schema["examples"])]
        for keyword in SCHEMA_ONE:
            if isinstance(schema.get(keyword), (dict, list)):
                todo.append((join(pointer, keyword), schema[keyword], True))
        for keyword in SCHEMA_LIST:
            if isinstance(schema.get(keyword), list):
                todo.append((join(pointer, keyword), schema[keyword], True))
        for keyword in SCHEMA_MAP:
            if isinstance(schema.get(keyword), dict):
                todo.extend((join(pointer, keyword, k), v, True) for k, v in schema[keyword].items())

    def _visit_object(self, pointer: str, node: dict, todo: list) -> None:
        """An OpenAPI object (not a schema): find schemas, examples and nested objects."""
        for key, value in node.items():
            child = join(pointer, key)
            if key.startswith("x-") or not isinstance(value, (dict, list, bool)):
                continue
            if key == "schema" or (pointer == "/components" and key == "schemas" and isinstance(value, dict)):
                roots = [(child, value)] if key == "schema" else [(join(child, k), v) for k, v in value.items()]
                self.schema_roots += roots
                todo.extend((p, v, True) for p, v in roots)
            elif key == "example":
                if "schema" in node:
                    self.examples.append(ExampleSite(value, join(pointer, "schema"), child))
            elif key == "examples" and isinstance(value, dict):
                self._visit_examples(pointer, child, value, node, todo)
            elif isinstance(value, (dict, list)):
                todo.append((child, value, False))

    def _visit_examples(self, pointer: str, child: str, examples: dict, owner: dict, todo: list) -> None:
        """Example objects: their `value` is data (never walked), checked when a schema sits beside them."""
        for name, example in examples.items():
            at = join(child, name)
            if not isinstance(example, dict):
                continue
            if isinstance(example.get("$ref"), str):
                self.refs.append((at, example["$ref"]))
            resolved, _ = self.resolve(example)
            if "schema" in owner and isinstance(resolved, dict) and "value" in resolved:
                self.examples.append(ExampleSite(resolved["value"], join(pointer, "schema"), at))


def _allow_null(schema: dict) -> None:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    if isinstance(schema.get("enum"), list) and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
