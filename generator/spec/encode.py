"""A spec's values as compact JSON and back, the one way the stages write, copy or compare them.

orjson is fast but refuses to write integers beyond 64 bits, which a valid document may hold (OpenAI's
spec has `minimum: -9223372036854776000`), and reads them as floats: those values are written and
read by the standard library instead, in the same compact form, exactly.
"""

from __future__ import annotations

import json
import re

import orjson

# Digits enough for an integer beyond 64 bits (or near it: the standard library reads those exactly too).
_LONG_INTEGER = re.compile(rb"\d{19,}")


def json_bytes(value: object, sort_keys: bool = False) -> bytes:
    """`value` as compact UTF-8 JSON (keys sorted when `sort_keys`)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else None)
    except TypeError:  # orjson.JSONEncodeError: an integer beyond 64 bits
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys).encode()


def from_json(data: bytes) -> object:
    """What `json_bytes` wrote, read back as it was (an integer beyond 64 bits stays an integer)."""
    return json.loads(data) if _LONG_INTEGER.search(data) else orjson.loads(data)
