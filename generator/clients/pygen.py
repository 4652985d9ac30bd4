"""Run openapi-python-client on one document and print what it reported as JSON.

Run as its own process (`python -m generator.clients.pygen SPEC OUTPUT`), so that several versions
generate in parallel and nothing the generator does can end the caller with a traceback. The
settings are those of `openapi-python-client generate --meta none --output-path OUTPUT`, the command
the overview shows, except that ruff's formatting hooks are skipped: they change layout, not types.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    from openapi_python_client import MetaType, generate
    from openapi_python_client.config import Config, ConfigFile

    spec, output = Path(argv[0]), Path(argv[1])
    config = Config.from_sources(ConfigFile(post_hooks=[]), MetaType.NONE, spec, "utf-8", True,
                                 output_path=output)
    with contextlib.redirect_stdout(sys.stderr):  # its progress lines; stdout carries the JSON only
        errors = generate(config=config)
    print(json.dumps([_as_dict(error) for error in errors]))
    return 0


def _as_dict(error) -> dict:
    data = getattr(error, "data", None)
    if data is not None and hasattr(data, "model_dump"):
        data = data.model_dump(mode="json", exclude_unset=True, by_alias=True)
    return {"level": error.level.value, "header": str(error.header or ""), "detail": str(error.detail or ""),
            "data": data if isinstance(data, dict) else None}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
