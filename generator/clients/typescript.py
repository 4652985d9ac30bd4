"""TypeScript: openapi-typescript's types for the document, compiled with an openapi-fetch client by
tsc --strict.

The commands are the ones the overview shows readers (docs/developer/clients/typescript.sh.j2), run on
the same bytes the site publishes.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from generator.clients import tools
from generator.clients.findings import last_lines, located, pointer_from_ref
from generator.findings import Finding

NAME = "typescript"
TYPES = "aviato.d.ts"
USAGE = "list-and-scan.ts"
# What the overview's command passes to tsc (`--skipDefaultLibCheck` skips checking TypeScript's own
# lib files only, which halves the time), and plain-text errors to read.
TSC_OPTIONS = ("--noEmit", "--strict", "--target", "es2022", "--module", "esnext", "--moduleResolution",
               "bundler",
               "--skipDefaultLibCheck")
TSC_OUTPUT = ("--pretty", "false")
# A document without the example's routes: the client is only created.
MINIMAL_USAGE = """\
import createClient from "openapi-fetch";
import type { paths } from "./aviato";

export const client = createClient<paths>({ baseUrl: "http://localhost" });
"""
# openapi-fetch as `npm install openapi-fetch` leaves it next to the reader's code.
RUNTIME_PACKAGES = ("openapi-fetch", "openapi-typescript-helpers")

_GENERATOR_LINE = re.compile(r"^\s*✘\s+(?P<message>.+)$", re.M)
_THROWN = re.compile(r"^(?:\w*Error): (?P<message>.+)$", re.M)
_REF_AT = re.compile(r"\bat (#/\S*)")
_TSC_LINE = re.compile(r"^(?P<file>[^\s(][^(]*)\((?P<line>\d+),(?P<column>\d+)\): (?P<level>error|warning) "
                       r"(?P<code>TS\d+): (?P<message>.*)$")


def check(spec_file: Path, folder: Path, usage: str | None, toolset: tools.Toolset,
          document: dict | None = None) -> list[Finding]:
    """Generate, then compile; `document` is unused: openapi-typescript names its pointers itself."""
    generated = tools.run([toolset.openapi_typescript, spec_file, "-o", TYPES], folder)
    if generated.returncode != 0 or not (folder / TYPES).is_file():
        return generator_findings(generated.stdout + "\n" + generated.stderr)
    (folder / USAGE).write_text(usage or MINIMAL_USAGE, encoding="utf-8")
    _link_runtime(toolset, folder)
    compiled = tools.run([toolset.tsc, *TSC_OPTIONS, *TSC_OUTPUT, USAGE], folder)
    findings = tsc_findings(compiled.stdout + compiled.stderr)
    if compiled.returncode != 0 and not findings:
        findings = [located("typescript-compile-error", "error",
                            f"tsc failed: {last_lines(compiled.stderr or compiled.stdout)}")]
    return findings


def generator_findings(output: str) -> list[Finding]:
    """openapi-typescript's own messages (`✘  Can't resolve $ref at #/...`), located at the pointer they
    name."""
    messages = [m.group("message").strip() for m in _GENERATOR_LINE.finditer(output)]
    if not messages:
        thrown = _THROWN.search(output)
        messages = [thrown.group("message").strip() if thrown else last_lines(output)]
    findings = []
    for message in dict.fromkeys(messages):
        ref = _REF_AT.search(message)
        findings.append(located("typescript-generation-failed", "error", f"openapi-typescript: {message}",
                                pointer_from_ref(ref.group(1)) if ref else ""))
    return findings


def tsc_findings(output: str) -> list[Finding]:
    """`file(line,col): error TS1234: message` lines, with their indented continuation lines."""
    findings: list[Finding] = []
    for line in output.splitlines():
        match = _TSC_LINE.match(line)
        if match:
            findings.append(located("typescript-compile-error", match.group("level"),
                                    f"tsc {match.group('code')}: {match.group('message')}",
                                    file=match.group("file"), line=int(match.group("line")),
                                    column=int(match.group("column"))))
        elif findings and line.startswith(" ") and line.strip():
            last = findings[-1]
            findings[-1] = replace(last, message=f"{last.message} {line.strip()}")
    return findings


def _link_runtime(toolset: tools.Toolset, folder: Path) -> None:
    modules = folder / "node_modules"
    modules.mkdir(exist_ok=True)
    for package in RUNTIME_PACKAGES:
        link = modules / package
        if not link.exists():
            link.symlink_to(toolset.node_modules / package, target_is_directory=True)
