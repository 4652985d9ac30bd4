"""Structural rules about the document as a whole: its syntax, its OpenAPI version and schema, its `$ref`s."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import jsonschema_rs

from generator.checks import schema_errors
from generator.checks.context import Context
from generator.checks.registry import Finding, rule
from generator.spec import UTF8_BOM
from generator.spec.lines import Pointer, join
from generator.spec.refs import target_pointer


@cache
def schema_file(name: str) -> dict:
    """A schema shipped in generator/checks/schemas/ (the official OpenAPI and JSON Schema documents)."""
    return json.loads(resources.files("generator.checks").joinpath("schemas", name).read_text("utf-8"))


@cache
def document_validator(version: str):
    name = "oas-3.0.json" if version == "3.0" else "oas-3.1.json"
    # Formats stay annotations here, as in openapi-spec-validator: a server URL such as
    # `{scheme}://{host}` is a valid template but not a valid uri-reference.
    return jsonschema_rs.validator_for(schema_file(name), validate_formats=False)


def located(errors, base: Pointer | str = "") -> list[Finding]:
    """jsonschema-rs errors as findings at the pointer of the offending value."""
    return [Finding(join(base, *error.instance_path), error.message) for error in errors]


@rule("byte-order-mark", "warning", "the file starts with a UTF-8 byte order mark, which JSON forbids")
def byte_order_mark(ctx: Context):
    if ctx.spec.raw.data.startswith(UTF8_BOM):
        yield Finding("", "the file starts with a UTF-8 byte order mark (EF BB BF); strict JSON parsers "
                      "refuse it", hint="save the file as UTF-8 without BOM", line=1, column=1)


@rule("duplicate-key", "error", "an object repeats a key; parsers silently keep only one of them")
def duplicate_key(ctx: Context):
    for defect in ctx.spec.defects:
        if defect.code == "duplicate-key":
            yield Finding(defect.pointer, defect.message, line=defect.line, column=defect.column)


@rule("yaml-key-not-string", "error", "a YAML key is not a string (e.g. an unquoted 200), as JSON requires")
def yaml_key_not_string(ctx: Context):
    for defect in ctx.spec.defects:
        if defect.code == "yaml-key-not-string":
            yield Finding(defect.pointer, defect.message, line=defect.line, column=defect.column)


@rule("number-not-json", "error",
      "a YAML number JSON cannot hold: .nan or .inf (JSON has no NaN or Infinity)")
def number_not_json(ctx: Context):
    for defect in ctx.spec.defects:
        if defect.code == "number-not-json":
            yield Finding(defect.pointer, defect.message,
                          hint="write the value another way (a string, a limit such as 1e308, or leave the "
                          "keyword out)", line=defect.line, column=defect.column)


@rule("openapi-3-0", "warning", "the document is OpenAPI 3.0, checked against the 3.0 rules; publish 3.1")
def openapi_3_0(ctx: Context):
    if ctx.version == "3.0":
        yield Finding("/openapi", f"OpenAPI {ctx.spec.openapi} document: checked against OpenAPI 3.0, "
                      "not 3.1", hint="the published reference expects OpenAPI 3.1")


@rule("openapi-schema", "error", "the document breaks the official OpenAPI 3.x JSON schema")
def openapi_schema(ctx: Context):
    return schema_errors.findings(document_validator(ctx.version).iter_errors(ctx.document))


@rule("ref-external", "error", "a $ref points outside the document; it is not fetched")
def ref_external(ctx: Context):
    for pointer, ref in ctx.refs:
        if target_pointer(ref) is None:
            yield Finding(join(pointer, "$ref"), f"external $ref {ref!r} is not followed",
                          hint="bundle the referenced document into this one")


@rule("ref-missing", "error", "a $ref points at a part of the document that does not exist")
def ref_missing(ctx: Context):
    for pointer, ref in ctx.refs:
        if target_pointer(ref) is not None and ctx.target(ref) is None:
            yield Finding(join(pointer, "$ref"), f"$ref target {ref} does not exist")


@rule("ref-cycle", "error", "a chain of $refs leads back to itself and never reaches a definition")
def ref_cycle(ctx: Context):
    reported: set[str] = set()
    for pointer, ref in ctx.refs:
        cycle = ctx.resolver.follow({"$ref": ref}).cycle
        if cycle and ref not in reported:
            reported.update(cycle)
            yield Finding(join(pointer, "$ref"), "$ref cycle: " + " -> ".join([*cycle, cycle[0]]))
