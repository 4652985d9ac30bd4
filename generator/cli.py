"""Command-line parsing only; each verb lives in `generator.verbs.<name>`."""

from __future__ import annotations

import argparse
import importlib
import sys

from generator import __version__
from generator.errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_USAGE, GeneratorError
from generator.verbs.common import add_common, report

# The verbs in the order `--help` lists them; each is a module in generator/verbs/.
VERBS = ("build", "pull", "publish", "releases", "diff", "validate", "clients")

EPILOG = """\
exit codes:
  0  success
  1  the input has problems at or above the failure level (a spec that does not parse,
     a pin whose sha256 does not match, findings at or above --fail-on, ...)
  2  usage error
  3  could not run (a missing dependency such as Scalar's bundle, a network or I/O failure)

Every problem is printed as `file:line:col: level[code] message (at /json/pointer)`.
"""


def parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    root = argparse.ArgumentParser(
        prog="aviato-docs", epilog=EPILOG, formatter_class=formatter,
        description="Build, check and publish Aviato's versioned API reference from its release specs.")
    root.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = root.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in VERBS:
        module = importlib.import_module(f"generator.verbs.{name}")
        sub = verbs.add_parser(name, help=module.HELP, description=module.DESCRIPTION,
                               epilog=EPILOG, formatter_class=formatter)
        add_common(sub, getattr(module, "FORMATS", ("text", "json")))
        module.configure(sub)
        sub.set_defaults(run=module.run)
    return root


def main(argv: list[str] | None = None) -> int:
    try:
        args = parser().parse_args(argv)
    except SystemExit as e:
        return EXIT_OK if e.code in (0, None) else EXIT_USAGE
    try:
        return args.run(args)
    except GeneratorError as e:
        report(e, args.format)
        return e.exit_code
    except KeyboardInterrupt:
        print("aviato-docs: interrupted; nothing was changed", file=sys.stderr)
        return EXIT_CANNOT_RUN
