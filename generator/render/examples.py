"""Examples for an operation page: the spec's own examples, else a value built from the schema, and
the request as a curl command a reader can paste."""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass

import orjson

from generator.facts.schemas import schema_ref
from generator.render import schemas
from generator.render.schemas import deref, is_array
from generator.spec import Spec

API_KEY_VARIABLE = "$AVIATO_API_KEY"
SERVER_VARIABLE = "$AVIATO_URL"  # when the spec names no absolute server
GENERATED_DEPTH = 4  # levels of schema: a field, an `allOf`, a union or an array's items is one
_FORMATS = {"date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01",
            "uuid": "00000000-0000-0000-0000-000000000000", "email": "user@example.com",
            "uri": "https://example.com/", "url": "https://example.com/"}


@dataclass(frozen=True)
class Example:
    value: object
    generated: bool  # built from the schema: the spec gives no example


def media_example(spec: Spec, media: object, generate: bool = True) -> Example | None:
    """The example of a request or response body: `example`, the first of `examples`, the schema's own,
    else (when `generate`) one built from the schema. None when there is nothing to show."""
    media, _, _ = deref(spec, media, schema=False)
    if not isinstance(media, dict):
        return None
    if "example" in media:
        return Example(media["example"], False)
    examples = media.get("examples")
    if isinstance(examples, dict):
        for entry in examples.values():
            entry, _, _ = deref(spec, entry, schema=False)
            if isinstance(entry, dict) and "value" in entry:
                return Example(entry["value"], False)
    schema, _, _ = deref(spec, media.get("schema"))
    own = _own_example(schema)
    if own is not None:
        return own
    if generate and isinstance(schema, dict) and schema:
        return Example(_generated(spec, schema), True)
    return None


def _generated(spec: Spec, schema: dict) -> object:
    """from_schema's value for a body's schema, worked out once per version for each schema (many
    operations answer with the same one); not to be changed by the caller."""
    kept = schemas.kept("generated examples")
    if kept is None:
        return from_schema(spec, schema)
    key = id(schema)  # the schemas stay alive while the version renders (schemas.once_per_version)
    if key not in kept:
        kept[key] = (schema, from_schema(spec, schema))  # the schema kept too, so that its id stays its own
    return kept[key][1]


def schema_example(spec: Spec, name: str) -> tuple[bool, str] | None:
    """Whether the named schema's example is built from it (the spec gives none), and its JSON text;
    None without one: for the schema's page and its twin."""
    example = media_example(spec, {"schema": {"$ref": schema_ref(name)}})
    if example is None or example.value is None:
        return None
    return example.generated, pretty(example.value)


def _own_example(schema: object) -> Example | None:
    if not isinstance(schema, dict):
        return None
    if "example" in schema:
        return Example(schema["example"], False)
    if isinstance(schema.get("examples"), list) and schema["examples"]:
        return Example(schema["examples"][0], False)
    return None


def every_field(spec: Spec, schema: object) -> object:
    """A value for a body's schema with every field, as Scalar's own examples have, to GENERATED_DEPTH
    levels (an object on the last one is `{}`): what the interactive reference shows of a body whose
    own example Scalar would build hundreds of kilobytes long (generator.site.body_examples)."""
    return from_schema(spec, schema, every=True)


def from_schema(spec: Spec, schema: object, depth: int = 0, seen: tuple = (), every: bool = False) -> object:
    """A plausible value for a schema: required fields only (all when none is required, or `every`
    time), short arrays."""
    schema, ref, _ = deref(spec, schema)
    if not isinstance(schema, dict) or depth > GENERATED_DEPTH or (ref and ref in seen):
        return None
    seen = seen + ((ref,) if ref else ())
    for key in ("const", "default"):
        if key in schema:
            return schema[key]
    own = _own_example(schema)
    if own is not None:
        return own.value
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        return schema["enum"][0]
    for key in ("oneOf", "anyOf", "allOf"):
        if isinstance(schema.get(key), list) and schema[key] and "properties" not in schema:
            if key != "allOf":
                return from_schema(spec, schema[key][0], depth + 1, seen, every)
            merged: dict = {}
            for part in schema[key]:
                value = from_schema(spec, part, depth + 1, seen, every)
                merged.update(value if isinstance(value, dict) else {})
            return merged
    if is_array(schema):
        item = from_schema(spec, schema.get("items"), depth + 1, seen, every)
        return [] if item is None else [item]
    return _scalar(spec, schema, depth, seen, every)


def _scalar(spec: Spec, schema: dict, depth: int, seen: tuple, every: bool) -> object:
    kind = schema.get("type")
    kind = next((k for k in kind if k != "null"), "null") if isinstance(kind, list) else kind
    if kind == "object" or isinstance(schema.get("properties"), dict):
        if every and depth == GENERATED_DEPTH:
            return {}
        named = schema.get("properties")
        properties: dict = named if isinstance(named, dict) else {}
        required = [] if every else [name for name in schema.get("required", []) if name in properties]
        return {name: from_schema(spec, properties[name], depth + 1, seen, every)
                for name in required or properties}
    if kind == "string":
        return _FORMATS.get(str(schema.get("format")), "string")
    return {"integer": 0, "number": 0, "boolean": True}.get(str(kind))


def pretty(value: object) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`: orjson writes the same, much faster, for JSON
    without numbers with a fraction (it writes 1e-05 as 0.00001) and without ints beyond 64 bits."""
    if _plain(value):
        try:
            return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
        except orjson.JSONEncodeError:  # a big int, a lone surrogate, too deep
            pass
    return json.dumps(value, ensure_ascii=False, indent=2)


_SCALARS = (str, int, bool, type(None))


def _plain(value: object) -> bool:
    """Whether `value` is a tree (no list or dict in it twice) of dicts with text keys, lists, text,
    ints, booleans and nulls."""
    todo, seen = [value], set()
    while todo:
        node = todo.pop()
        if isinstance(node, (dict, list)) and type(node) in (dict, list):
            if id(node) in seen:
                return False
            seen.add(id(node))
            if isinstance(node, list):
                todo.extend(node)
            elif all(type(key) is str for key in node):
                todo.extend(node.values())
            else:
                return False
        elif type(node) not in _SCALARS:
            return False
    return True


@dataclass(frozen=True)
class Request:
    method: str
    url: str  # the server's URL plus the path, parameters filled where the spec gives values
    headers: tuple[tuple[str, str], ...]
    media_type: str | None = None
    body: str | None = None  # JSON text; None for no body or a body that is not JSON

    def curl(self) -> str:
        lines = [f"curl -X {self.method} {shlex.quote(self.url)}"]
        lines += [f'  -H "{name}: {value}"' if value == f"Bearer {API_KEY_VARIABLE}"
                  else f"  -H {shlex.quote(f'{name}: {value}')}" for name, value in self.headers]
        if self.media_type:
            lines.append(f"  -H {shlex.quote('Content-Type: ' + self.media_type)}")
            body = f"  -d {shlex.quote(self.body)}" if self.body is not None else "  --data-binary @body"
            lines.append(body)
        return " \\\n".join(lines)


def server_base(server_url: str | None) -> str:
    if server_url and server_url.startswith(("http://", "https://")):
        return server_url.rstrip("/")
    return SERVER_VARIABLE + (server_url or "").rstrip("/")


def sample_value(spec: Spec, parameter: dict) -> str | None:
    """A parameter's value for the example request, when the spec offers one."""
    if "example" in parameter:
        value = parameter["example"]
    else:
        examples = parameter.get("examples")
        entry = next(iter(examples.values()), None) if isinstance(examples, dict) and examples else None
        entry, _, _ = deref(spec, entry, schema=False)
        schema, _, _ = deref(spec, parameter.get("schema"))
        value = entry.get("value") if isinstance(entry, dict) else _schema_sample(schema)
    if value is None or isinstance(value, (dict, list)):
        return None
    return str(value).lower() if isinstance(value, bool) else str(value)


def _schema_sample(schema: object) -> object:
    if not isinstance(schema, dict):
        return None
    own = _own_example(schema)
    if own is not None:
        return own.value
    if "default" in schema:
        return schema["default"]
    enum = schema.get("enum")
    return enum[0] if isinstance(enum, list) and enum else None
