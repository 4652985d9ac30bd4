"""The pinned history: per operation, the release it was added in, deprecated since and removed in, and
its `x-sunset` date; and every release that broke the policy by removing an operation its predecessor
had not deprecated."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import pairwise

from generator.diff.model import Change
from generator.facts.lifecycle import Lifecycle


@dataclass(frozen=True)
class Step:
    old_tag: str
    new_tag: str
    changes: tuple[Change, ...]
    sunsets: tuple[tuple[str, str | None], ...] = ()  # (key, `x-sunset` date) of the new release's operations

    @property
    def violations(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.level == "error")


@dataclass
class History:
    tags: tuple[str, ...]  # oldest first
    steps: list[Step] = field(default_factory=list)
    operations: dict[str, Lifecycle] = field(default_factory=dict)
    first: dict[str, Lifecycle] = field(default_factory=dict)  # the operations of the first release

    def until(self, tag: str) -> History:
        """The history of the releases up to `tag`: the same steps, replayed, nothing compared again."""
        count = self.tags.index(tag) + 1
        result = History(self.tags[:count], self.steps[: count - 1], first=self.first)
        result.operations = {key: replace(lifecycle) for key, lifecycle in self.first.items()}
        for step in result.steps:
            _advance(result.operations, step)
        return result

    @property
    def violations(self) -> list[tuple[Step, Change]]:
        return [(step, change) for step in self.steps for change in step.violations]

    def lifecycles(self) -> dict[str, dict[str, Lifecycle]]:
        """Each release's lifecycles (of the operations up to it), by tag: what its pages may say."""
        return {tag: self.until(tag).operations for tag in self.tags}


# The rules that move an operation's lifecycle (see _advance).
LIFECYCLE_RULES = frozenset({"operation-added", "operation-removed", "operation-removed-without-deprecation",
                             "operation-removed-before-sunset", "operation-deprecated",
                             "operation-undeprecated"})


def history(releases, lifecycles_only: bool = False, levels: dict | None = None) -> History:
    """Walk the releases (pins.Release, oldest first), comparing each with its predecessor, as releases
    (the versioning rules apply; `x-sunset` is judged on the day the newer one was pulled; `levels`
    re-level rules). With `lifecycles_only`, the steps hold only the changes of LIFECYCLE_RULES,
    located by pointer alone: enough for `operations`, and much faster on large specs (no schema
    compared, no line looked up)."""
    from generator.diff import Policy, compare  # the package imports this module first
    from generator.diff.context import sunset
    from generator.diff.operations import operations

    releases = list(releases)
    result = History(tuple(r.tag for r in releases))
    if releases:
        first = releases[0]
        for view in operations(first.spec):
            result.first[view.key] = Lifecycle(view.key, view.method, view.path, first.tag,
                                               first.tag if view.deprecated else None, sunset=sunset(view))
        result.operations = {key: replace(lifecycle) for key, lifecycle in result.first.items()}
    for previous, release in pairwise(releases):
        policy = Policy(levels or {}, release.pin.pulled_at[:10] or None, releases=True)
        only, lines = (LIFECYCLE_RULES, False) if lifecycles_only else (None, True)
        changes = compare(previous.spec, release.spec, only, lines, policy=policy)
        step = Step(previous.tag, release.tag, tuple(changes),
                    tuple((view.key, sunset(view)) for view in operations(release.spec)))
        result.steps.append(step)
        _advance(result.operations, step)
    return result


def _advance(lifecycles: dict[str, Lifecycle], step: Step) -> None:
    for change in step.changes:
        operation = change.operation
        if operation is None:
            continue
        if change.rule == "operation-added":
            lifecycles[operation.key] = Lifecycle(operation.key, operation.method, operation.path,
                                                  step.new_tag)
        elif change.rule in ("operation-removed", "operation-removed-without-deprecation",
                             "operation-removed-before-sunset"):
            _get(lifecycles, operation, step).removed_in = step.new_tag
        elif change.rule == "operation-deprecated":
            _get(lifecycles, operation, step).deprecated_since = step.new_tag
        elif change.rule == "operation-undeprecated":
            _get(lifecycles, operation, step).deprecated_since = None
    for key, date in step.sunsets:  # a removed operation keeps the date it had
        if key in lifecycles:
            lifecycles[key].sunset = date


def _get(lifecycles: dict[str, Lifecycle], operation, step: Step) -> Lifecycle:
    return lifecycles.setdefault(operation.key, Lifecycle(operation.key, operation.method, operation.path,
                                                          step.old_tag))


def previous_release(releases, release):
    """The release a changelog compares `release` with: the newest earlier one, skipping prereleases
    for a stable release (its changelog tells what changed since the last stable release)."""
    from generator.pins import is_prerelease, version_key

    earlier = [r for r in releases if version_key(r.tag) < version_key(release.tag)
               and (is_prerelease(release.tag) or not is_prerelease(r.tag))]
    return max(earlier, key=lambda r: version_key(r.tag), default=None)
