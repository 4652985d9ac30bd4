"""What the rules of one operation read: both sides of it and their compared parts, computed on demand."""

from __future__ import annotations

import re
from functools import cached_property

from generator.diff import operations as ops
from generator.diff.model import OperationRef
from generator.diff.operations import OperationView
from generator.diff.schemas import Delta, SchemaDiff
from generator.spec import Spec
from generator.spec.lines import join

_Header = tuple[str, dict, str]  # (name as written, header, pointer)

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# `x-stability-level` values, lowest first; draft and alpha operations promise nothing yet.
STABILITY = ("draft", "alpha", "beta", "stable")
TENTATIVE = ("draft", "alpha")


class OperationDiff:
    """One operation in the old and the new spec; `old` or `new` is None when it was added or removed."""

    def __init__(self, old_spec: Spec, new_spec: Spec, old: OperationView | None, new: OperationView | None,
                 schemas: SchemaDiff, date: str | None = None):
        self.old_spec, self.new_spec = old_spec, new_spec
        self.old, self.new = old, new
        view = new or old
        if view is None:
            raise ValueError("an operation diff needs the operation on at least one side")
        self.view = view  # the new side, or the old one of a removed operation
        self.schemas = schemas
        self.date = date  # the new release's date (YYYY-MM-DD), for `x-sunset`; None: unknown

    @property
    def stability(self) -> str:
        """The level the old release promised (the new one's for an added operation); stable by default."""
        return stability(self.old or self.view)

    @property
    def matched(self) -> bool:
        return self.old is not None and self.new is not None

    @property
    def sides(self) -> tuple[OperationView, OperationView]:
        """Both sides of a matched operation: what the rules on changes compare."""
        if self.old is None or self.new is None:
            raise ValueError(f"{self.view.route} is not in both specs")
        return self.old, self.new

    @property
    def ref(self) -> OperationRef:
        view = self.view
        return OperationRef(view.operation_id, view.method, view.path, view.tag, removed=self.new is None,
                            tagged=view.tagged)

    @property
    def old_pointer(self) -> str:
        """The old operation's pointer, or where an added one would have been."""
        return self.old.pointer if self.old else join("/paths", self.view.path, self.view.method.lower())

    @property
    def new_pointer(self) -> str:
        return self.new.pointer if self.new else join("/paths", self.view.path, self.view.method.lower())

    @cached_property
    def parameters(self) -> tuple[dict, dict]:
        """(location, name) -> (parameter, pointer) on each side; the old side's path parameters go by
        the new names when only their names changed (`/items/{id}` -> `/items/{itemId}`)."""
        sides = self.sides
        old, new = ops.parameters(self.old_spec, sides[0]), ops.parameters(self.new_spec, sides[1])
        renamed = ops.renamed_path_parameters(sides[0].path, sides[1].path)
        return {("path", renamed.get(name, name)) if where == "path" else (where, name): value
                for (where, name), value in old.items()}, new

    @cached_property
    def _parameter_deltas(self) -> list[Delta]:
        """What changed in the schemas of the parameters both sides have, nested properties included."""
        old, new = self.parameters
        # Each parameter is walked on its own: two parameters sharing a schema are two things a client sends.
        return [delta for key in sorted(old.keys() & new.keys())
                for delta in self.schemas.walk([(f"{key[0]} parameter {key[1]}", _schema(*old[key]),
                                                 _schema(*new[key]))], parameter=True)]

    def parameter_deltas(self, key: tuple[str, str]) -> list[Delta]:
        """Changes of a parameter's own schema (not of the properties of an object parameter)."""
        label = f"{key[0]} parameter {key[1]}"
        return [d for d in self._parameter_deltas if d.root == label and not d.path]

    @cached_property
    def request_bodies(self) -> tuple[tuple[dict, str] | None, tuple[dict, str] | None]:
        return ops.request_body(self.old_spec, self.sides[0]), ops.request_body(self.new_spec, self.sides[1])

    @cached_property
    def request_deltas(self) -> list[Delta]:
        """What changed in what a client sends: the request body's schemas and the parameters' (a
        `readOnly` property is not part of a request)."""
        old, new = self.request_bodies
        body = [] if old is None or new is None else \
            self.schemas.walk(_common_media(ops.media_schemas(*old), ops.media_schemas(*new), ""))
        return [d for d in body + self._parameter_deltas if "readOnly" not in d.access]

    @cached_property
    def responses(self) -> tuple[dict, dict]:
        return ops.responses(self.old_spec, self.sides[0]), ops.responses(self.new_spec, self.sides[1])

    @cached_property
    def response_headers(self) -> list[tuple[str, _Header | None, _Header | None]]:
        """(status, old header, new header) for every header of a status both sides document, by name
        (either header None where that side lacks it)."""
        old, new = self.responses
        found = []
        for status in sorted(old.keys() & new.keys()):
            before = ops.response_headers(self.old_spec, *old[status])
            after = ops.response_headers(self.new_spec, *new[status])
            names = sorted(before.keys() | after.keys())
            found += [(status, before.get(name), after.get(name)) for name in names]
        return found

    @cached_property
    def response_deltas(self) -> list[Delta]:
        old, new = self.responses
        roots = []
        for status in old.keys() & new.keys():
            roots += _common_media(ops.media_schemas(*old[status]), ops.media_schemas(*new[status]), status)
        # A `writeOnly` property is not part of a response.
        walked = self.schemas.walk(sorted(roots, key=lambda root: root[0]))
        return [d for d in walked if "writeOnly" not in d.access]


def stability(view: OperationView) -> str:
    level = view.node.get("x-stability-level")
    return level if level in STABILITY else "stable"


def sunset(view: OperationView) -> str | None:
    """The operation's `x-sunset` date (YYYY-MM-DD of an RFC 3339 date or date-time), if it has one."""
    value = view.node.get("x-sunset")
    return value[:10] if isinstance(value, str) and _DATE.match(value[:10]) else None


def _schema(parameter: dict, pointer: str) -> tuple[object, str]:
    return parameter.get("schema", {}), join(pointer, "schema")


def _common_media(old: dict, new: dict, status: str) -> list:
    return [(f"{status} {media}".strip(), old[media], new[media]) for media in old if media in new]
