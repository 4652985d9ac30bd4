"""GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`), escaped as the runner
reads them.

The runner decodes `%25`, `%0D` and `%0A` in the message, and also `%3A` and `%2C` in the properties,
where `:` ends the properties and `,` separates them.
"""

from __future__ import annotations

from generator.findings import printable


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(printable(text)).replace(":", "%3A").replace(",", "%2C")


def workflow_command(level: str, message: str, file: str, line: int | None = None, col: int | None = None,
                     title: str | None = None) -> str:
    """One annotation; `level` is error, warning or notice."""
    properties = [f"file={escape_property(file)}"]
    if line is not None:
        properties.append(f"line={line}")
        if col is not None:
            properties.append(f"col={col}")
    if title:
        properties.append(f"title={escape_property(title)}")
    message = printable(message, "\n")  # controls escaped; newlines are the annotation's own (%0A)
    return f"::{level} {','.join(properties)}::{escape_data(message)}"
