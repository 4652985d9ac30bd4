"""The diff for CI: GitHub workflow annotations on the new spec's lines, and a JUnit XML report.

`--format github`: one annotation per change at the new spec's file and line; changes at or above
`--fail-on` are errors, the other breaking, warning and deprecation changes warnings, the rest notices.
`--format junit`: one testsuite, one testcase per change (class: the operation, name: the rule and the
change), a failure for each change at or above `--fail-on`.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.annotations import workflow_command
from generator.diff.model import Change
from generator.errors import Location
from generator.findings import at_or_above, printable

_NOTICE_LEVELS = ("additive", "info")


def visible(text: str) -> str:
    """Control characters (other than line breaks) shown as escapes: XML 1.0 refuses most of them, even as
    references, and terminals should not get them raw either."""
    return printable(text, "\n")


def as_github(changes: list[Change], threshold: str) -> str:
    lines = []
    for change in changes:
        if at_or_above(change.level, threshold) and not change.accepted:
            level = "error"
        else:
            level = "notice" if change.level in _NOTICE_LEVELS else "warning"
        where = change.new
        subject = f"{change.operation.route}: " if change.operation else ""
        message = (f"{change.level}: {subject}{change.message} (at {where.pointer or '/'}; "
                   f"id {change.fingerprint})\n"
                   f"was: {_prefix(change.old)} (at {change.old.pointer or '/'})")
        lines.append(workflow_command(level, message, annotation_file(where), where.line, where.column,
                                      f"{change.level}[{change.rule}]"))  # it escapes the controls
    return "".join(line + "\n" for line in lines)


def _prefix(location: Location) -> str:
    return Location(annotation_file(location), line=location.line, column=location.column).prefix()


def annotation_file(location: Location) -> str:
    """The file as GitHub names it: relative to the workspace (the current folder) when inside it; the path
    of a `git:REF:path` side."""
    source = location.source
    if source.startswith("git:"):
        return source.split(":", 2)[2] if source.count(":") >= 2 else source
    path = Path(source)
    if path.is_absolute():
        try:
            return str(path.relative_to(Path.cwd()))
        except ValueError:
            return source
    return os.path.normpath(source)


def as_junit(changes: list[Change], threshold: str, name: str) -> str:
    failing = [c for c in changes if at_or_above(c.level, threshold) and not c.accepted]
    suites = ET.Element("testsuites", name="aviato-docs diff", tests=str(len(changes)),
                        failures=str(len(failing)))
    suite = ET.SubElement(suites, "testsuite", name=visible(name), tests=str(len(changes)),
                          failures=str(len(failing)), errors="0", skipped="0")
    for change in changes:
        case = ET.SubElement(suite, "testcase", classname=visible(change.operation.label if change.operation
                                                                  else "the document"),
                             name=visible(f"{change.rule}: {change.message}"),
                             file=annotation_file(change.new))
        if change.new.line is not None:
            case.set("line", str(change.new.line))
        if at_or_above(change.level, threshold) and not change.accepted:
            failure = ET.SubElement(case, "failure", type=change.rule,
                                    message=visible(f"{change.level}: {change.message}"))
            failure.text = visible(change.format())
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
