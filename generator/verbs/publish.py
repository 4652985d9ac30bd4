"""`aviato-docs publish`: pull a tag, validate it and rebuild the site with it."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from generator.commands.publish import publish
from generator.errors import EXIT_OK
from generator.verbs.common import SITE_HELP, progress_printer
from generator.verbs.pull import add_source_options, describe, downloads

DESCRIPTION = ("Pull TAG (see `pull`), then validate and rebuild the whole versioned site with it: as "
               "`latest` when it is the newest stable release; a prerelease such as v1.3.0-rc.1 is "
               "published under its own name and never becomes latest. If the build fails, the pin is "
               "undone and both specs/ and the site are left as they were.")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("tag", metavar="TAG", help="the release tag, e.g. v1.2.0")
    add_source_options(parser)
    parser.add_argument("--site", type=Path, default=None, help=SITE_HELP)
    parser.add_argument("--no-check-clients", dest="check_clients", action="store_false",
                        help="skip generating and compiling typed clients from every release's document "
                             "(by default a release whose document breaks them is not published)")


def run(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    specs = args.specs or project / "specs"
    site = args.site or project / "site"
    done = publish(project, specs, site, args.tag, args.source, args.force, downloads(args),
                   progress_printer(args), args.check_clients)
    build = done.build
    if args.format == "json":
        print(json.dumps({"pulled": done.pulled.to_dict(), "site": str(build.site),
                          "versions": list(build.versions), "latest": build.latest, "page": str(done.page)},
                         indent=2))
        return EXIT_OK
    print(describe(done.pulled))
    role = "as latest" if build.latest == args.tag else (
        "under its own name (a prerelease never becomes latest)" if done.prerelease
        else f"under its own name (latest stays {build.latest})")
    print(f"published {args.tag} {role}: {len(build.versions)} versions built into {build.site}")
    print(f"its overview: {done.page}/index.html; preview the site as Netlify serves it: make serve")
    return EXIT_OK
