"""Map JSON pointers to line:column in the original text, for JSON and YAML documents.

Built lazily (only when a message needs a location or a check needs the syntax), because most builds
never need one. `index.JsonIndex` is the fast path for parsed JSON; the token scanner here is its
fallback, and the only way to name duplicate keys, which a parser silently drops.
"""

from __future__ import annotations

import bisect
import json
import re
from itertools import accumulate, repeat
from operator import add

import yaml

# A string (with the colon that makes it a key), a bracket, or a bare scalar; `:` and `,` are skipped.
_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"(\s*:)?|[{}\[\]]|[^\s{}\[\]:,"]+')

class LineStarts:
    """Offsets of line starts, to turn a character offset into 1-based line and column."""

    def __init__(self, text: str):
        # Each line's length plus its newline, summed: all in C, unlike a loop over the newlines.
        self._starts = list(accumulate(map(add, map(len, text.split("\n")), repeat(1)), initial=0))

    def position(self, offset: int) -> tuple[int, int]:
        row = bisect.bisect_right(self._starts, offset) - 1
        return row + 1, offset - self._starts[row] + 1


LineIndex = LineStarts  # the historical name


def escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def join(pointer: str, *segments: object) -> str:
    """The pointer to a descendant; called for every node of large documents, so kept lean."""
    for segment in segments:
        text = segment if type(segment) is str else str(segment)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        pointer = pointer + "/" + text
    return pointer


def scan_json(text: str) -> tuple[dict[str, int], list[tuple[str, int]]]:
    """Pointer -> character offset of every member key and array item, and the repeated keys.

    The text must be valid JSON. A repeated key is listed with the offset of its later occurrence.
    """
    offsets: dict[str, int] = {}
    duplicates: list[tuple[str, int]] = []
    # Per open container: its pointer, and the next index for an array ([n]) or None for an object.
    parents: list[tuple[str, list[int] | None]] = []
    pointer, counter, key_pointer = "", None, ""
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == '"' and match.group(1) is not None:
            key = _decode_key(token[:token.rindex('"') + 1])
            key_pointer = pointer + "/" + (escape(key) if "~" in key or "/" in key else key)
            if key_pointer in offsets:
                duplicates.append((key_pointer, match.start()))
            offsets[key_pointer] = match.start()
            continue
        if first == "}" or first == "]":
            pointer, counter = parents.pop()
            continue
        if counter is not None:
            here = f"{pointer}/{counter[0]}"
            counter[0] += 1
            offsets[here] = match.start()
        else:
            here = key_pointer if parents else ""
            offsets.setdefault(here, match.start())
        if first == "{" or first == "[":
            parents.append((pointer, counter))
            pointer, counter = here, ([0] if first == "[" else None)
    return offsets, duplicates


def _decode_key(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        return json.loads(token)
    except ValueError:
        return token.strip('"')


def json_positions(text: str) -> dict[str, tuple[int, int]]:
    """Pointer -> (line, column) of every value (and of the key, for object members)."""
    lines = LineStarts(text)
    offsets, _ = scan_json(text)
    return {pointer: lines.position(offset) for pointer, offset in offsets.items()}


def yaml_positions(text: str) -> dict[str, tuple[int, int]]:
    """Pointer -> (line, column) of every node of a YAML document, from the composer's marks."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return node_positions(root) if root is not None else {}


def node_positions(root: yaml.Node) -> dict[str, tuple[int, int]]:
    """Pointer -> (line, column) of every node under a composed YAML node; members at their keys."""
    positions: dict[str, tuple[int, int]] = {}
    todo = [("", root)]
    while todo:
        pointer, node = todo.pop()
        positions.setdefault(pointer, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = join(pointer, key.value if isinstance(key, yaml.ScalarNode) else "?")
                positions[child] = (key.start_mark.line + 1, key.start_mark.column + 1)
                todo.append((child, value))
        elif isinstance(node, yaml.SequenceNode):
            todo.extend((join(pointer, i), item) for i, item in enumerate(node.value))
    return positions
