"""Map JSON pointers to line:column in the original text, for JSON and YAML documents.

Built lazily (only when a message needs a location or a check needs the syntax), because most builds
never need one. `index.JsonIndex` is the fast path for parsed JSON; the token scanner here is its
fallback, and the only way to name duplicate keys, which a parser silently drops.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator, Mapping
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


class Pointer:
    """A JSON pointer kept as its parent and last segment, spelled out only when it is shown.

    The pointers of every node under one long key (a path template with thousands of parameters)
    would each repeat the key as strings, which grows with the square of the key's length; as a
    chain they share it. `str()` gives the pointer; equal pointers compare and hash equal.
    """

    __slots__ = ("parent", "tail")

    def __init__(self, parent: Pointer | str, segment: object):
        text = segment if type(segment) is str else str(segment)
        if "~" in text or "/" in text:
            text = text.replace("~", "~0").replace("/", "~1")
        self.parent = parent
        self.tail = "/" + text

    def __str__(self) -> str:
        parts, node = [], self
        while type(node) is Pointer:
            parts.append(node.tail)
            node = node.parent
        parts.append(node)
        return "".join(reversed(parts))

    def __repr__(self) -> str:
        return f"Pointer({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (Pointer, str)) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def segments(self) -> list[str]:
        """The unescaped segments, root first."""
        parts, node = [], self
        while type(node) is Pointer:
            parts.append(unescape(node.tail[1:]))
            node = node.parent
        parts.extend(reversed([unescape(part) for part in node.split("/")[1:]]))
        return parts[::-1]


def join(pointer: str | Pointer, *segments: object) -> str:
    """The pointer to a descendant, as text; called for every node of large documents, so kept lean."""
    if type(pointer) is not str:
        pointer = str(pointer)
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


def yaml_positions(text: str) -> Mapping[str, tuple[int, int]]:
    """Pointer -> (line, column) of every node of a YAML document, from the composer's marks."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return node_positions(root) if root is not None else {}


def node_positions(root: yaml.Node) -> NodePositions:
    """Pointer -> (line, column) of every node under a composed YAML node; members at their keys."""
    return NodePositions(root)


class NodePositions(Mapping):
    """The positions of a composed YAML document, as a tree of its keys looked up segment by segment.

    A table with one pointer string per node would repeat each key once per node under it: a path
    template with thousands of parameters would take memory growing with the square of its length.
    Each entry is (line, column, children): children a dict of key -> entry, a list of entries, or None.
    """

    def __init__(self, root: yaml.Node):
        containers: dict[int, dict | list | None] = {}
        todo: list[tuple[yaml.Node, dict | list]] = []

        def children(node: yaml.Node) -> dict | list | None:
            if id(node) not in containers:  # an alias shares the entries of the node it names
                made = {} if isinstance(node, yaml.MappingNode) else [] if isinstance(node, yaml.SequenceNode) else None
                containers[id(node)] = made
                if made is not None:
                    todo.append((node, made))
            return containers[id(node)]

        self._root = (root.start_mark.line + 1, root.start_mark.column + 1, children(root))
        while todo:
            node, made = todo.pop()
            if isinstance(made, dict):  # a repeated key: the last one wins, as in the parsed document
                for key, value in node.value:
                    text = key.value if isinstance(key, yaml.ScalarNode) else "?"
                    made[text] = (key.start_mark.line + 1, key.start_mark.column + 1, children(value))
            else:
                made.extend((item.start_mark.line + 1, item.start_mark.column + 1, children(item))
                            for item in node.value)

    def _entry(self, pointer: str) -> tuple | None:
        entry = self._root
        for segment in pointer.split("/")[1:] if pointer else ():
            below = entry[2]
            if type(below) is dict:
                entry = below.get(unescape(segment))
            elif type(below) is list and segment.isdigit() and str(int(segment)) == segment \
                    and int(segment) < len(below):
                entry = below[int(segment)]
            else:
                return None
            if entry is None:
                return None
        return entry

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        entry = self._entry(pointer)
        if entry is None:
            raise KeyError(pointer)
        return entry[0], entry[1]

    def __contains__(self, pointer: object) -> bool:
        return isinstance(pointer, str) and self._entry(pointer) is not None

    def __iter__(self) -> Iterator[str]:
        todo: list[tuple[str, tuple]] = [("", self._root)]
        while todo:
            pointer, (_, _, below) = todo.pop()
            yield pointer
            items = below.items() if type(below) is dict else enumerate(below) if type(below) is list else ()
            todo.extend((join(pointer, key), entry) for key, entry in reversed(list(items)))

    def __len__(self) -> int:
        return sum(1 for _ in self)
