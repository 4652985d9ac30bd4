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

from generator.spec import Spec
from generator.spec.lines import Pointer
from generator.spec.refs import Resolver, target_pointer
from generator.spec.walk import EXAMPLE, HTTP_METHODS, OBJECT, SCHEMA_ROOT, Operation, objects, operations

SPEC_URI = "urn:aviato:spec"
_URI_SAFE = re.compile(r"^[A-Za-z0-9/~._-]*$")  # pointers that need no percent-encoding in a URI fragment
METHODS = HTTP_METHODS  # the name the rules knew it by


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
        self.resolver = Resolver(spec.document, cache=True)
        # The walk's findings, filled by `_walk`; their pointers are `Pointer` chains (see there why).
        self.refs: list[tuple[Pointer | str, str]] = []  # (pointer of the object holding $ref, the $ref)
        self.schema_roots: list[tuple[Pointer, object]] = []  # schemas not inside another schema
        self.subschemas: list[tuple[Pointer | str, dict]] = []  # every schema object, roots included
        self.examples: list[ExampleSite] = []
        self._last_validator: tuple[Pointer | str, object] = ("", None)
        self._parameters: dict[str, list[tuple[Pointer, dict]]] = {}
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
        return self.resolver.target(ref)

    def node_at(self, pointer: str) -> object | None:
        """The node at a JSON pointer (not URI-encoded), or None."""
        return self.spec.node_at(pointer)

    def resolve(self, node: object, pointer: str = "") -> tuple[object | None, str]:
        """Follow `$ref`s to a node that is not one; (None, pointer) for a broken or cyclic chain."""
        found = self.resolver.follow(node, pointer)
        return (None, pointer) if found.problem else (found.node, found.pointer)

    @cached_property
    def operations(self) -> list[Operation]:
        return list(operations(self.resolver))

    def parameters(self, operation: Operation) -> list[tuple[Pointer, dict]]:
        """The operation's parameters, path-item ones first, each resolved, with where it is written."""
        if operation.pointer not in self._parameters:
            self._parameters[operation.pointer] = self._find_parameters(operation)
        return self._parameters[operation.pointer]

    def _find_parameters(self, operation: Operation) -> list[tuple[Pointer, dict]]:
        found = []
        owners = ((operation.item, operation.item_pointer), (operation.operation, operation.pointer))
        for owner, pointer in owners:
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
            ref = node.get("$ref") if isinstance(node, dict) and len(node) == 1 else None
            pointer = target_pointer(ref) if isinstance(ref, str) else None
            if pointer is None:
                break
            schema_pointer, node = pointer, self.resolver.target(str(ref))
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
        nullable = [schema for _, schema in self.subschemas if schema.get("nullable") is True]
        with _nullable_as_null_type(nullable):
            return jsonschema_rs.Registry([(SPEC_URI, self.schema_document)], draft=jsonschema_rs.Draft4)

    def _compile(self, schema_pointer: Pointer | str):
        schema_pointer = str(schema_pointer)
        cls = jsonschema_rs.Draft4Validator if self.version == "3.0" else jsonschema_rs.Draft202012Validator
        fragment = (schema_pointer if _URI_SAFE.match(schema_pointer)
                    else quote(schema_pointer, safe="/~!$&'()*+,;=:@"))
        reference = {"$ref": SPEC_URI + "#" + fragment}
        try:
            return cls(reference, registry=self._registry, validate_formats=True)
        except (ValueError, jsonschema_rs.ValidationError, jsonschema_rs.ReferencingError):
            return None  # a broken schema or $ref: other rules say so

    def _walk(self) -> None:
        """One walk (the spec's) that sorts the document into refs, schemas and examples."""
        for pointer, node, kind in objects(self.document):
            if type(node) is dict and isinstance(node.get("$ref"), str):
                self.refs.append((pointer, node["$ref"]))
            if kind == SCHEMA_ROOT and type(pointer) is Pointer:  # a root is never the document itself
                self.schema_roots.append((pointer, node))
            if kind == OBJECT and type(node) is dict:
                self._object_examples(pointer, node)
            elif kind != EXAMPLE and type(node) is dict:
                self._schema(pointer, node)

    def _schema(self, pointer: Pointer | str, schema: dict) -> None:
        self.subschemas.append((pointer, schema))
        if "example" in schema:
            self.examples.append(ExampleSite(schema["example"], pointer, Pointer(pointer, "example")))
        if isinstance(schema.get("examples"), list):
            examples = Pointer(pointer, "examples")
            self.examples += [ExampleSite(value, pointer, Pointer(examples, index))
                              for index, value in enumerate(schema["examples"])]

    def _object_examples(self, pointer: Pointer | str, node: dict) -> None:
        """The examples of an OpenAPI object with a schema beside them (an Example Object's `value`)."""
        if "schema" not in node:
            return
        for key, value in node.items():
            if key == "example" and isinstance(value, (dict, list, bool)):
                self.examples.append(ExampleSite(value, Pointer(pointer, "schema"), Pointer(pointer, key)))
            elif key == "examples" and isinstance(value, dict):
                for name, example in value.items():
                    resolved, _ = self.resolve(example) if isinstance(example, dict) else (None, "")
                    if isinstance(resolved, dict) and "value" in resolved:
                        self.examples.append(ExampleSite(resolved["value"], Pointer(pointer, "schema"),
                                                         Pointer(Pointer(pointer, key), name)))


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
