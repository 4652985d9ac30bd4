"""Only generator/spec follows a `$ref` to its target (issue #17): every other module asks its resolver,
its operation iterator and its one list of HTTP methods. Read from the sources' syntax trees, so a new
copy of any of them fails here with the file and line to change."""

import ast
import json
import re

import pytest

from generator.spec import HTTP_METHODS
from tests.conftest import PROJECT

GENERATOR = PROJECT / "generator"
OUTSIDE_SPEC = sorted(p for p in GENERATOR.rglob("*.py") if GENERATOR / "spec" not in p.parents)
PRIVATE_TO_SPEC = {"walk_pointer", "unescape"}  # the pointer walk and its token unescaping


def trees():
    for path in OUTSIDE_SPEC:
        yield path.relative_to(PROJECT).as_posix(), ast.parse(path.read_text(encoding="utf-8"))


def constants(tree: ast.AST) -> set:
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)}


def offences(check) -> list[str]:
    return [f"{name}:{node.lineno}" for name, tree in trees() for node in ast.walk(tree) if check(node, tree)]


def unescapes_a_pointer_token(node: ast.AST, tree: ast.AST) -> bool:
    """`token.replace("~1", "/")`: turning a pointer's token back into a key, i.e. walking a pointer."""
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "replace" and bool(node.args) and isinstance(node.args[0], ast.Constant)
            and node.args[0].value in ("~0", "~1"))


def imports_the_private_walk(node: ast.AST, tree: ast.AST) -> bool:
    return (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator.spec")
            and any(alias.name in PRIVATE_TO_SPEC for alias in node.names))


def percent_decodes_beside_refs(node: ast.AST, tree: ast.AST) -> bool:
    """`unquote` in a module that handles `$ref`s: a second decoding of their fragments."""
    return (isinstance(node, ast.ImportFrom) and node.module == "urllib.parse"
            and any(alias.name.startswith("unquote") for alias in node.names) and "$ref" in constants(tree))


def follows_a_chain_of_refs(node: ast.AST, tree: ast.AST) -> bool:
    """`while ... "$ref" ...`: a loop that follows references to their target."""
    return isinstance(node, ast.While) and "$ref" in constants(node.test)


def lists_http_methods(node: ast.AST, tree: ast.AST) -> bool:
    return (isinstance(node, (ast.Tuple, ast.List, ast.Set))
            and {"get", "put", "post", "delete"} <= {e.value for e in node.elts
                                                     if isinstance(e, ast.Constant)})


@pytest.mark.parametrize("check", [
    unescapes_a_pointer_token,  # a pointer walk of its own
    imports_the_private_walk,  # generator.spec's own walk, used from outside
    percent_decodes_beside_refs,  # a second percent-decoding of `$ref` fragments
    follows_a_chain_of_refs,  # a second resolver
    lists_http_methods,  # a second list of HTTP methods
], ids=lambda check: check.__name__)
def test_no_module_outside_generator_spec_follows_refs_or_lists_methods_itself(check):
    assert offences(check) == []


def test_the_checks_find_the_copies_they_forbid():
    copy = ast.parse('from urllib.parse import unquote\nm = ("get", "put", "post", "delete")\n'
                     'while isinstance(n, dict) and "$ref" in n:\n'
                     '    n = d[unquote(n["$ref"][1:].replace("~1", "/"))]\n')
    found = {check.__name__ for check in (unescapes_a_pointer_token, percent_decodes_beside_refs,
                                          follows_a_chain_of_refs, lists_http_methods)
             if any(check(node, copy) for node in ast.walk(copy))}
    assert len(found) == 4


def test_the_mount_script_s_http_methods_are_the_spec_s():
    script = (GENERATOR / "site" / "assets" / "scalar-mount.js").read_text(encoding="utf-8")
    (listed,) = re.findall(r"var METHODS = (\[[^\]]*\]);", script)
    assert tuple(json.loads(listed)) == HTTP_METHODS, "the mount script orders a deep link's chunk by method"

