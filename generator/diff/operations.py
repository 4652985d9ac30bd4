"""The operations of a spec, matched across two specs by identity, and the parts rules compare."""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.spec import Spec
from generator.spec.lines import join
from generator.spec.refs import REF_MISSING
from generator.spec.walk import operations as spec_operations


def deref(spec: Spec, node: object, pointer: str, schema: bool = False) -> tuple[object, str]:
    """Follow `$ref`s to the node they name and its pointer; never raises (a diff reports, it does not stop).

    A cycle, a missing target or an external reference leaves the reference node itself, so the two
    sides are still compared by what they say. Keywords beside a `$ref` apply as
    `generator.spec.refs.with_siblings` says (`schema` for a Schema Object).
    """
    found = spec.follow(node, pointer, schema=schema)
    if found.problem == REF_MISSING:
        return {"$ref": found.ref}, found.pointer
    return found.node, found.pointer


@dataclass(frozen=True)
class OperationView:
    operation_id: str | None
    method: str  # upper case
    path: str
    pointer: str
    node: dict
    shared_parameters: tuple[tuple[object, str], ...]  # the path item's (node, pointer) pairs

    @property
    def route(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def key(self) -> str:
        return self.operation_id or self.route

    @property
    def template(self) -> str:
        """The route with its path parameters' names set aside: `GET /items/{}`."""
        return f"{self.method} {template(self.path)}"

    @property
    def deprecated(self) -> bool:
        return self.node.get("deprecated") is True

    @property
    def tagged(self) -> bool:
        tags = self.node.get("tags")
        return isinstance(tags, list) and bool(tags)

    @property
    def tag(self) -> str:
        return str(self.node["tags"][0]) if self.tagged else "default"


def operations(spec: Spec) -> list[OperationView]:
    views = []
    for op in spec_operations(spec.resolver, webhooks=False):
        shared = _parameter_nodes(op.item.get("parameters"), join(op.item_written_at, "parameters"))
        operation_id = op.operation.get("operationId")
        views.append(OperationView(str(operation_id) if operation_id is not None else None, op.method.upper(),
                                   op.path, join(op.item_written_at, op.method), op.operation, shared))
    return views


def _parameter_nodes(nodes: object, pointer: str) -> tuple[tuple[object, str], ...]:
    return tuple((node, join(pointer, i)) for i, node in enumerate(nodes)) if isinstance(nodes, list) else ()


def match(old: list[OperationView], new: list[OperationView]):
    """Pair operations by operationId, then the rest by method and path, path parameters' names set aside.

    Returns (pairs, removed, added). A pair may differ in route (same operationId, renamed path) or in
    operationId (same route, renamed id): both are changes of one operation, not a removal plus an addition.
    """
    new_by_id = _first_by(new, lambda v: v.operation_id)
    pairs, old_left = [], []
    taken = set()
    for view in old:
        partner = new_by_id.get(view.operation_id) if view.operation_id is not None else None
        if partner is not None and id(partner) not in taken:
            pairs.append((view, partner))
            taken.add(id(partner))
        else:
            old_left.append(view)
    new_by_route = _first_by([v for v in new if id(v) not in taken], lambda v: v.template)
    removed = []
    for view in old_left:
        partner = new_by_route.pop(view.template, None)
        if partner is not None and _free_to_rematch(view, partner, new_by_id):
            pairs.append((view, partner))
            taken.add(id(partner))
        else:
            removed.append(view)
    added = [v for v in new if id(v) not in taken]
    return pairs, removed, added


_PATH_PARAMETER = re.compile(r"\{[^}/]*\}")


def template(path: str) -> str:
    return _PATH_PARAMETER.sub("{}", path)


def renamed_path_parameters(old_path: str, new_path: str) -> dict[str, str]:
    """Old name -> new name of the path parameters of two paths that differ only in those names."""
    if old_path == new_path or template(old_path) != template(new_path):
        return {}
    pairs = zip(_PATH_PARAMETER.findall(old_path), _PATH_PARAMETER.findall(new_path), strict=False)
    return {old[1:-1]: new[1:-1] for old, new in pairs if old != new}


def _free_to_rematch(old: OperationView, new: OperationView, new_by_id: dict) -> bool:
    # An old operation whose operationId lives on elsewhere in the new spec was matched already.
    return old.operation_id is None or old.operation_id not in new_by_id or new_by_id[old.operation_id] is new


def _first_by(views: list[OperationView], key) -> dict:
    index: dict = {}
    for view in views:
        k = key(view)
        if k is not None:
            index.setdefault(k, view)
    return index


def parameters(spec: Spec, view: OperationView) -> dict[tuple[str, str], tuple[dict, str]]:
    """(location, name) -> (parameter, pointer); the operation's own override the path item's."""
    found: dict[tuple[str, str], tuple[dict, str]] = {}
    own = _parameter_nodes(view.node.get("parameters"), join(view.pointer, "parameters"))
    for node, pointer in view.shared_parameters + own:
        node, pointer = deref(spec, node, pointer)
        if isinstance(node, dict) and "name" in node:
            found[(str(node.get("in", "")), str(node["name"]))] = (node, pointer)
    return found


def request_body(spec: Spec, view: OperationView) -> tuple[dict, str] | None:
    node = view.node.get("requestBody")
    if node is None:
        return None
    node, pointer = deref(spec, node, join(view.pointer, "requestBody"))
    return (node, pointer) if isinstance(node, dict) else None


def responses(spec: Spec, view: OperationView) -> dict[str, tuple[dict, str]]:
    nodes = view.node.get("responses")
    found = {}
    for status, node in (nodes.items() if isinstance(nodes, dict) else ()):
        node, pointer = deref(spec, node, join(view.pointer, "responses", status))
        if isinstance(node, dict):
            found[str(status)] = (node, pointer)
    return found


def response_headers(spec: Spec, node: dict, pointer: str) -> dict[str, tuple[str, dict, str]]:
    """A response's headers by lower-cased name (HTTP header names ignore case): (name as written,
    header, pointer)."""
    headers = node.get("headers")
    found: dict[str, tuple[str, dict, str]] = {}
    for name, header in (headers.items() if isinstance(headers, dict) else ()):
        header, where = deref(spec, header, join(pointer, "headers", str(name)))
        if isinstance(header, dict):
            found.setdefault(str(name).lower(), (str(name), header, where))
    return found


def media_schemas(node: dict, pointer: str) -> dict[str, tuple[object, str]]:
    """Media type -> (schema, pointer) of a request body or response."""
    content = node.get("content")
    return {media: (body["schema"], join(pointer, "content", media, "schema"))
            for media, body in (content.items() if isinstance(content, dict) else ())
            if isinstance(body, dict) and "schema" in body}


def is_public(spec: Spec, view: OperationView) -> bool:
    security = view.node.get("security", spec.document.get("security", []))
    return security == [] or security == [{}] or (isinstance(security, list) and {} in security)
