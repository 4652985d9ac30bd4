"""`aviato-docs build`: the whole versioned site from the pinned specs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from generator.commands.build import build
from generator.errors import EXIT_OK
from generator.verbs.common import SITE_HELP, SPECS_HELP, progress_printer

DESCRIPTION = ("Verify every pinned spec against its sha256, render each version's overview and reference, "
               "run MkDocs per version (in parallel processes), and swap the result into the output folder. "
               "A version whose release, the releases before it, templates, theme and generator are "
               "unchanged is reused from the cache in .cache/site. On any error the previous output is left "
               "as it was.")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--specs", type=Path, default=None, help=SPECS_HELP)
    parser.add_argument("--site", type=Path, default=None, help=SITE_HELP)
    parser.add_argument("--check-clients", action="store_true",
                        help="first generate and compile each version's typed clients "
                             "(aviato-docs clients check); any error stops the build")
    parser.add_argument("--no-cache", dest="use_cache", action="store_false",
                        help="build every version anew instead of reusing unchanged ones from .cache/site")


def run(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    specs = args.specs or project / "specs"
    out = args.site or project / "site"
    result = build(project, specs, out, progress_printer(args), check_clients=args.check_clients,
                   use_cache=args.use_cache)
    if args.format == "json":
        print(json.dumps({"site": str(result.site), "versions": list(result.versions),
                          "latest": result.latest, "built": list(result.built)}))
    else:
        reused = len(result.versions) - len(result.built)
        print(f"built {len(result.versions)} versions into {result.site} (latest: {result.latest}; "
              f"{len(result.built)} built, {reused} reused from the cache)")
        print("preview it as Netlify serves it: make serve")
    return EXIT_OK
