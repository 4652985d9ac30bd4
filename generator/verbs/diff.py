"""`aviato-docs diff`: what changed between two releases, classified, for reviewers and CI."""

from __future__ import annotations

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

import yaml

from generator import diff, pins
from generator.diff import ci, formats, review
from generator.diff.sides import open_side
from generator.errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE

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
[tool.aviato-docs.diff.rules] of pyproject.toml ("off" switches one off). --format github prints workflow annotations on the new spec's lines
(errors at or above --fail-on); --format junit a JUnit XML report, a failure per change at or above it."""
FORMATS = ("text", "markdown", "json", "html", "github", "junit")
FAIL_ON = {"error": "error", "breaking": "breaking", "deprecation": "deprecation", "any": "info"}


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", nargs="?", metavar="OLD", help="the older side: tag, file, URL or git:REF:path")
    parser.add_argument("new", nargs="?", metavar="NEW", help="the newer side: tag, file, URL or git:REF:path")
    parser.add_argument("--history", action="store_true", help="check the whole pinned history instead")
    parser.add_argument("--fail-on", choices=tuple(FAIL_ON), default="error",
                        help="exit 1 when a change is at or above this level (default: error)")
    parser.add_argument("--specs", type=Path, default=None, help="pinned specs folder (default: PROJECT/specs)")
    parser.add_argument("--accept", type=Path, default=None, metavar="FILE",
                        help="fingerprints of changes a reviewer accepted, one a line: they do not count for --fail-on")
    parser.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD",
                        help="the new side's release date, for x-sunset (default: a pinned tag's pulled_at)")
    parser.add_argument("--site-url", default=None,
                        help="root of the published reference for links (default: site_url of mkdocs.yml)")


def run(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    specs = args.specs or project / "specs"
    if args.history:
        if args.old or args.new or args.format not in ("text", "json"):
            print("aviato-docs diff: --history takes no OLD or NEW, and --format text or json", file=sys.stderr)
            return EXIT_USAGE
        return _history(pins.releases(specs), args, review.levels(project))
    if not (args.old and args.new):
        print("aviato-docs diff: give OLD and NEW, or --history", file=sys.stderr)
        return EXIT_USAGE
    levels = review.levels(project)
    accepted = review.accepted(args.accept) if args.accept else set()
    old, new = open_side(args.old, project, specs), open_side(args.new, project, specs)
    policy = diff.Policy(levels, args.date or new.date, releases=bool(old.tag and new.tag))
    changes, stale = review.accept(diff.compare(old.spec, new.spec, policy=policy), accepted)
    for fingerprint in sorted(stale):
        print(f"{args.accept}: note: {fingerprint} matches no change", file=sys.stderr)
    sides = formats.Sides(old.spec.source, new.spec.source, old.tag, new.tag, _site_url(args, project))
    sys.stdout.write(_show(changes, sides, args.format, FAIL_ON[args.fail_on]))
    return _exit_code(changes, args.fail_on)


def _show(changes, sides: formats.Sides, fmt: str, threshold: str) -> str:
    if fmt == "github":
        return ci.as_github(changes, threshold)
    if fmt == "junit":
        return ci.as_junit(changes, threshold, f"{sides.old_name} -> {sides.new_name}")
    if fmt == "json":
        return json.dumps(formats.as_json(changes, sides), indent=2) + "\n"
    if fmt == "markdown":
        return formats.as_markdown(changes, sides)
    if fmt == "html":
        return formats.as_html(changes, sides)
    colour = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    return formats.as_text(changes, sides, colour)


def _exit_code(changes, fail_on: str) -> int:
    threshold = FAIL_ON[fail_on]
    failing = any(diff.at_or_above(c.level, threshold) and not c.accepted for c in changes)
    return EXIT_FINDINGS if failing else EXIT_OK


def _date(text: str) -> str:
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (write YYYY-MM-DD)") from None


def _history(releases, args: argparse.Namespace, levels: dict) -> int:
    result = diff.history(releases, levels=levels)
    if args.format == "json":
        print(json.dumps(formats.history_json(result), indent=2))
    else:
        sys.stdout.write(formats.history_text(result))
    return _exit_code([c for step in result.steps for c in step.changes], args.fail_on)


def _site_url(args: argparse.Namespace, project: Path) -> str:
    if args.site_url is not None:
        return args.site_url
    try:
        # mkdocs.yml may carry !!python tags elsewhere; only its plain site_url matters here.
        config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    except (OSError, yaml.YAMLError):
        return ""
    return str(config.get("site_url", "")) if isinstance(config, dict) else ""
