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

from generator.errors import EXIT_USAGE, Location, fail
from generator.source.http import Network

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
    name = name or document.get("default") or (next(iter(sources)) if len(sources) == 1 else None)
    if name not in sources:
        known = ", ".join(sorted(sources))
        raise _invalid(path, "/default", f"no source named {name!r} (the sources are: {known})"
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
        raise fail("config-invalid", f"cannot read {CONFIG}: {e}", Location(str(path)), exit_code=EXIT_USAGE) from e


def _source(path: Path, name: str, table: object) -> SourceConfig:
    pointer = f"/sources/{name}"
    if not isinstance(table, dict) or table.get("kind") not in KINDS:
        raise _invalid(path, f"{pointer}/kind", f"source {name!r} needs `kind`, one of {', '.join(KINDS)}")
    required, optional = KINDS[table["kind"]]
    allowed = {"kind", "description", *required, *optional, *NETWORK_KEYS}
    for key in table:
        if key not in allowed:
            raise _invalid(path, f"{pointer}/{key}", f"source {name!r} ({table['kind']}) has no setting {key!r}; "
                           f"it takes {', '.join(sorted(allowed - {'kind'}))}")
    for key in required:
        if not isinstance(table.get(key), str) or not table[key]:
            raise _invalid(path, f"{pointer}/{key}", f"source {name!r} needs {key!r} (a string)")
    settings = {**optional, **{k: table[k] for k in (*required, *optional) if k in table}}
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


def _invalid(path: Path, pointer: str, message: str):
    return fail("config-invalid", message, Location(str(path), pointer), exit_code=EXIT_USAGE)
