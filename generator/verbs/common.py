"""Options and output shared by every verb."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator.errors import GeneratorError

SPECS_HELP = "pinned specs folder (default: PROJECT/specs)"
SITE_HELP = ("output folder (default: PROJECT/site); replaced whole, so refused (exit 2) when it is the "
             "project, holds it or its sources, is a file, or is a folder no build made")


def add_common(parser: argparse.ArgumentParser, formats: tuple[str, ...] = ("text", "json")) -> None:
    parser.add_argument("--project", type=Path, default=Path("."),
                        help="the project folder with mkdocs.yml, docs/, overrides/ and specs/ (default: .)")
    parser.add_argument("--format", choices=formats, default="text", help="output format (default: text)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")


def progress_printer(args: argparse.Namespace):
    """Progress lines go to stderr, never into machine-read output."""
    if args.quiet or args.format != "text":
        return lambda message: None
    return lambda message: print(f"aviato-docs: {message}", file=sys.stderr, flush=True)


def report(error: GeneratorError, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps({"problems": [p.to_dict() for p in error.problems]}, indent=2))
    else:
        for problem in error.problems:
            print(problem.format(), file=sys.stderr)
