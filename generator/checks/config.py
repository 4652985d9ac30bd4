"""Which rules run, at which level, and how large a spec may be.

Read from the `[tool.aviato-docs.checks]` table of the project's pyproject.toml, or from a file given
with `--config` (a pyproject.toml, or a TOML file holding the same keys at its top level):

    [tool.aviato-docs.checks]
    max-size = "64 MiB"                    # larger files are refused before they are read

    [tool.aviato-docs.checks.rules]
    operation-summary-missing = "warning"  # re-level a rule: "error", "warning" or "info"
    path-version-prefix = "off"            # or switch it off
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import EXIT_USAGE, GeneratorError, Location, Problem, fail
from generator.findings import CHECK_LEVELS, OFF, configured_level
from generator.spec import DEFAULT_MAX_BYTES
from generator.spec.lines import escape
from generator.spec.toml_lines import toml_error, toml_line, toml_position

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "b": 1, "k": 2**10, "m": 2**20, "g": 2**30}
PYPROJECT_TABLE = "/tool/aviato-docs/checks"


@dataclass(frozen=True)
class Config:
    levels: dict[str, str] = field(default_factory=dict)  # rule id -> level or "off"
    max_bytes: int = DEFAULT_MAX_BYTES
    source: str = ""  # where it was read from, for messages

    def level(self, rule) -> str | None:
        """The level a rule reports at, or None when it is switched off."""
        return configured_level(self.levels, rule.id, rule.level)


def parse_size(text: object) -> int:
    """Bytes from 67108864, "64 MiB", "64MB" or "512k"; ValueError otherwise."""
    if isinstance(text, int) and not isinstance(text, bool) and text > 0:
        return text
    match = _SIZE.match(str(text)) if isinstance(text, str) else None
    if not match:
        raise ValueError(f"not a size: {text!r} (write e.g. 64 MiB)")
    number, unit = match.groups()
    return int(float(number) * _UNITS[(unit or "")[:1].lower()])


def load(project: Path | None = None, file: Path | None = None) -> Config:
    """The checks config from `file`, else the project's pyproject.toml, else the defaults."""
    path = file or (project / "pyproject.toml" if project else None)
    if path is None or (file is None and not path.is_file()):
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise fail("config-invalid", f"cannot read the checks config: {toml_error(e)}",
                   Location(str(path), "", *toml_position(e)), exit_code=EXIT_USAGE) from e
    if "tool" in data:
        return from_table(data["tool"].get("aviato-docs", {}).get("checks") or {}, str(path), PYPROJECT_TABLE,
                          text)
    return from_table(data, str(path), "", text)


def from_table(table: dict, source: str = "", base: str = "", text: str = "") -> Config:
    """Validate a config table: unknown rule ids, levels or keys are usage errors, not silent.

    `base` is the table's pointer in the file and `text` the file, to give each problem its line.
    """
    from generator.checks.registry import RULES

    problems = [(f"{base}/{key}", f"unknown key {key!r}")
                for key in table if key not in ("max-size", "rules")]
    rules = table.get("rules", {})
    if not isinstance(rules, dict):
        problems.append((f"{base}/rules", "`rules` must be a table of rule id = level"))
        rules = {}
    for rule_id, level in rules.items():
        at = f"{base}/rules/{escape(rule_id)}"
        if rule_id not in RULES:
            problems.append((at, f"unknown rule {rule_id!r}"))
        elif level not in (*CHECK_LEVELS, OFF):
            choices = ", ".join((*CHECK_LEVELS, OFF))
            problems.append((at, f"rule {rule_id!r}: level must be one of {choices}, not {level!r}"))
    try:
        max_bytes = parse_size(table.get("max-size", DEFAULT_MAX_BYTES))
    except ValueError as e:
        problems.append((f"{base}/max-size", f"max-size: {e}"))
        max_bytes = DEFAULT_MAX_BYTES
    if problems:
        raise GeneratorError([Problem("config-invalid", "error", message,
                                      Location(source, pointer, toml_line(text, pointer) if text else None))
                              for pointer, message in problems], EXIT_USAGE)
    return Config(dict(rules), max_bytes, source)
