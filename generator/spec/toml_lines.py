"""Where a key of a TOML configuration file is written, for located messages about it.

tomllib gives values without positions (and its syntax errors' position only inside the message),
so keys are found by reading the file's headers and key lines, which is how configs are written.
"""

from __future__ import annotations

import re
import tomllib

from generator.spec.lines import unescape

_TOML_HEADER = re.compile(r"^\s*\[\[?\s*([^\]#]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_PART = re.compile(r"""[A-Za-z0-9_-]+|"[^"]*"|'[^']*'""")  # a bare or quoted key
_TOML_KEY = re.compile(rf"^\s*((?:{_TOML_PART.pattern})(?:\s*\.\s*(?:{_TOML_PART.pattern}))*)\s*=")


def toml_line(text: str, pointer: str) -> int | None:
    """The line where the TOML key (or table) at a JSON pointer is written, e.g. /sources/gh/kind.

    For messages about configuration files: headers and plain or dotted keys are read line by line,
    which is what hand-written configs hold; None when the key is not written that way.
    """
    wanted = [unescape(part) for part in pointer.split("/")[1:]]
    table: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        header = _TOML_HEADER.match(line)
        if header:
            table = [part.strip("\"'") for part in _TOML_PART.findall(header.group(1))]
            if table == wanted:
                return number
            continue
        key = _TOML_KEY.match(line)
        if key:
            path = table + [part.strip("\"'") for part in _TOML_PART.findall(key.group(1))]
            if path[:len(wanted)] == wanted:
                return number
    return None


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def toml_position(error: Exception) -> tuple[int | None, int | None]:
    """Line and column of a TOML syntax error (tomllib puts them only into its message)."""
    match = _TOML_AT.search(str(error)) if isinstance(error, tomllib.TOMLDecodeError) else None
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)


def toml_error(error: Exception) -> str:
    """The error's message without the position the location already gives."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return _TOML_AT.sub("", str(error))
