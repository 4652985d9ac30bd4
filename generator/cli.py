"""Command-line parsing only; each verb lives in `generator.verbs.<name>`."""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import sys

from generator import __version__
from generator.errors import EXIT_CANNOT_RUN, EXIT_OK, EXIT_USAGE, GeneratorError, Location, Problem
from generator.verbs.common import add_common, report

# The verbs in the order `--help` lists them, each a module in generator/verbs/. Only the module of
# the verb being run is imported: some pull in heavy dependencies (httpx, MkDocs, the client tools).
EXIT_BROKEN_PIPE = 141  # what a shell reports for a command SIGPIPE ended

VERBS = {
    "build": "build the whole versioned site from specs/ into site/",
    "pull": "fetch a release's spec from its source and pin it in specs/",
    "publish": "pull a release, validate it and rebuild the site with it",
    "releases": "list the pinned releases and what the source offers, side by side",
    "diff": "classify what changed between two releases of the API (or check the pinned history)",
    "validate": "check specs against OpenAPI 3.x and the house rules",
    "clients": "generate typed clients (TypeScript, Python) from each document and compile them",
}

EPILOG = """\
exit codes:
  0  success
  1  the input has problems at or above the failure level (a spec that does not parse,
     a pin whose sha256 does not match, findings at or above --fail-on, ...)
  2  usage error
  3  could not run (a missing dependency such as Scalar's bundle, a network or I/O failure)
141  the reader of the output went away (`| head`), as for any command a broken pipe stops

Every problem is printed as `file:line:col: level[code] message (at /json/pointer)`.
"""


def parser(selected: str | None = None) -> argparse.ArgumentParser:
    """The command line; only the `selected` verb gets its options (the others list their help)."""
    formatter = argparse.RawDescriptionHelpFormatter
    root = argparse.ArgumentParser(
        prog="aviato-docs", epilog=EPILOG, formatter_class=formatter,
        description="Build, check and publish Aviato's versioned API reference from its release specs.")
    root.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    verbs = root.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, summary in VERBS.items():
        if name != selected:
            verbs.add_parser(name, help=summary)
            continue
        module = importlib.import_module(f"generator.verbs.{name}")
        sub = verbs.add_parser(name, help=summary, description=module.DESCRIPTION,
                               epilog=EPILOG, formatter_class=formatter)
        add_common(sub, getattr(module, "FORMATS", ("text", "json")))
        module.configure(sub)
        sub.set_defaults(run=module.run)
    return root


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parser(argv[0] if argv and argv[0] in VERBS else None).parse_args(argv)
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
    except BrokenPipeError:  # `aviato-docs ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        return EXIT_BROKEN_PIPE
    except OSError as e:  # one that no stage expected (a full disk, a folder it may not write)
        report(GeneratorError([io_failed(e)], EXIT_CANNOT_RUN), args.format)
        return EXIT_CANNOT_RUN


def io_failed(error: OSError) -> Problem:
    """An unexpected I/O error as one located problem: at the file written (a copy's, link's or rename's
    destination), naming the other file of the pair."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list):
        (other, path, message), more = error.args[0][0], len(error.args[0]) - 1  # a copytree's failures
        message += f" (from {other}; {more} more files failed)" if more else f" (from {other})"
        return Problem("io-failed", "error", message, Location(str(path)))
    path, other = (error.filename2, error.filename) if error.filename2 else (error.filename, None)
    message = error.strerror or str(error)
    if other:
        message += f" (from {other})"
    return Problem("io-failed", "error", message, Location(str(path) if path else "aviato-docs"))
