"""A copy of a document that shares what it has not changed: the copies Scalar gets of a spec.

A deep copy of GitHub's spec took longer than the rest of the site stage's work on it; a value set
here copies only the dicts and lists on its way.
"""

from __future__ import annotations

from generator.spec.refs import tokens


class SharedCopy:
    def __init__(self, document: dict):
        self.document = dict(document)
        self._copied = {id(self.document)}  # the ids of the dicts and lists that are copies already

    def set(self, pointer: str, value: object) -> None:
        """Set the value at `pointer`, each dict and list on the way copied first (the pointer is one
        found in the document: each step is a dict or a list)."""
        node: dict | list = self.document
        *path, last = tokens(pointer)
        for token in path:
            key = int(token) if isinstance(node, list) else token
            child = node[key]  # type: ignore[index]
            if id(child) not in self._copied:
                child = dict(child) if isinstance(child, dict) else list(child)
                self._copied.add(id(child))
                node[key] = child  # type: ignore[index]
            node = child
        node[int(last) if isinstance(node, list) else last] = value  # type: ignore[index]
