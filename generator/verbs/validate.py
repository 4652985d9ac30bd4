"""`aviato-docs validate`: check specs against OpenAPI 3.x and the house rules, every finding located."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import orjson

from generator.annotations import workflow_command
from generator.checks.targets import Result
from generator.commands.validate import exit_code, validate
from generator.errors import Problem
from generator.findings import CHECK_LEVELS
from generator.verbs.common import SPECS_HELP

DESCRIPTION = """\
Check each FILE (JSON or YAML) or pinned TAG (as in specs/manifest.json); with no argument, every
pinned release. Structural rules (the OpenAPI 3.0/3.1 schema, JSON Schema 2020-12, $refs,
operationIds, path parameters, examples) and the house rules of the API overview all run, and every
finding is printed as `file:line:col: level[rule-id] message (at /json/pointer)`.

Rules are switched off or re-levelled per rule id in [tool.aviato-docs.checks.rules] of the
project's pyproject.toml, or in the TOML file given with --config."""
FORMATS = ("text", "json", "github")
_GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("targets", nargs="*", metavar="FILE|TAG",
                        help="spec files or pinned tags (default: all pins)")
    parser.add_argument("--specs", type=Path, default=None, help=SPECS_HELP)
    parser.add_argument("--config", type=Path, default=None,
                        help="TOML file with the checks config "
                             "(default: [tool.aviato-docs.checks] in PROJECT/pyproject.toml)")
    parser.add_argument("--fail-on", choices=("error", "warning"), default="error",
                        help="exit 1 when a finding is at this level or above (default: error)")
    parser.add_argument("--max-size", default=None, metavar="SIZE",
                        help="refuse larger files, e.g. 64MiB (default: the config's max-size, else 64 MiB)")


def run(args: argparse.Namespace) -> int:
    results = validate(args.project.resolve(), args.targets, args.specs, args.config, args.max_size)
    {"json": _print_json, "github": _print_github}.get(args.format, _print_text)(results, args)
    return exit_code(results, args.fail_on)


def _counts(problems: list[Problem]) -> dict[str, int]:
    return {level: sum(p.level == level for p in problems) for level in CHECK_LEVELS}


def _print_text(results: list[Result], args: argparse.Namespace) -> None:
    problems = [p for result in results for p in result.problems]
    for problem in problems:
        print(problem.format())
    if not args.quiet:
        counts = _counts(problems)
        summary = ", ".join(f"{n} {level}{'s' if n != 1 else ''}" for level, n in counts.items() if n) \
            or "no problems"
        print(f"aviato-docs: checked {len(results)} spec{'s' if len(results) != 1 else ''}: {summary}",
              file=sys.stderr)


def _print_json(results: list[Result], args: argparse.Namespace) -> None:
    problems = [p for result in results for p in result.problems]
    report = {
        "specs": [{"source": r.source, "tag": r.tag, "counts": _counts(list(r.problems))} for r in results],
        "counts": _counts(problems),
        "problems": [p.to_dict() for p in problems],
    }
    print(orjson.dumps(report, option=orjson.OPT_INDENT_2).decode())


def _print_github(results: list[Result], args: argparse.Namespace) -> None:
    """Workflow commands: each finding becomes an annotation on its file and line."""
    for problem in (p for result in results for p in result.problems):
        where = problem.location
        message = problem.message + (f" (at {where.pointer})" if where.pointer else "")
        if problem.hint:
            message += f"\nhint: {problem.hint}"
        print(workflow_command(_GITHUB_LEVEL[problem.level], message, where.source, where.line, where.column,
                               title=problem.code))
