"""Rules about Schema Objects: valid JSON Schema, defaults and examples that match, `required` that exists."""

from __future__ import annotations

import json
from functools import cache

import jsonschema_rs

from generator.checks.context import Context, ExampleSite
from generator.checks.document import located, schema_file
from generator.checks.registry import Finding, rule
from generator.spec.lines import Pointer, join

OAS_DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base"
DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
MAX_ERRORS_PER_VALUE = 5  # one wrong example should not bury the rest of the report


@cache
def dialect_validator():
    """The OpenAPI 3.1 Schema Object dialect: JSON Schema 2020-12 plus OpenAPI's vocabulary."""
    dialect, vocabulary = schema_file("oas-3.1-dialect.json"), schema_file("oas-3.1-vocab-base.json")
    registry = jsonschema_rs.Registry([(dialect["$id"], dialect), (vocabulary["$id"], vocabulary)])
    return jsonschema_rs.validator_for(dialect, registry=registry, validate_formats=True)


def _value_errors(ctx: Context, schema_pointer: Pointer | str, value: object, at: Pointer | str,
                  what: str) -> list[Finding]:
    validator = ctx.validator(schema_pointer)
    if validator is None:
        return []
    try:
        errors = list(validator.iter_errors(value))[:MAX_ERRORS_PER_VALUE]
    except (ValueError, TypeError) as e:  # a value jsonschema-rs cannot read (e.g. a NaN)
        return [Finding(at, f"{what} cannot be checked: {e}")]
    return [Finding(join(at, *e.instance_path), f"{what} does not match its schema: {e.message}",
                    hint=f"the schema is at #{schema_pointer}") for e in errors]


@rule("schema-invalid", "error", "a schema is not valid JSON Schema 2020-12 (the OpenAPI 3.1 dialect)")
def schema_invalid(ctx: Context):
    if ctx.version == "3.0":
        return  # 3.0's Schema Object is defined in full by the OpenAPI 3.0 schema: openapi-schema checks it
    dialect = ctx.document.get("jsonSchemaDialect", OAS_DIALECT)
    for pointer, schema in ctx.schema_roots:
        declared = schema.get("$schema", dialect) if isinstance(schema, dict) else dialect
        if declared in (OAS_DIALECT, DRAFT_2020_12):
            yield from located(dialect_validator().iter_errors(schema), pointer)


@rule("schema-default-invalid", "error", "a schema's default value does not validate against the schema")
def schema_default_invalid(ctx: Context):
    for pointer, schema in ctx.subschemas:
        if "default" in schema:
            yield from _value_errors(ctx, pointer, schema["default"], join(pointer, "default"), "the default")


@rule("example-invalid", "error", "an example does not validate against its schema", kind="house")
def example_invalid(ctx: Context):
    groups: dict[int, tuple[Pointer | str, list[ExampleSite]]] = {}
    for site in ctx.examples:  # sites sharing a schema come together, and share its compiled validator
        pointer, schema = ctx.schema_target(site.schema_pointer)
        groups.setdefault(id(schema), (pointer, []))[1].append(site)
    for pointer, sites in groups.values():
        for site in sites:
            yield from _value_errors(ctx, pointer, site.value, site.pointer, "the example")


def _property_names(ctx: Context, schema: object, seen: set[int]) -> set[str]:
    """Every property name a schema can define, through $refs and composition."""
    schema, _ = ctx.resolve(schema)
    if not isinstance(schema, dict) or id(schema) in seen:
        return set()
    seen.add(id(schema))
    names = set(schema["properties"]) if isinstance(schema.get("properties"), dict) else set()
    for keyword in ("allOf", "anyOf", "oneOf"):
        members = schema.get(keyword)
        for member in members if isinstance(members, list) else ():
            names |= _property_names(ctx, member, seen)
    for keyword in ("items", "not"):
        names |= _property_names(ctx, schema.get(keyword), seen)
    return names


@rule("schema-required-undefined", "error",
      "an allOf schema requires properties that none of its parts define")
def schema_required_undefined(ctx: Context):
    for pointer, schema in ctx.schema_roots:
        if not (isinstance(schema, dict) and "allOf" in schema and isinstance(schema.get("required"), list)):
            continue
        defined = _property_names(ctx, schema, set())
        missing = [name for name in schema["required"] if isinstance(name, str) and name not in defined]
        if missing:
            yield Finding(join(pointer, "required"), f"required properties {', '.join(missing)} are defined "
                          "neither in `properties` nor in any `allOf` part")


@rule("enum-duplicate", "warning",
      "an enum lists the same value twice (JSON Schema says its values SHOULD be unique)")
def enum_duplicate(ctx: Context):
    for pointer, schema in ctx.subschemas:
        values = schema.get("enum")
        seen: set[str] = set()
        for index, value in enumerate(values if isinstance(values, list) else ()):
            key = _json_identity(value)
            if key in seen:
                yield Finding(join(pointer, "enum", index),
                              f"enum value {_short(value)} is listed more than once",
                              hint="remove the repeated value")
            seen.add(key)


def _json_identity(value: object) -> str:
    """Equal for values JSON Schema calls equal: 1 and 1.0 are one number, true is not 1, key order is
    moot."""
    return json.dumps(_integral(value), sort_keys=True, default=repr)


def _integral(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integral(item) for item in value]
    if isinstance(value, dict):
        return {key: _integral(item) for key, item in value.items()}
    return value


def _short(value: object) -> str:
    text = json.dumps(value, default=repr)
    return text if len(text) <= 60 else text[:57] + "..."
