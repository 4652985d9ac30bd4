"""`aviato-docs diff`: what changed between two releases, classified, for reviewers and CI."""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

from generator.commands.diff import (
    FAIL_ON,
    FORMATS,  # noqa: F401  (cli.py offers them)
    compare,
    exit_code,
    history,
    history_exit_code,
    show,
    show_history,
)
from generator.errors import EXIT_USAGE
from generator.verbs.common import SPECS_HELP

DESCRIPTION = """\
Compare OLD and NEW operation by operation and classify every change as error (breaks the
versioning policy: an operation removed without a release that deprecated it), breaking, warning,
deprecation, additive or info. OLD and NEW are each a pinned tag (v1.2.0), a file, an http(s) URL,
or git:REF:path. With --history, check every pinned release against its predecessor instead.

--fail-on sets the exit code for CI: 1 when a change is at or above that level (default: error,
the policy violations only); changes whose fingerprint the --accept FILE lists do not count.
Between two pinned releases (and with --history) the versioning policy applies too: a release with
breaking changes needs a new major version, and info.version must grow. x-sunset dates are judged
against the new release's pulled_at date, or --date. Rule levels can be changed per rule id in
[tool.aviato-docs.diff.rules] of pyproject.toml ("off" switches one off). --format github prints \
workflow annotations on the new spec's lines
(errors at or above --fail-on); --format junit a JUnit XML report, a failure per change at or above it."""

_SIDE = "tag, file, URL or git:REF:path"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", nargs="?", metavar="OLD", help=f"the older side: {_SIDE}")
    parser.add_argument("new", nargs="?", metavar="NEW", help=f"the newer side: {_SIDE}")
    parser.add_argument("--history", action="store_true", help="check the whole pinned history instead")
    parser.add_argument("--fail-on", choices=tuple(FAIL_ON), default="error",
                        help="exit 1 when a change is at or above this level (default: error)")
    parser.add_argument("--specs", type=Path, default=None, help=SPECS_HELP)
    parser.add_argument("--accept", type=Path, default=None, metavar="FILE",
                        help="fingerprints of changes a reviewer accepted, one a line: "
                             "they do not count for --fail-on")
    parser.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="the new side's release date, for x-sunset (default: a pinned tag's pulled_at)")
    parser.add_argument("--site-url", default=None,
                        help="root of the published reference for links (default: site_url of mkdocs.yml)")


def run(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    if args.history:
        if args.old or args.new or args.format not in ("text", "json"):
            print("aviato-docs diff: --history takes no OLD or NEW, and --format text or json",
                  file=sys.stderr)
            return EXIT_USAGE
        result = history(project, args.specs)
        sys.stdout.write(show_history(result, args.format))
        return history_exit_code(result, args.fail_on)
    if not (args.old and args.new):
        print("aviato-docs diff: give OLD and NEW, or --history", file=sys.stderr)
        return EXIT_USAGE
    compared = compare(project, args.old, args.new, args.specs, args.accept, args.date, args.site_url)
    for fingerprint in compared.stale:
        print(f"{args.accept}: note: {fingerprint} matches no change", file=sys.stderr)
    sys.stdout.write(show(compared.changes, compared.sides, args.format, args.fail_on))
    return exit_code(compared.changes, args.fail_on)


def _date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write YYYY-MM-DD)") from None
