"""The sources, configured in one place: `aviato-docs.toml` at the project root.

    default = "github"            # the source used without --source
    [sources.github]              # one table per named source
    kind = "github"               # file | git | url | github | server
    ...                           # the kind's keys, then optional network keys

Unknown keys are refused, so a typo does not silently fall back to a default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from generator.errors import EXIT_USAGE, Location, fail
from generator.source.policy import Network
from generator.spec.toml_lines import toml_error, toml_line, toml_position

CONFIG = "aviato-docs.toml"
NETWORK_KEYS = {"connect_timeout": float, "read_timeout": float, "total_timeout": float, "retries": int,
                "backoff": float, "max_mb": float}
# For each kind: its required keys, then its optional keys with their defaults.
KINDS = {
    "file": (("path",), {}),
    "git": (("repo", "path"), {}),
    "url": (("url",), {"token_env": ""}),
    "github": (("repo", "asset"), {"api": "https://api.github.com", "token_env": "GITHUB_TOKEN"}),
    "server": (("url",), {"token_env": ""}),
}
URL_KEYS = {"file": (), "git": (), "url": ("url",), "github": ("api",), "server": ("url",)}  # http(s) only


@dataclass(frozen=True)
class SourceConfig:
    name: str
    kind: str
    settings: dict  # the kind's keys, defaults filled in
    network: Network
    path: Path  # the config file, for messages

    def token(self) -> str | None:
        """The token from the environment variable the source names; read late, never stored elsewhere."""
        variable = self.settings.get("token_env")
        return (os.environ.get(variable) or None) if variable else None


def load(project: Path, name: str | None = None) -> SourceConfig:
    path = project / CONFIG
    document = _read(path)
    sources = document.get("sources")
    if not isinstance(sources, dict) or not sources:
        raise _invalid(path, "/sources", "define at least one source as a [sources.NAME] table")
    known = ", ".join(sorted(sources))
    if name is not None:  # from --source: the command line is wrong, not the file
        if name not in sources:
            raise fail("source-unknown", f"no source named {name!r} in {path}; it defines {known}",
                       Location("--source"), hint="pass --source with one of those names",
                       exit_code=EXIT_USAGE)
        return _source(path, name, sources[name])
    name = document.get("default") or (next(iter(sources)) if len(sources) == 1 else None)
    if not isinstance(name, str) or name not in sources:
        raise _invalid(path, "/default", f"`default` names no source: {name!r} (the sources are: {known})"
                       if name else f"several sources ({known}): set `default` or pass --source NAME")
    return _source(path, name, sources[name])


def names(project: Path) -> list[str]:
    sources = _read(project / CONFIG).get("sources")
    return sorted(sources) if isinstance(sources, dict) else []


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise fail("config-missing", f"no {CONFIG}: it says where releases come from", Location(str(path)),
                   hint="see `Sources` in the README", exit_code=EXIT_USAGE) from e
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise fail("config-invalid", f"cannot read {CONFIG}: {toml_error(e)}",
                   Location(str(path), "", *toml_position(e)), exit_code=EXIT_USAGE) from e


def _source(path: Path, name: str, table: object) -> SourceConfig:
    pointer = f"/sources/{name}"
    if not isinstance(table, dict) or table.get("kind") not in KINDS:
        raise _invalid(path, f"{pointer}/kind", f"source {name!r} needs `kind`, one of {', '.join(KINDS)}")
    required, optional = KINDS[table["kind"]]
    allowed = {"kind", "description", *required, *optional, *NETWORK_KEYS}
    for key in table:
        if key not in allowed:
            raise _invalid(path, f"{pointer}/{key}", f"source {name!r} ({table['kind']}) has no setting "
                           f"{key!r}; it takes {', '.join(sorted(allowed - {'kind'}))}")
    for key in required:
        if not isinstance(table.get(key), str) or not table[key]:
            raise _invalid(path, f"{pointer}/{key}", f"source {name!r} needs {key!r} (a string)")
    settings = {**optional, **{k: table[k] for k in (*required, *optional) if k in table}}
    for key in URL_KEYS[table["kind"]]:
        if not _is_http(settings[key]):
            raise _invalid(path, f"{pointer}/{key}", f"source {name!r}: {key} must be an http:// or "
                           f"https:// URL, not {settings[key]!r}" + (" (for a file, use kind = \"file\")"
                                                       if settings[key].startswith("file:") else ""))
    return SourceConfig(name, table["kind"], settings, _network(path, pointer, table), path)


def _network(path: Path, pointer: str, table: dict) -> Network:
    values = {}
    for key, kind in NETWORK_KEYS.items():
        if key in table:
            value = table[key]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise _invalid(path, f"{pointer}/{key}", f"{key} must be a number of at least 0")
            values[key] = kind(value)
    if "max_mb" in values:
        values["max_bytes"] = int(values.pop("max_mb") * (1 << 20))
    return Network(**values)


def _is_http(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _invalid(path: Path, pointer: str, message: str):
    try:
        line = toml_line(path.read_text(encoding="utf-8"), pointer)
    except (OSError, UnicodeDecodeError):
        line = None
    return fail("config-invalid", message, Location(str(path), pointer, line), exit_code=EXIT_USAGE)

