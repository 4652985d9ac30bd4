"""`aviato-docs clients check`: prove that documents generate typed clients that compile."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator import clients, pins, source
from generator.errors import EXIT_FINDINGS, EXIT_OK, LEVELS
from generator.spec import RawSpec, load
from generator.verbs.common import add_common, progress_printer

DESCRIPTION = """\
For each pinned TAG or FILE (default: every pinned release), generate the clients the API overview
tells readers to generate, from the exact bytes the site publishes: TypeScript types with
openapi-typescript, compiled with an openapi-fetch client by `tsc --noEmit --strict`; a Python
package with openapi-python-client, imported and type-checked with mypy. The overview's typed-client
examples (docs/developer/clients/) are compiled with them when the document has their routes.

Every generator message and compiler error is printed as `file:line:col: level[code] message`, at
the spec's JSON pointer when the generator names one, else in the generated file. Verdicts are
cached by the document's sha256 in PROJECT/.cache/clients/: an unchanged document is not generated
again. Versions are checked in parallel."""


def configure(parser: argparse.ArgumentParser) -> None:
    # `check` is a sub-command of its own so that options may come before or after the names.
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="generate and compile", description=DESCRIPTION,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    add_common(check)
    check.add_argument("targets", nargs="*", metavar="TAG|FILE", help="pinned tags or spec files (default: all pins)")
    check.add_argument("--specs", type=Path, default=None, help="pinned specs folder (default: PROJECT/specs)")
    check.add_argument("--fail-on", choices=("error", "warning"), default="error",
                       help="exit 1 when a problem is at this level or above (default: error)")
    check.add_argument("--jobs", type=int, default=None, help="checks run at once (default: the number of CPUs)")
    check.add_argument("--force", action="store_true", help="generate again even when the verdict is cached")
    check.add_argument("--cache", type=Path, default=None,
                       help="where verdicts and generated code are kept (default: PROJECT/.cache/clients)")


def run(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    targets = resolve(args.targets, args.specs or project / "specs")
    outcomes = clients.check(project, targets, args.cache, args.jobs, args.force, progress_printer(args))
    problems = [problem for outcome in outcomes for problem in outcome.problems]
    if args.format == "json":
        print(json.dumps({"versions": [_as_dict(outcome) for outcome in outcomes],
                          "problems": [p.to_dict() for p in problems]}, indent=2))
    else:
        for problem in problems:
            print(problem.format())
        if not args.quiet:
            for outcome in outcomes:
                print(f"aviato-docs: {summary(outcome)}", file=sys.stderr)
    failing = LEVELS[:LEVELS.index(args.fail_on) + 1]
    return EXIT_FINDINGS if any(p.level in failing for p in problems) else EXIT_OK


def resolve(names: list[str], specs: Path) -> list[clients.Target]:
    """Pinned tags (with or without their `v`) and files; anything else is a usage error."""
    if not names:  # every pinned release, oldest first, read as a named one is
        names = sorted((pin.tag for pin in pins.manifest(specs)[1]), key=pins.version_key)
    reader = source.Reader(specs)
    return [_target(source.resolve(name, reader)) for name in names]


def _target(resolved: source.Resolved) -> clients.Target:
    """A file is checked under its own name, even when it is a pinned release's file."""
    tag = resolved.pin.tag if resolved.kind == "pin" and resolved.pin else None
    return clients.Target(load(RawSpec(resolved.raw.source, resolved.raw.data, tag)), tag)


def summary(outcome: clients.Outcome) -> str:
    """One line per document: each language's verdict, and whether it came from the cache."""
    parts = []
    for result in outcome.results:
        levels = [finding.level for finding in result.stored.findings]
        verdict = "fails" if "error" in levels else "type-checks" if result.language == "python" else "compiles"
        warnings = levels.count("warning")
        parts.append(f"{result.language} {verdict}" + (f" ({warnings} warning{'s' * (warnings != 1)})" if warnings else ""))
    when = "cached" if outcome.cached else f"{max(r.seconds for r in outcome.results):.1f} s"
    return f"{outcome.target.label}: {', '.join(parts)} [{when}]"


def _as_dict(outcome: clients.Outcome) -> dict:
    return {"label": outcome.target.label, "tag": outcome.target.tag, "source": outcome.target.spec.source,
            "sha256": outcome.target.sha256, "cached": outcome.cached,
            "languages": {r.language: {"ok": all(f.level != "error" for f in r.stored.findings), "cached": r.cached,
                                       "seconds": round(r.seconds, 3), "folder": str(r.stored.folder)}
                          for r in outcome.results}}

