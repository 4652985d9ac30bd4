"""`aviato-docs releases`: the pinned releases beside what the source offers."""

from __future__ import annotations

import argparse
import json

from generator.commands.releases import ReleaseRow, releases
from generator.errors import EXIT_CANNOT_RUN, EXIT_OK, GeneratorError
from generator.verbs.common import report
from generator.verbs.pull import add_source_options

DESCRIPTION = ("List every release that is pinned in specs/ or offered by the source (newest first), with "
               "its pin and whether the source offers it; `aviato-docs pull --all` pulls the ones not "
               "pinned yet. Exits 3 when the source cannot be asked (the pinned releases are still listed).")


def configure(parser: argparse.ArgumentParser) -> None:
    add_source_options(parser, force=False)


def run(args: argparse.Namespace) -> int:
    project = args.project.resolve()
    rows, label, problems = releases(project, args.specs or project / "specs", args.source)
    code = EXIT_CANNOT_RUN if problems else EXIT_OK
    if args.format == "json":
        print(json.dumps({"source": label, "releases": [_as_dict(row) for row in rows],
                          "problems": [p.to_dict() for p in problems]}, indent=2))
        return code
    print(f"source: {label}")
    print(f"{'tag':<24} {'pinned':<32} at the source")
    for row in rows:
        pinned = f"{row.pin.file} {row.pin.pulled_at[:10]}" if row.pin else "-"
        offered = {True: "offered", False: "not offered", None: "?"}[row.offered]
        marks = " latest" if row.latest else (" prerelease" if row.prerelease else "")
        print(f"{row.tag + marks:<24} {pinned:<32} {offered}")
    if problems:
        report(GeneratorError(problems), "text")
    return code


def _as_dict(row: ReleaseRow) -> dict:
    pin = None
    if row.pin:
        pin = {"file": row.pin.file, "sha256": row.pin.sha256, "size": row.pin.size, "source": row.pin.source,
               "pulled_at": row.pin.pulled_at}
    return {"tag": row.tag, "pinned": pin, "offered": row.offered, "prerelease": row.prerelease,
            "latest": row.latest}
