"""The JSON documents the commands print with `--format json`, as JSON Schema (2020-12).

    DOCUMENTS["validate"]      aviato-docs validate --format json
    DOCUMENTS["clients"]       aviato-docs clients check --format json
    DOCUMENTS["diff"]          aviato-docs diff OLD NEW --format json      (`aviato-docs/diff/1`)
    DOCUMENTS["diff-history"]  aviato-docs diff --history --format json    (`aviato-docs/diff-history/1`)
    DOCUMENTS["problems"]      any command that could not go on, with --format json

Every problem is a `generator.findings.Finding` as `Finding.to_dict()` writes it. Fields are only ever
added under the same schema: the documents allow more properties than they list.
`errors_in(name, document)` lists what in a document does not match its schema.
"""

from __future__ import annotations

from functools import cache

import jsonschema_rs

from generator.findings import CHECK_LEVELS, LEVELS

_NULLABLE_INT = {"type": ["integer", "null"]}
_NULLABLE_STR = {"type": ["string", "null"]}


def _object(properties: dict, required: tuple[str, ...] | None = None) -> dict:
    """An object with these properties, all required unless `required` names fewer."""
    return {"type": "object", "properties": properties,
            "required": list(properties if required is None else required)}


def _counts(levels: tuple[str, ...]) -> dict:
    return _object({level: {"type": "integer", "minimum": 0} for level in levels})


LOCATION = _object({"source": {"type": "string"}, "pointer": {"type": "string"},
                    "line": _NULLABLE_INT, "column": _NULLABLE_INT})
FINDING = _object({"code": {"type": "string"}, "level": {"enum": list(LEVELS)}, "message": {"type": "string"},
                   "location": LOCATION, "hint": _NULLABLE_STR, "previous": LOCATION},
                  required=("code", "level", "message", "location", "hint"))
_PROBLEMS = {"type": "array", "items": FINDING}

VALIDATE = _object({
    "specs": {"type": "array", "items": _object({"source": {"type": "string"}, "tag": _NULLABLE_STR,
                                                 "counts": _counts(CHECK_LEVELS)})},
    "counts": _counts(CHECK_LEVELS),
    "problems": _PROBLEMS})

_LANGUAGE = _object({"ok": {"type": "boolean"}, "cached": {"type": "boolean"}, "seconds": {"type": "number"},
                     "folder": {"type": "string"}})
CLIENTS = _object({
    "versions": {"type": "array", "items": _object({
        "label": {"type": "string"}, "tag": _NULLABLE_STR, "source": {"type": "string"},
        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "cached": {"type": "boolean"},
        "languages": {"type": "object", "additionalProperties": _LANGUAGE}})},
    "problems": _PROBLEMS})

_OPERATION = _object({"operationId": _NULLABLE_STR, "method": {"type": "string"},
                      "path": {"type": "string"}, "tag": {"type": "string"}, "anchor": {"type": "string"},
                      "removed": {"type": "boolean"}})
CHANGE = _object({"id": {"type": "string"}, "level": {"enum": list(LEVELS)}, "message": {"type": "string"},
                  "operation": {"oneOf": [_OPERATION, {"type": "null"}]}, "old": LOCATION, "new": LOCATION,
                  "fingerprint": {"type": "string", "pattern": "^[0-9a-f]{12}$"},
                  "accepted": {"type": "boolean"}})
_SIDE = _object({"source": {"type": "string"}, "tag": _NULLABLE_STR})
DIFF = _object({"schema": {"const": "aviato-docs/diff/1"}, "old": _SIDE, "new": _SIDE,
                "summary": _counts(LEVELS), "changes": {"type": "array", "items": CHANGE}})

_VIOLATION = {**CHANGE,
              "properties": {**CHANGE["properties"], "old": {"type": "string"}, "new": {"type": "string"}}}
_LIFECYCLE = _object({"operation": {"type": "string"}, "method": {"type": "string"},
                      "path": {"type": "string"},
                      "addedIn": _NULLABLE_STR, "deprecatedSince": _NULLABLE_STR, "removedIn": _NULLABLE_STR,
                      "sunset": _NULLABLE_STR})
DIFF_HISTORY = _object({
    "schema": {"const": "aviato-docs/diff-history/1"},
    "releases": {"type": "array", "items": {"type": "string"}},
    "steps": {"type": "array", "items": _object({"old": {"type": "string"}, "new": {"type": "string"},
                                                 "summary": _counts(LEVELS)})},
    "violations": {"type": "array", "items": _VIOLATION},
    "operations": {"type": "array", "items": _LIFECYCLE}})

PROBLEMS = _object({"problems": _PROBLEMS})

DOCUMENTS = {"validate": VALIDATE, "clients": CLIENTS, "diff": DIFF, "diff-history": DIFF_HISTORY,
             "problems": PROBLEMS}


@cache
def _validator(name: str):
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **DOCUMENTS[name]}
    return jsonschema_rs.validator_for(schema)


def errors_in(name: str, document: object) -> list[str]:
    """What in `document` does not match the schema of the `name` document, each at its JSON pointer."""
    return [f"/{'/'.join(str(part) for part in error.instance_path)}: {error.message}"
            for error in _validator(name).iter_errors(document)]
