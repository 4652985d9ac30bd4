"""`aviato-docs pull`: fetch a tag's spec from its source, check it and pin it in specs/."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from generator.commands.pull import Pulled, pull, pull_all
from generator.errors import EXIT_OK, EXIT_USAGE, GeneratorError, Location, fail
from generator.source.progress import DownloadDisplay
from generator.verbs.common import SPECS_HELP, progress_printer, report

DESCRIPTION = ("Fetch the spec of TAG from the source configured in aviato-docs.toml, check that it is an "
               "OpenAPI 3.1 document whose info.version is the tag, and pin it in specs/ (the file and a "
               "manifest entry with its sha256). Re-pulling a pinned tag is a no-op when the bytes are the "
               "same and an error when they differ, unless --force. On any failure specs/ is left as it was.")


def add_source_options(parser: argparse.ArgumentParser, force: bool = True) -> None:
    parser.add_argument("--source", metavar="NAME", default=None,
                        help="a source named in aviato-docs.toml (default: its `default`)")
    parser.add_argument("--specs", type=Path, default=None, help=SPECS_HELP)
    if force:
        parser.add_argument("--force", action="store_true",
                            help="re-pin a tag whose bytes differ from its pin "
                                 "(a release's spec should not change)")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tag", nargs="?", metavar="TAG", help="the release tag, e.g. v1.2.0")
    parser.add_argument("--all", action="store_true",
                        help="pull every tag the source offers that is not pinned")
    add_source_options(parser)


def downloads(args: argparse.Namespace):
    """The progress display for large downloads, on stderr; off with --quiet or a machine format."""
    return None if args.quiet or args.format != "text" else DownloadDisplay()


def describe(pulled: Pulled) -> str:
    size = f"{pulled.size:,} bytes, sha256 {pulled.sha256[:12]}"
    if pulled.status == "unchanged":
        return f"{pulled.tag} is already pinned with identical bytes ({pulled.file}): nothing to do"
    if pulled.status == "re-pinned":
        return (f"re-pinned {pulled.tag} with different bytes (--force): sha256 {pulled.previous_sha256} -> "
                f"{pulled.sha256}, from {pulled.source} into {pulled.file}")
    verb = "restored the missing file of" if pulled.status == "restored" else "pinned"
    return f"{verb} {pulled.tag} from {pulled.source} into {pulled.file} ({size})"


def run(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    specs = args.specs or project / "specs"
    if bool(args.tag) == bool(args.all):
        raise fail("usage", "give either a TAG or --all", Location("command line"), exit_code=EXIT_USAGE)
    if args.all:
        outcome = pull_all(project, specs, args.source, args.force, downloads(args), progress_printer(args))
        pulled, problems, code = outcome.pulled, outcome.problems, outcome.exit_code
    else:
        pulled = [pull(project, specs, args.tag, args.source, args.force, downloads(args))]
        problems, code = [], EXIT_OK
    if args.format == "json":
        print(json.dumps({"pulled": [p.to_dict() for p in pulled],
                          "problems": [p.to_dict() for p in problems]}, indent=2))
        return code
    for item in pulled:
        print(describe(item))
    if args.all and not pulled and not problems:
        print("every tag the source offers is pinned already: nothing to do")
    if problems:
        report(GeneratorError(problems), "text")
    return code
