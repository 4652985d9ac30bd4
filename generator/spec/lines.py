"""Map JSON pointers to line:column in the original text, for JSON and YAML documents.

Built lazily (only when a message needs a location), because most builds never need one.
"""

from __future__ import annotations

import bisect
import re

import yaml

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def join(pointer: str, *segments: object) -> str:
    return pointer + "".join("/" + escape(str(s)) for s in segments)


class LineIndex:
    """Offsets of line starts, to turn a character offset into 1-based line and column."""

    def __init__(self, text: str):
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self._starts, offset) - 1
        return row + 1, offset - self._starts[row] + 1


def json_positions(text: str) -> dict[str, tuple[int, int]]:
    """Pointer -> (line, column) of every value (and of the key, for object members)."""
    lines = LineIndex(text)
    positions: dict[str, tuple[int, int]] = {}
    # Each frame: [pointer, is_object, next array index, pending key]
    stack: list[list] = []
    expecting_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ",:":
            if token == "," and stack and stack[-1][1]:
                expecting_key = True
            continue
        if token in "}]":
            stack.pop()
            expecting_key = False
            continue
        if expecting_key:
            key = _decode_key(token)
            stack[-1][3] = key
            positions.setdefault(join(stack[-1][0], key), lines.position(match.start()))
            expecting_key = False
            continue
        pointer = _value_pointer(stack)
        if stack and not stack[-1][1] or not stack:
            positions[pointer] = lines.position(match.start())
        if token in "{[":
            stack.append([pointer, token == "{", 0, None])
            expecting_key = token == "{"
    return positions


def _value_pointer(stack: list[list]) -> str:
    if not stack:
        return ""
    frame = stack[-1]
    if frame[1]:
        return join(frame[0], frame[3])
    pointer = join(frame[0], frame[2])
    frame[2] += 1
    return pointer


def _decode_key(token: str) -> str:
    import json

    try:
        return json.loads(token)
    except ValueError:
        return token.strip('"')


def yaml_positions(text: str) -> dict[str, tuple[int, int]]:
    """Pointer -> (line, column) of every node of a YAML document, from the composer's marks."""
    positions: dict[str, tuple[int, int]] = {}
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        return positions
    todo = [("", root)]
    while todo:
        pointer, node = todo.pop()
        positions.setdefault(pointer, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = join(pointer, key.value)
                positions[child] = (key.start_mark.line + 1, key.start_mark.column + 1)
                todo.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            todo.extend((join(pointer, i), item) for i, item in enumerate(node.value))
    return positions
