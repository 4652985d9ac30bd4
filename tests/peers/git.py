"""A bare git repository whose tags hold the files a test gives, made with the real git."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_ENV = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(*args: str, cwd: Path | None = None) -> None:
    subprocess.run(["git", *args], cwd=cwd, env=_ENV, check=True, capture_output=True)


def tagged_repo(folder: Path, tags: dict[str, dict[str, bytes]]) -> Path:
    """`tags` maps each tag (in commit order) to the files it adds or changes; returns the bare repo."""
    work = folder / "work"
    work.mkdir(parents=True)
    git("init", "-q", "-b", "main", cwd=work)
    for number, (tag, files) in enumerate(tags.items()):
        for name, data in files.items():
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            (work / name).write_bytes(data)
        git("add", "-A", cwd=work)
        git("commit", "-q", "--allow-empty", "-m", f"release {tag}", cwd=work)
        # Alternate annotated and lightweight tags: both kinds must work.
        git(*(["tag", "-a", "-m", tag, tag] if number % 2 == 0 else ["tag", tag]), cwd=work)
    bare = folder / "aviato.git"
    git("clone", "-q", "--bare", str(work), str(bare))
    return bare
