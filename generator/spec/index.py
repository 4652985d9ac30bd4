"""A fast JSON pointer -> line:column index for JSON text that has already been parsed.

Every node of a JSON document except the root starts right after `[`, `{` or `,`: an object member at
its key, an array item at its value. One C-level regex pass finds those starts in document order,
which is exactly a pre-order walk of the parsed document (orjson keeps member order). A pointer's
position is then its pre-order number, found from subtree sizes without tokenizing in Python.
The text of a document with duplicate keys has more starts than the parsed document has nodes;
such documents fall back to the token scanner in `lines.py`, which also names the duplicates.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Mapping

from generator.spec.lines import LineStarts, escape, unescape

_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_SCALAR = r'(?:' + _STRING + r'|[^\s{}\[\],:"]+)'
# The key (with a scalar value it swallows) or array item that follows an opening bracket or comma.
_NODE = re.compile(r'[\[{,]\s*(' + _STRING + r'\s*:\s*' + _SCALAR + r'?|' + _SCALAR + r'|(?=[\[{]))')


def _subtree_sizes(document: object) -> dict[int, int]:
    """Number of nodes under (and including) each container, keyed by id.

    Recursive, because that is several times faster than an explicit stack here; the parser refuses
    documents nested deeper than 1024 levels, so the recursion limit only needs that much headroom.
    """
    sizes: dict[int, int] = {}

    def size(node) -> int:
        count = 1
        for value in node.values() if type(node) is dict else node:
            count += size(value) if type(value) is dict or type(value) is list else 1
        sizes[id(node)] = count
        return count

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit + 1100)
    try:
        size(document)
    finally:
        sys.setrecursionlimit(limit)
    return sizes


class JsonIndex(Mapping):
    """Pointer -> (line, column) of a parsed JSON document, computed on demand."""

    def __init__(self, text: str, document: object):
        self._text = text
        self._document = document
        self._starts = [m.start(1) for m in _NODE.finditer(text)]
        self._sizes = _subtree_sizes(document) if type(document) in (dict, list) else {}
        self._lines = LineStarts(text)
        self._first = len(text) - len(text.lstrip())
        self._children: dict[int, dict[str, tuple[int, object]]] = {}

    @property
    def consistent(self) -> bool:
        """False when the text has nodes the parsed document lost (duplicate keys)."""
        return len(self._starts) + 1 == self._sizes.get(id(self._document), 1)

    def offset(self, pointer: str) -> int | None:
        number = self._preorder(pointer)
        if number is None:
            return None
        return self._first if number == 0 else self._starts[number - 1]

    def _preorder(self, pointer: str) -> int | None:
        number, node = 0, self._document
        for segment in pointer.split("/")[1:] if pointer else ():
            child = self._child_table(node).get(unescape(segment))
            if child is None:
                return None
            skipped, node = child
            number += skipped
        return number

    def _child_table(self, node: object) -> dict[str, tuple[int, object]]:
        """For each child of a container: its pre-order distance from the container, and the child."""
        table = self._children.get(id(node))
        if table is None:
            items = node.items() if type(node) is dict else enumerate(node) if type(node) is list else ()
            table, distance = {}, 1
            for key, value in items:
                table[str(key)] = (distance, value)
                distance += self._sizes[id(value)] if type(value) in (dict, list) else 1
            self._children[id(node)] = table
        return table

    def __getitem__(self, pointer: str) -> tuple[int, int]:
        offset = self.offset(pointer)
        if offset is None:
            raise KeyError(pointer)
        return self._lines.position(offset)

    def __iter__(self) -> Iterator[str]:
        todo: list[tuple[str, object]] = [("", self._document)]
        while todo:
            pointer, node = todo.pop()
            yield pointer
            for key, (_, child) in reversed(self._child_table(node).items()):
                todo.append((pointer + "/" + escape(key), child))

    def __len__(self) -> int:
        return self._sizes.get(id(self._document), 1)
