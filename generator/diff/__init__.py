"""Stage 5, diff: what changed between two releases of the API, operation by operation, classified.

    diff.compare(old, new)  -> [Change]   every rule in `generator.diff.rules`, both locations each
    diff.history(releases)  -> History    per operation: added in, deprecated since, removed in

It imports neither render nor site; an operation's lifecycle record is generator.facts.lifecycle's,
so that render reads it without importing diff.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from functools import cache

from generator.diff import rules as _rules  # noqa: F401  (registers every rule)
from generator.diff.context import TENTATIVE, OperationDiff
from generator.diff.history import History, Lifecycle, Step, history, previous_release
from generator.diff.model import (
    LEVELS,
    RULES,
    Change,
    Finding,
    OperationRef,
    Policy,
    Rule,
    at_or_above,
)
from generator.diff.operations import match, operations
from generator.diff.schemas import SchemaDiff
from generator.errors import Location
from generator.spec import Spec

__all__ = ["LEVELS", "RULES", "Change", "History", "Lifecycle", "OperationRef", "Policy", "Rule", "Step",
           "at_or_above", "compare", "history", "previous_release"]


DEFAULT_POLICY = Policy()  # rules at their own levels, no date, not two releases


def compare(old: Spec, new: Spec, only: Collection[str] | None = None, lines: bool = True,
            policy: Policy = DEFAULT_POLICY) -> list[Change]:
    """Every change from `old` to `new` (by the rules named in `only`, when given): document-wide ones
    first, then operation by operation, then (between releases) the versioning policy's. Without
    `lines`, locations carry pointers only (finding lines means indexing both documents, which takes
    most of the time of a narrow comparison). `policy` re-levels rules, dates the new release and
    says whether the two sides are releases."""
    chosen = [r for r in RULES.values() if (only is None or r.id in only) and policy.level(r) is not None]
    by_scope = {scope: [r for r in chosen if r.scope == scope]
                for scope in ("document", "operation", "release")}
    # A shared component's change is located once, however many operations report it.
    locate = (cache(old.locate), cache(new.locate)) if lines else \
        (lambda pointer: Location(old.source, pointer), lambda pointer: Location(new.source, pointer))
    changes = [_change(r, finding, None, locate, policy) for r in by_scope["document"]
               for finding in r.check(old, new)]
    schemas = SchemaDiff(old, new)
    new_views = operations(new)
    pairs, removed, added = match(operations(old), new_views)
    # Operations in the new spec's order, then the removed ones in the old spec's order.
    position = {id(view): index for index, view in enumerate(new_views)}
    present = sorted(pairs + [(None, view) for view in added], key=lambda pair: position[id(pair[1])])
    for old_view, new_view in present + [(view, None) for view in removed]:
        operation = OperationDiff(old, new, old_view, new_view, schemas, policy.date)
        ref, tentative = operation.ref, operation.stability in TENTATIVE
        for r in by_scope["operation"]:
            found = [_change(r, finding, ref, locate, policy) for finding in r.check(operation)]
            # Draft and alpha operations promise nothing yet: their changes are only reported.
            lowered = tentative and r.id != "stability-lowered"
            changes += [replace(c, level="info") for c in found] if lowered else found
    if policy.releases:
        changes += [_change(r, finding, None, locate, policy) for r in by_scope["release"]
                    for finding in r.check(old, new, changes)]
    return changes


def _change(r: Rule, finding: Finding, operation: OperationRef | None, locate, policy: Policy) -> Change:
    level = policy.level(r) or r.level  # never None: `compare` chose only the rules switched on
    return Change(r.id, level, finding.message, locate[1](finding.new_pointer),
                  previous=locate[0](finding.old_pointer), operation=operation, subject=finding.subject)
