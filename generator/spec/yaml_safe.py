"""Parse YAML the safe way for OpenAPI: JSON-compatible values only, no alias bombs, located defects.

PyYAML's safe loader still accepts what a JSON document cannot hold and what would hang a checker:
aliases that expand a few kilobytes into billions of nodes, aliases that contain themselves, keys
that are not strings (`200:` is an integer in YAML 1.1), repeated keys (the last silently wins),
`.nan` and `.inf` (JSON has neither) and dates. The composed node graph is inspected before
anything is constructed from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from generator.spec.lines import Pointer, TreePositions, join, node_positions

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
STR_TAG = "tag:yaml.org,2002:str"
FLOAT_TAG = "tag:yaml.org,2002:float"
_NOT_JSON_NUMBER = re.compile(r"^[-+]?\.(?:inf|nan)$", re.IGNORECASE)  # .nan, .inf, -.Inf, ...
# Scalars that JSON has no type for are kept as the text that was written.
_TEXT_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"}
# An expansion this many times larger than the written document is an attack, not a spec.
MAX_ALIAS_GROWTH = 10
MIN_ALIAS_BUDGET = 100_000


@dataclass(frozen=True)
class Defect:
    """Something the parser accepted but the document should not say; reported by the checks."""

    code: str
    pointer: str
    message: str
    line: int
    column: int


class YamlRefused(Exception):
    """The document cannot be turned into JSON-compatible data; carries where and why."""

    def __init__(self, code: str, message: str, line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.code, self.message, self.line, self.column = code, message, line, column


def parse(text: str) -> tuple[object, TreePositions | dict, list[Defect]]:
    """The document, its pointer -> (line, column) positions and its defects; raises YamlRefused."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, {}, []
        _refuse_alias_abuse(root)
        defects = _normalize(root)
        document = loader.construct_document(root)
    except RecursionError as e:
        raise YamlRefused("spec-too-deep", "the document nests too deeply to be an API description") from e
    finally:
        loader.dispose()
    return document, node_positions(root), defects


def _refuse_alias_abuse(root: yaml.Node) -> None:
    """Expanded node count with memoised shared nodes; a node that contains itself is refused."""
    expanded: dict[int, int] = {}
    on_path: set[int] = set()
    todo: list[tuple[yaml.Node, bool]] = [(root, False)]
    while todo:
        node, children_done = todo.pop()
        children = _children(node)
        if children_done:
            on_path.discard(id(node))
            expanded[id(node)] = 1 + sum(expanded[id(c)] for c in children)
            continue
        if id(node) in expanded:
            continue
        if id(node) in on_path:
            mark = node.start_mark
            raise YamlRefused("spec-yaml-alias", "a YAML alias refers to a node that contains it",
                              mark.line + 1, mark.column + 1)
        on_path.add(id(node))
        todo.append((node, True))
        todo.extend((c, False) for c in children if id(c) not in expanded)
    written = len(expanded)
    if expanded[id(root)] > max(MIN_ALIAS_BUDGET, MAX_ALIAS_GROWTH * written):
        raise YamlRefused("spec-yaml-alias",
                          f"YAML aliases expand {written:,} written nodes into {expanded[id(root)]:,}; "
                          "refused as an alias bomb", 1, 1)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _normalize(root: yaml.Node) -> list[Defect]:
    """Turn keys into strings and dates into text in place, recording each key that was not a string."""
    defects: list[Defect] = []
    seen: set[int] = set()
    todo: list[tuple[Pointer | str, yaml.Node]] = [("", root)]  # chains: see Pointer
    while todo:
        pointer, node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode) and node.tag in _TEXT_TAGS:
            node.tag = STR_TAG
        elif (isinstance(node, yaml.ScalarNode) and node.tag == FLOAT_TAG
              and _NOT_JSON_NUMBER.match(node.value)):
            mark = node.start_mark
            defects.append(Defect("number-not-json", str(pointer), f"{node.value} is a YAML float that JSON "
                                  "cannot hold: JSON has no NaN or Infinity", mark.line + 1, mark.column + 1))
        elif isinstance(node, yaml.SequenceNode):
            todo.extend((Pointer(pointer, i), item) for i, item in enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            defects += _normalize_keys(pointer, node)
            todo.extend((Pointer(pointer, key.value), value) for key, value in node.value)
    return defects


def _normalize_keys(pointer: Pointer | str, node: yaml.MappingNode) -> list[Defect]:
    defects, written = [], set()
    for index, (key, value) in enumerate(node.value):
        mark = key.start_mark
        if key.tag == "tag:yaml.org,2002:merge":
            continue
        if not isinstance(key, yaml.ScalarNode):
            text = f"<{key.id} key>"
            defects.append(Defect("yaml-key-not-string", join(pointer, text),
                                  f"a {key.id} used as a key; JSON keys are strings",
                                  mark.line + 1, mark.column + 1))
            key = yaml.ScalarNode(STR_TAG, text, key.start_mark, key.end_mark)
            node.value[index] = (key, value)
        elif key.tag != STR_TAG:
            kind = key.tag.rsplit(":", 1)[-1]
            defects.append(Defect("yaml-key-not-string", join(pointer, key.value),
                                  f"key {key.value} is read as a YAML {kind}, not a string; quote it "
                                  f"(\"{key.value}\")", mark.line + 1, mark.column + 1))
            key.tag = STR_TAG
        if key.value in written:
            defects.append(Defect("duplicate-key", join(pointer, key.value),
                                  f"key {key.value!r} appears more than once; the last one wins",
                                  mark.line + 1, mark.column + 1))
        written.add(key.value)
    return defects
