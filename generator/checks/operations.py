"""Structural rules about operations and their parameters (what openapi-spec-validator checks, located)."""

from __future__ import annotations

import re
from collections import Counter

from generator.checks.context import Context, Operation
from generator.checks.registry import Finding, rule
from generator.spec.lines import Pointer, join

_TEMPLATE = re.compile(r"\{([^{}]*)\}")


def route(operation: Operation) -> str:
    return f"{operation.method.upper()} {operation.path}"


def path_parameters(ctx: Context, operation: Operation) -> dict[str, Pointer]:
    """Declared `in: path` parameter names -> the pointer of their declaration (the operation's win)."""
    return {p["name"]: pointer for pointer, p in ctx.parameters(operation)
            if p.get("in") == "path" and isinstance(p.get("name"), str)}


@rule("operation-id-unique", "error", "two operations share an operationId (it is the permalink)")
def operation_id_unique(ctx: Context):
    first: dict[str, Operation] = {}
    for operation in ctx.operations:
        operation_id = operation.operation.get("operationId")
        if not isinstance(operation_id, str):
            continue
        if operation_id in first:
            yield Finding(join(operation.pointer, "operationId"),
                          f"operationId {operation_id!r} of {route(operation)} is already used by "
                          f"{route(first[operation_id])}", hint="operationIds are the operations' permalinks")
        else:
            first[operation_id] = operation


@rule("path-parameter-missing", "error", "a {name} in the path template has no `in: path` parameter")
def path_parameter_missing(ctx: Context):
    for operation in ctx.operations:
        if operation.webhook:
            continue
        declared = path_parameters(ctx, operation)
        for name in _TEMPLATE.findall(operation.path):
            if name not in declared:
                yield Finding(operation.pointer,
                              f"{route(operation)}: path parameter {{{name}}} is not declared",
                              hint=f"add a parameter with `name: {name}`, `in: path`, `required: true`")


@rule("path-parameter-unused", "error", "an `in: path` parameter does not appear in the path template")
def path_parameter_unused(ctx: Context):
    reported: set[Pointer] = set()
    for operation in ctx.operations:
        if operation.webhook:
            continue
        template = set(_TEMPLATE.findall(operation.path))
        for name, pointer in path_parameters(ctx, operation).items():
            if name not in template and pointer not in reported:
                reported.add(pointer)
                yield Finding(pointer,
                              f"path parameter {name!r} is not in the path template {operation.path}")


@rule("parameter-duplicate", "error", "a parameter list declares the same name and location twice")
def parameter_duplicate(ctx: Context):
    lists = {(op.item_pointer, id(op.item)): op.item for op in ctx.operations}
    lists.update({(op.pointer, id(op.operation)): op.operation for op in ctx.operations})
    for (pointer, _), owner in lists.items():
        listed = owner.get("parameters")
        seen: set[tuple] = set()
        for index, parameter in enumerate(listed if isinstance(listed, list) else ()):
            resolved, _ = ctx.resolve(parameter)
            if not isinstance(resolved, dict):
                continue
            key = (resolved.get("name"), resolved.get("in"))
            if key in seen:
                yield Finding(join(pointer, "parameters", index),
                              f"parameter {key[0]!r} in {key[1]} is declared twice in this list")
            seen.add(key)


@rule("tag-duplicate", "error", "the top-level tags list names a tag twice")
def tag_duplicate(ctx: Context):
    tags = ctx.document.get("tags")
    names = [t.get("name") if isinstance(t, dict) else None for t in (tags if isinstance(tags, list) else ())]
    counts: Counter = Counter()
    for index, name in enumerate(names):
        counts[name] += 1
        if name is not None and counts[name] == 2:
            yield Finding(join("/tags", index, "name"), f"tag {name!r} is declared more than once")
