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
from typing import Any

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
        parts: list[str] = []
        node: Pointer | str = self
        while type(node) is Pointer:
            parts.append(node.tail)
            node = node.parent
        parts.append(str(node))  # the root: a str once the chain ends
        return "".join(reversed(parts))

    def __repr__(self) -> str:
        return f"Pointer({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (Pointer, str)) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    def segments(self) -> list[str]:
        """The unescaped segments, root first."""
        parts: list[str] = []
        node: Pointer | str = self
        while type(node) is Pointer:
            parts.append(unescape(node.tail[1:]))
            node = node.parent
        root = str(node)
        parts.extend(reversed([unescape(part) for part in root.split("/")[1:]]))
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


def scan_json(text: str) -> tuple[tuple, list[tuple[str, int]]]:
    """The character offset of every member key and array item, as a `TreePositions` entry, and the
    repeated keys.

    The text must be valid JSON. A repeated key is listed with the offset of its later occurrence,
    whose value replaces the earlier one, as in the parsed document.
    """
    root: tuple = (0, None)
    duplicates: list[tuple[str, int]] = []
    open_containers: list[tuple[Pointer | str, Any]] = []  # their pointer and children (dict or list)
    key, key_offset = "", 0
    for match in _TOKEN.finditer(text):
        token = match.group()
        first = token[0]
        if first == '"' and match.group(1) is not None:
            key, key_offset = _decode_key(token[:token.rindex('"') + 1]), match.start()
            continue
        if first == "}" or first == "]":
            open_containers.pop()
            continue
        children: dict | list | None = {} if first == "{" else [] if first == "[" else None
        here: Pointer | str = ""
        if not open_containers:
            root = (match.start(), children)
        elif type(open_containers[-1][1]) is list:
            parent, items = open_containers[-1]
            here = Pointer(parent, len(items))
            items.append((match.start(), children))
        else:
            parent, members = open_containers[-1]
            here = Pointer(parent, key)
            if key in members:
                duplicates.append((str(here), key_offset))
            members[key] = (key_offset, children)
        if children is not None:
            open_containers.append((here, children))
    return root, duplicates


def _decode_key(token: str) -> str:
    if "\\" not in token:
        return token[1:-1]
    try:
        return json.loads(token)
    except ValueError:
        return token.strip('"')


def json_positions(text: str) -> TreePositions:
    """Pointer -> (line, column) of every value (and of the key, for object members)."""
    return TreePositions(scan_json(text)[0], LineStarts(text).position)


def yaml_positions(text: str) -> Mapping[str, tuple[int, int]]:
    """Pointer -> (line, column) of every node of a YAML document, from the composer's marks."""
    root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return node_positions(root) if root is not None else {}


def node_positions(root: yaml.Node) -> TreePositions:
    """Pointer -> (line, column) of every node under a composed YAML node; members at their keys."""
    containers: dict[int, dict | list | None] = {}
    todo: list[tuple[yaml.Node, dict | list]] = []

    def children(node: yaml.Node) -> dict | list | None:
        if id(node) not in containers:  # an alias shares the entries of the node it names
            made: dict | list | None = ({} if isinstance(node, yaml.MappingNode)
                                        else [] if isinstance(node, yaml.SequenceNode) else None)
            containers[id(node)] = made
            if made is not None:
                todo.append((node, made))
        return containers[id(node)]

    root_entry = (_mark(root), children(root))
    while todo:
        node, made = todo.pop()
        if isinstance(made, dict):  # a repeated key: the last one wins, as in the parsed document
            for key, value in node.value:
                made[key.value if isinstance(key, yaml.ScalarNode) else "?"] = (_mark(key), children(value))
        else:
            made.extend((_mark(item), children(item)) for item in node.value)
    return TreePositions(root_entry)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class TreePositions(Mapping):
    """Pointer -> (line, column), kept as a tree of the document's keys and looked up segment by segment.

    A table with one pointer string per node would repeat each key once per node under it: a path
    template with thousands of parameters would take memory growing with the square of its length.
    An entry is (where, children): `where` what `position` turns into (line, column), children a dict
    of key -> entry, a list of entries, or None.
    """

    def __init__(self, root: tuple, position=lambda where: where):
        self._root = root
        self._position = position

    def _entry(self, pointer: str) -> tuple | None:
        entry: tuple | None = self._root
        for segment in pointer.split("/")[1:] if pointer else ():
            below = entry[1]  # type: ignore[index]  # never None here: the loop returns first
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
        return self._position(entry[0])

    def __contains__(self, pointer: object) -> bool:
        return isinstance(pointer, str) and self._entry(pointer) is not None

    def __iter__(self) -> Iterator[str]:
        todo: list[tuple[str, tuple]] = [("", self._root)]
        while todo:
            pointer, (_, below) = todo.pop()
            yield pointer
            items = below.items() if type(below) is dict else enumerate(below) if type(below) is list else ()
            todo.extend((join(pointer, key), entry) for key, entry in reversed(list(items)))

    def __len__(self) -> int:
        return sum(1 for _ in self)
