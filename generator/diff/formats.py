"""Ways to show a diff: a terminal view, a pull-request comment, a stable JSON document and an HTML page.

The JSON documents (`aviato-docs/diff/1` and `aviato-docs/diff-history/1`) are described by
`generator.findings_schema.DIFF` and `DIFF_HISTORY`: the two sides, a count per level, and the changes,
each with its rule id, level, message, operation, old and new locations, fingerprint and `accepted`.
`fingerprint` is the change's stable short id (rule, operation, what changed inside it); `accepted`
says that `--accept FILE` lists it.
Changes keep `compare`'s order; fields are only ever added under the same schema name.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import quote

from generator.diff.model import Change, OperationRef
from generator.findings import LEVELS, SEVERITY, place

SCHEMA = "aviato-docs/diff/1"
_FRAGMENT = "/?:@!$&'()*+,;=-._~{}%"  # RFC 3986 fragment characters, with the braces of path templates
COLOURS = {"error": "1;31", "breaking": "31", "warning": "33", "deprecation": "35", "additive": "32",
           "info": "2"}


@dataclass(frozen=True)
class Sides:
    """What the formats say about where the two specs came from."""

    old_source: str
    new_source: str
    old_tag: str | None = None
    new_tag: str | None = None
    site_url: str = ""  # the published reference's root; links need it and a tag

    @property
    def old_name(self) -> str:
        return self.old_tag or self.old_source

    @property
    def new_name(self) -> str:
        return self.new_tag or self.new_source

    def link(self, operation: OperationRef) -> str | None:
        tag = self.old_tag if operation.removed else self.new_tag
        if not tag or not self.site_url:
            return None
        # The anchor holds the spec's path: what a URL fragment cannot hold is percent-encoded.
        anchor = quote(operation.scalar_anchor, safe=_FRAGMENT)
        return f"{self.site_url.rstrip('/')}/{tag}/docs/developer/api/#{anchor}"


def summary(changes: list[Change]) -> dict[str, int]:
    counts = Counter(c.level for c in changes)
    return {level: counts.get(level, 0) for level in LEVELS}


def summary_line(changes: list[Change]) -> str:
    counts = summary(changes)
    parts = [f"{n} {level}" for level, n in counts.items() if n]
    noun = "change" if len(changes) == 1 else "changes"
    return f"{len(changes)} {noun}: " + ", ".join(parts) if changes else "no changes"


def by_operation(changes: list[Change]) -> list[tuple[OperationRef | None, list[Change]]]:
    """Changes grouped by operation, the group with the most severe change first, each group by severity."""
    groups: dict[OperationRef | None, list[Change]] = {}
    for change in changes:
        groups.setdefault(change.operation, []).append(change)
    ordered = sorted(groups.items(), key=lambda item: min(SEVERITY[c.level] for c in item[1]))
    return [(operation, sorted(group, key=lambda c: SEVERITY[c.level])) for operation, group in ordered]


def as_json(changes: list[Change], sides: Sides) -> dict:
    return {"schema": SCHEMA,
            "old": {"source": sides.old_source, "tag": sides.old_tag},
            "new": {"source": sides.new_source, "tag": sides.new_tag},
            "summary": summary(changes),
            "changes": [c.to_dict() for c in changes]}


def as_text(changes: list[Change], sides: Sides, colour: bool = False) -> str:
    def paint(level: str, text: str) -> str:
        return f"\033[{COLOURS[level]}m{text}\033[0m" if colour else text

    lines = [f"{sides.old_name} -> {sides.new_name}: {summary_line(changes)}"]
    for operation, group in by_operation(changes):
        lines += ["", operation.label if operation else "the document"]
        for change in group:
            accepted = f" (accepted: {change.fingerprint})" if change.accepted else ""
            lines.append(f"  {paint(change.level, change.level)}[{change.rule}] {change.message}{accepted}")
            lines.append(f"    new: {place(change.new)}")
            lines.append(f"    old: {place(change.old)}")
    return "\n".join(lines) + "\n"


def as_markdown(changes: list[Change], sides: Sides) -> str:
    """A pull-request comment: the summary, then each level in a collapsible section, breaking first."""
    counts = summary(changes)
    verdict = ("**Policy violation**: " if counts["error"] else
               "**Breaking**: " if counts["breaking"] else "")
    lines = [f"### API changes from {gfm_code(sides.old_name)} to {gfm_code(sides.new_name)}", "",
             f"{verdict}{summary_line(changes)}"]
    for level in LEVELS:
        chosen = [c for c in changes if c.level == level]
        if not chosen:
            continue
        lines += ["", f"<details{' open' if level in ('error', 'breaking') else ''}>",
                  f"<summary>{level} ({len(chosen)})</summary>", ""]
        for operation, group in by_operation(chosen):
            lines.append(f"- {_markdown_operation(operation, sides)}")
            lines += [f"  - `{c.rule}` {gfm_text(c.message)} <sub>{c.fingerprint}"
                      f"{' accepted' if c.accepted else ''}</sub>" for c in group]
        lines += ["", "</details>"]
    return "\n".join(lines) + "\n"


# Characters that start Markdown (or GitHub's) markup anywhere in a line: emphasis, code, links and
# images, tables, HTML, strikethrough, math, autolinks (`http:`, `www.`), @mentions and #references. The
# line-start markup (headings, lists, quotes) cannot start, as a value never begins a line.
_MARKUP = "\\`*_[]{}|!#@~:.$"
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# GitHub links @mentions and #references in the rendered text, so their entities would still link: a
# word joiner after the sign keeps the text as it reads and links nothing.
_GITHUB_SIGILS = "@#"
_WORD_JOINER = "&#8288;"


def gfm_text(value: object) -> str:
    """Text from a spec, inert in a GitHub-flavoured Markdown comment: on one line, HTML escaped,
    every markup character a character reference, and no @mention or #reference."""
    out = []
    for char in str(value):
        if char in _HTML:
            out.append(_HTML[char])
        elif char in _MARKUP:
            out.append(f"&#{ord(char)};" + (_WORD_JOINER if char in _GITHUB_SIGILS else ""))
        elif char in "\r\n" or not char.isprintable():
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


def gfm_code(value: object) -> str:
    """A code span holding `value` on one line: its fence is longer than any run of backticks inside."""
    text = "".join(" " if char in "\r\n" or not char.isprintable() else char for char in str(value))
    fence = "`" * (1 + max((len(run) for run in re.findall("`+", text)), default=0))
    padded = f" {text} " if text.startswith("`") or text.endswith("`") else text
    return f"{fence}{padded}{fence}"


def _markdown_operation(operation: OperationRef | None, sides: Sides) -> str:
    if operation is None:
        return "the document"
    label = f"<code>{gfm_text(operation.label)}</code>"
    link = sides.link(operation)
    return f'<a href="{html.escape(link)}">{label}</a>' if link else label


def as_html(changes: list[Change], sides: Sides) -> str:
    title = html.escape(f"API changes from {sides.old_name} to {sides.new_name}")
    rows = []
    for operation, group in by_operation(changes):
        name = html.escape(operation.label if operation else "the document")
        link = sides.link(operation) if operation else None
        cell = f'<a href="{html.escape(link)}">{name}</a>' if link else name
        for change in group:
            rows.append(f'<tr class="{change.level}"><td>{cell}</td><td>{change.level}</td>'
                        f"<td><code>{change.rule}</code></td><td>{html.escape(change.message)}</td>"
                        f"<td>{html.escape(change.new.prefix())}<br>{html.escape(change.old.prefix())}</td></tr>")
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>\n'
            "<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:.3rem .5rem;vertical-align:top;text-align:left}"
            ".error td:nth-child(2),.breaking td:nth-child(2){color:#b00020;font-weight:bold}"
            ".warning td:nth-child(2){color:#8a6d00}</style></head>\n"
            f"<body><h1>{title}</h1>\n<p>{html.escape(summary_line(changes))}</p>\n"
            "<table><thead><tr><th>Operation</th><th>Level</th><th>Rule</th><th>Change</th>"
            "<th>Where (new, old)</th></tr></thead><tbody>\n" + "\n".join(rows)
            + "\n</tbody></table></body></html>\n")


HISTORY_SCHEMA = "aviato-docs/diff-history/1"


def history_json(history) -> dict:
    """`aviato-docs/diff-history/1`: the releases, each step's summary, the violations, and per operation
    `addedIn`, `deprecatedSince`, `removedIn` and `sunset` (its `x-sunset` date, or null)."""
    return {"schema": HISTORY_SCHEMA,
            "releases": list(history.tags),
            "steps": [{"old": s.old_tag, "new": s.new_tag, "summary": summary(list(s.changes))}
                      for s in history.steps],
            "violations": [{"old": step.old_tag, "new": step.new_tag, **change.to_dict()}
                           for step, change in history.violations],
            "operations": [life.to_dict() for life in history.operations.values()]}


def history_text(history) -> str:
    lines = [f"{len(history.tags)} pinned releases: {', '.join(history.tags)}"]
    for step in history.steps:
        lines.append(f"{step.old_tag} -> {step.new_tag}: {summary_line(list(step.changes))}")
        lines += [f"  {change.format()}".replace("\n", "\n  ") for change in step.violations]
    violations = len(history.violations)
    lines.append("the history follows the versioning policy" if not violations else
                 f"{violations} policy violation{'s' if violations != 1 else ''} (listed above): operations "
                 "removed without a release that deprecated them or before their sunset, breaking changes "
                 "within a major version, versions that did not grow")
    return "\n".join(lines) + "\n"
