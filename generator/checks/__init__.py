"""Stage 3: check a spec against OpenAPI 3.x and the house rules; every finding located.

`run(spec, config)` returns problems and never raises on bad content. Each rule is a small unit in
`document`, `operations`, `schemas` (structural) or `house` (what the API overview promises),
registered in `registry.RULES` with a stable id, a level and a one-line description.
"""

from __future__ import annotations

from typing import Callable, Iterable

from generator.checks import document, house, operations, schemas  # noqa: F401  (they register the rules)
from generator.checks.config import Config
from generator.checks.context import Context
from generator.checks.registry import RULES, Rule
from generator.errors import EXIT_FINDINGS, GeneratorError, Location, Problem
from generator.findings import Finding
from generator.findings import at_or_above as _severe
from generator.spec import Spec

__all__ = ["Config", "RULES", "Rule", "run", "gate", "at_or_above"]


def run(spec: Spec, config: Config | None = None) -> list[Problem]:
    """Every finding of every enabled rule, in document order."""
    config = config or Config()
    context = Context(spec)
    problems: dict[tuple, Problem] = {}
    # A NaN or Infinity reaches the validators as null: what they say about it would only mislead.
    not_json = {defect.pointer for defect in spec.defects if defect.code == "number-not-json"}
    for rule in RULES.values():
        level = config.level(rule)
        if level is None:
            continue
        for problem in _apply(rule, level, context, spec):
            if problem.location.pointer in not_json and rule.id != "number-not-json":
                continue
            problems.setdefault((problem.code, problem.location.pointer, problem.message), problem)
    return sorted(problems.values(), key=lambda p: (p.location.line or 0, p.location.column or 0, p.code))


def _apply(rule: Rule, level: str, context: Context, spec: Spec) -> list[Problem]:
    try:
        findings: Iterable[Finding] = list(rule.check(context))
    except Exception as e:  # noqa: BLE001  a broken rule must not hide the other rules' findings
        return [Problem("rule-failed", "error", f"rule {rule.id} could not run: {e!r}",
                        Location(spec.source))]
    return [Problem(rule.id, level, f.message, _locate(spec, f), f.hint) for f in findings]


def _locate(spec: Spec, finding: Finding) -> Location:
    """A rule's finding is at a pointer; the document gives its line (unless the parser gave it)."""
    where = finding.location
    if where.line is not None:
        return Location(spec.source, where.pointer, where.line, where.column)
    return spec.locate(where.pointer)


def at_or_above(problems: Iterable[Problem], level: str) -> list[Problem]:
    """The problems at `level` or more severe ("error" > "warning" > "info")."""
    return [p for p in problems if _severe(p.level, level)]


def gate(specs: Iterable[Spec], config: Config | None = None,
         progress: Callable[[str], None] = lambda message: None) -> None:
    """Stop a build on any error-level finding; warnings are only printed."""
    errors = []
    for spec in specs:
        for problem in run(spec, config):
            if problem.level == "error":
                errors.append(problem)
            else:
                progress(problem.format())
    if errors:
        raise GeneratorError(errors, EXIT_FINDINGS)
