"""Running git for the sources: one file at one revision, its size checked before it is read.

The revision may come from a command line (`diff git:REF:path`) or a configured source's tag: every
command ends its options with `--end-of-options`, so no revision becomes an option, and never prompts
for credentials. A caller turns `GitFailed` into its own located message.
"""

from __future__ import annotations

import os
import subprocess
from typing import Callable


class GitFailed(Exception):
    """git could not run (`missing`), took longer than the timeout (`timeout`), or said no (`failed`)."""

    def __init__(self, command: str, reason: str, detail: list[str] | None = None):
        super().__init__(f"git {command} {reason}")
        self.command, self.reason, self.detail = command, reason, detail or []

    @property
    def first_error(self) -> str | None:
        """git's own reason: its first `fatal:` or `error:` line, else its first line."""
        return next((line for line in self.detail if line.startswith(("fatal:", "error:"))),
                    self.detail[0] if self.detail else None)


def run(args: list[str], timeout: float, repo: str | None = None) -> bytes:
    """What `git [-C REPO] ARGS` prints; raises GitFailed."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    command, where = args[0], ["-C", repo] if repo is not None else []
    try:
        done = subprocess.run(["git", *where, *args], capture_output=True, check=False, timeout=timeout,
                              env=env)
    except OSError as e:  # no git on PATH, or not one this user may run
        raise GitFailed(command, "missing", [e.strerror or str(e)]) from e
    except subprocess.TimeoutExpired as e:
        raise GitFailed(command, "timeout") from e
    if done.returncode != 0:
        detail = [line for line in done.stderr.decode(errors="replace").splitlines() if line.strip()]
        raise GitFailed(command, "failed", detail)
    return done.stdout


def blob(repo: str, obj: str, limit: int, timeout: float, too_large: Callable[[int], Exception]) -> bytes:
    """The exact bytes of `obj` (`REV:path`) in `repo`; one larger than `limit` raises `too_large(size)`
    before it is read."""
    size = int(run(["cat-file", "-s", "--end-of-options", obj], timeout, repo))
    if size > limit:
        raise too_large(size)
    return run(["cat-file", "blob", "--end-of-options", obj], timeout, repo)
