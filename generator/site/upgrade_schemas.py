"""OpenAPI 3.0 schemas rewritten as 3.1 reads them, for the components Scalar fetches from a file.

Scalar upgrades a 3.0 document to 3.1 when it loads it, and only then follows its references to
other files, which it takes as they are: a 3.0 schema there renders by 3.1 rules (`nullable` is
ignored, so a field reads `string … nullable` and its example `"string"`, not `string | null` and
`null`). The shared components of a 3.0 spec (shared_components.py) are written the way Scalar's
upgrader (`@scalar/openapi-upgrader`, 3.0-to-3.1) would have left them in the document: the same
rules, applied only where a schema is, never inside example, default, enum or const values.
"""

from __future__ import annotations

from collections.abc import Iterator

# Keywords whose value is one schema, a list of schemas, or a map of named schemas.
_ONE = ("additionalProperties", "items", "not", "if", "then", "else", "contains", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties")
_LIST = ("allOf", "anyOf", "oneOf", "prefixItems")
_UNIONS = ("anyOf", "oneOf")
_MAP = ("properties", "patternProperties", "$defs", "dependentSchemas")
_ANNOTATIONS = {"title", "description", "deprecated", "default", "example", "examples", "externalDocs",
                "readOnly", "writeOnly"}


def components(pool: dict) -> dict:
    """`pool` (a components object's entries by kind) with every schema in it upgraded, in place."""
    for kind, entries in pool.items():
        for name, entry in entries.items():
            if kind == "schemas":
                entries[name] = schema(entry)
            elif isinstance(entry, dict):
                for holder, key, body in _schema_slots(entry):
                    holder[key] = schema(holder[key], body)
    return pool


def schema(node: object, whole_body: bool = False, union_arm: bool = False) -> object:
    """A 3.0 schema as 3.1 says it (subschemas too); `whole_body`: a media type's own schema."""
    if not isinstance(node, dict):
        return node
    for key in _ONE:
        if isinstance(node.get(key), dict):
            node[key] = schema(node[key])
    for key in _LIST:
        if isinstance(node.get(key), list):
            node[key] = [schema(arm, union_arm=key in _UNIONS) for arm in node[key]]
    for key in _MAP:
        if isinstance(node.get(key), dict):
            node[key] = {name: schema(sub) for name, sub in node[key].items()}
    return _format(_examples(_exclusive(_nullable(node, union_arm))), whole_body)


def _nullable(node: dict, union_arm: bool) -> dict:
    if node.get("nullable") is not True:
        return node
    if "type" in node:
        node["type"] = [*node["type"], "null"] if isinstance(node["type"], list) else [node["type"], "null"]
        del node["nullable"]
    elif isinstance(node.get("$ref"), str):
        rest = {k: v for k, v in node.items() if k not in ("nullable", "$ref")}
        return {**rest, "anyOf": [{"$ref": node["$ref"]}, {"type": "null"}]}
    elif isinstance(node.get("allOf"), list):
        rest = {k: v for k, v in node.items() if k not in ("nullable", "allOf")}
        base = node["allOf"][0] if len(node["allOf"]) == 1 else {"allOf": node["allOf"]}
        return {**rest, "anyOf": [base, {"type": "null"}]}
    elif union_arm and all(k == "nullable" or k in _ANNOTATIONS or k.startswith("x-") for k in node):
        del node["nullable"]
        node["type"] = "null"
    return node


def _exclusive(node: dict) -> dict:
    for exclusive, bound in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
        if node.get(exclusive) is True and bound in node:
            node[exclusive] = node.pop(bound)
        elif isinstance(node.get(exclusive), bool):
            del node[exclusive]
    return node


def _examples(node: dict) -> dict:
    if "example" in node:
        node["examples"] = [node.pop("example")]
    return node


def _format(node: dict, whole_body: bool) -> dict:
    kind = node.get("type")
    if not (kind == "string" or (isinstance(kind, list) and "string" in kind)):
        return node
    if node.get("format") == "binary":
        rest = {k: v for k, v in node.items() if k not in ("format", "type")}
        return rest if whole_body else {"contentMediaType": "application/octet-stream", **rest}
    if node.get("format") in ("base64", "byte"):
        return {**{k: v for k, v in node.items() if k != "format"}, "contentEncoding": "base64"}
    return node


def _schema_slots(entry: dict) -> Iterator[tuple[dict, str, bool]]:
    """Where a parameter, header, response or request body holds a schema: (holder, key, whole body)."""
    if isinstance(entry.get("schema"), dict):
        yield entry, "schema", False
    for media in (entry.get("content") or {}).values():
        if isinstance(media, dict) and isinstance(media.get("schema"), dict):
            yield media, "schema", True
    for header in (entry.get("headers") or {}).values():
        if isinstance(header, dict):
            yield from _schema_slots(header)
