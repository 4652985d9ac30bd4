"""Command-line parsing only; the work is in `generator.commands`."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from generator import __version__, commands
from generator.errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_USAGE, GeneratorError

EPILOG = """\
exit codes:
  0  success
  1  the input has problems (a spec that does not parse, a pin whose sha256 does not match, ...)
  2  usage error
  3  could not run (a missing dependency such as Scalar's bundle, an I/O failure)

Every problem is printed as `file:line:col: level[code] message (at /json/pointer)`.
"""


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(
        prog="aviato-docs",
        description="Build Aviato's published, versioned API reference from the pinned release specs.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    root.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = root.add_subparsers(dest="command", metavar="COMMAND", required=True)

    build = verbs.add_parser(
        "build", help="build the whole versioned site from specs/ into site/",
        description="Verify every pinned spec against its sha256, render each version's overview and "
                    "reference, run MkDocs per version, and swap the result into the output folder. "
                    "On any error the previous output is left as it was.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    build.add_argument("--project", type=Path, default=Path("."),
                       help="the project folder with mkdocs.yml, docs/ and overrides/ (default: .)")
    build.add_argument("--specs", type=Path, default=None, help="pinned specs folder (default: PROJECT/specs)")
    build.add_argument("--site", type=Path, default=None, help="output folder (default: PROJECT/site)")
    build.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    build.add_argument("--quiet", action="store_true", help="no progress lines")
    return root


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:
        return EXIT_USAGE if e.code not in (0, None) else EXIT_OK
    try:
        return _build(args)
    except GeneratorError as e:
        _report(e, args.format)
        return e.exit_code
    except KeyboardInterrupt:
        print("aviato-docs: interrupted; the previous output is unchanged", file=sys.stderr)
        return EXIT_CANNOT_RUN


def _build(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    specs = args.specs or project / "specs"
    out = args.site or project / "site"
    progress = (lambda message: None) if args.quiet or args.format == "json" else _progress
    result = commands.build(project, specs, out, progress)
    if args.format == "json":
        print(json.dumps({"site": str(result.site), "versions": list(result.versions), "latest": result.latest}))
    else:
        print(f"built {len(result.versions)} versions into {result.site} (latest: {result.latest})")
        print("preview it as Netlify serves it: make serve")
    return EXIT_OK


def _progress(message: str) -> None:
    print(f"aviato-docs: {message}", file=sys.stderr, flush=True)


def _report(error: GeneratorError, fmt: str) -> None:
    if fmt == "json":
        print(json.dumps({"problems": [p.to_dict() for p in error.problems]}, indent=2))
    else:
        for problem in error.problems:
            print(problem.format(), file=sys.stderr)
