"""A JSON Schema validation error as one readable finding: located at the value that is wrong, saying
what is wrong and which keyword failed, the values it quotes cut short.

jsonschema-rs reports a `oneOf`/`anyOf` failure at the outermost value that matched no branch, with
the whole value serialized into its message: a schema of a public spec that breaks the OpenAPI 3.0
schema deep inside (a `type: "null"` in an `anyOf`) came out as several kilobytes of JSON ending in
"is not valid under any of the schemas listed in the 'oneOf' keyword". The finding is the error that
failure comes down to instead: the deepest in the document of all its branches.
"""

from __future__ import annotations

import json

from generator.checks.registry import Finding
from generator.spec.lines import join

QUOTED = 60  # the most characters of a value quoted in a message
MESSAGE = 240  # the most characters of a message
COMPOSITE = {"oneOf", "anyOf"}  # kinds whose error stands for the errors of their branches
_JSON = json.JSONDecoder()


def findings(errors, base: str = "") -> list[Finding]:
    """jsonschema-rs errors as findings, each at the pointer (below `base`) of the value it is about."""
    return [finding(leaf(error), base) for error in errors]


def finding(error, base: str = "") -> Finding:
    return Finding(join(base, *error.instance_path), message(error))


def leaf(error):
    """The error a oneOf/anyOf failure comes down to: the deepest in the document of its branches',
    a branch's other errors before a `$ref` alternative's "$ref is required" (the document meant the
    other branch), any of them before the composite itself."""
    best = error
    for branch in getattr(error.kind, "context", None) or ():
        for sub in branch:
            candidate = leaf(sub)
            if _rank(candidate) > _rank(best):
                best = candidate
    return best


def _rank(error) -> tuple:
    name = error.kind.name
    ref_required = name == "required" and error.message.startswith('"$ref"')
    return len(error.instance_path), name not in COMPOSITE, not ref_required


def message(error) -> str:
    """What is wrong, on one line, the values quoted cut short, and the keyword that failed."""
    keyword = "#/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in error.schema_path)
    return f"{shorten(error.message)} (keyword '{error.kind.name}' at {keyword})"


def shorten(text: str) -> str:
    """`text` on one line, each JSON value it quotes cut to QUOTED characters, the whole to MESSAGE."""
    out, index = [], 0
    while index < len(text):
        value_end = _json_end(text, index) if text[index] in '{["' else None
        if value_end is None:
            out.append(text[index])
            index += 1
            continue
        quoted = text[index:value_end]
        out.append(quoted if len(quoted) <= QUOTED else quoted[:QUOTED - 1] + "…")
        index = value_end
    line = " ".join("".join(out).split())
    return line if len(line) <= MESSAGE else line[:MESSAGE - 1] + "…"


def _json_end(text: str, start: int) -> int | None:
    try:
        return _JSON.raw_decode(text, start)[1]
    except ValueError:
        return None
