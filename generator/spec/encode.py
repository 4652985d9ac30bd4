"""A spec's values as compact JSON, the one way the stages write or compare them.

orjson is fast but refuses integers beyond 64 bits, which a valid document may hold (OpenAI's spec
has `minimum: -9223372036854776000`): those values are written by the standard library instead, in
the same compact form.
"""

from __future__ import annotations

import json

import orjson


def json_bytes(value: object, sort_keys: bool = False) -> bytes:
    """`value` as compact UTF-8 JSON (keys sorted when `sort_keys`)."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS if sort_keys else None)
    except TypeError:  # orjson.JSONEncodeError: an integer beyond 64 bits
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=sort_keys).encode()
