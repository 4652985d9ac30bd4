"""Rules about an operation's parameters, identified by location (`in`) and name."""

from __future__ import annotations

from generator.diff.model import Finding, rule
from generator.diff.schemas import covers
from generator.spec.lines import join


def _added(d):
    if d.matched:
        old, new = d.parameters
        for key in new.keys() - old.keys():
            if not _moved(key, old):
                yield key, new[key]


def _moved(key, other: dict) -> bool:
    """A parameter whose name lives on the other side in another location moved; it was not added or
    removed."""
    return any(name == key[1] and where != key[0] for where, name in other)


def _label(key) -> str:
    return f"{key[0]} parameter {key[1]}"


def _required(parameter: dict) -> bool:
    return parameter.get("required") is True or parameter.get("in") == "path"


@rule("parameter-added", "additive", "an optional parameter was added", mirrors=("parameter-removed",))
def parameter_added(d):
    for key, (node, pointer) in _added(d):
        if not _required(node):
            yield Finding(f"optional {_label(key)} was added",
                          join(d.old_pointer, "parameters"), pointer)


@rule("required-parameter-added", "breaking", "a required parameter was added",
      mirrors=("parameter-removed",))
def required_parameter_added(d):
    for key, (node, pointer) in _added(d):
        if _required(node):
            yield Finding(f"required {_label(key)} was added; existing calls lack it",
                          join(d.old_pointer, "parameters"), pointer)


@rule("parameter-removed", "warning",
      "a parameter was removed (clients that send it may be refused or ignored)",
      mirrors=("parameter-added", "required-parameter-added"))
def parameter_removed(d):
    if d.matched:
        old, new = d.parameters
        for key in old.keys() - new.keys():
            if not _moved(key, new):
                yield Finding(f"{_label(key)} was removed",
                              old[key][1], join(d.new_pointer, "parameters"))


@rule("parameter-location-changed", "breaking",
      "a parameter moved to another location (`in`), keeping its name")
def parameter_location_changed(d):
    if d.matched:
        old, new = d.parameters
        for key in old.keys() - new.keys():
            for other in new.keys() - old.keys():
                if other[1] == key[1]:
                    yield Finding(f"parameter {key[1]} moved from {key[0]} to {other[0]}",
                                  join(old[key][1], "in"), join(new[other][1], "in"))


def _common(d):
    if d.matched:
        old, new = d.parameters
        for key in old.keys() & new.keys():
            yield key, old[key], new[key]


def _required_flips(d, now_required: bool):
    for key, (old, old_pointer), (new, new_pointer) in _common(d):
        if _required(new) == now_required and _required(old) != now_required:
            state = "required" if now_required else "optional"
            yield Finding(f"{_label(key)} is now {state}", join(old_pointer, "required"),
                          join(new_pointer, "required"))


@rule("parameter-made-required", "breaking", "an optional parameter became required")
def parameter_made_required(d):
    return _required_flips(d, True)


@rule("parameter-made-optional", "additive", "a required parameter became optional")
def parameter_made_optional(d):
    return _required_flips(d, False)


@rule("parameter-type-changed", "breaking",
      "a parameter's type changed to one that refuses values it accepted")
def parameter_type_changed(d):
    for key, _, _ in _common(d):
        for delta in d.parameter_deltas(key):
            if delta.kind == "type-changed" and not covers(delta.new, delta.old):
                yield Finding(f"{_label(key)} changed type from {_types(delta.old)} "
                              f"to {_types(delta.new)}", delta.old_pointer, delta.new_pointer)


def _types(types: frozenset) -> str:
    return " or ".join(sorted(types))
