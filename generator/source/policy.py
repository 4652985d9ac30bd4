"""One size limit and one timeout policy for getting a document's bytes, whatever it is read from.

`Network` holds the timeouts (and the retries and the size limit) of a configured source, from
`aviato-docs.toml`; a command-line target gets the defaults with the command's own size limit. Every
reader refuses a document over its limit through `check_size` / `too_large`, before reading it where
its size is known first (a file, a git blob, a declared Content-Length), else as soon as the bytes
received pass it.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.errors import EXIT_CANNOT_RUN, GeneratorError, Location, fail
from generator.spec import DEFAULT_MAX_BYTES

MAX_BYTES = DEFAULT_MAX_BYTES  # a spec larger than this is not a spec
RAISE_MAX_MB = "raise max_mb for this source in aviato-docs.toml if the document really is this big"
_MB = 1 << 20


@dataclass(frozen=True)
class Network:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0  # also each git command's limit
    total_timeout: float = 300.0  # the whole download, retries and redirects included
    retries: int = 3  # further attempts after the first, on connection errors and 5xx only
    backoff: float = 0.5  # seconds before the first retry, doubled each time
    max_bytes: int = MAX_BYTES


def too_large(what: str, size: int, limit: int, where: str, *, at_least: bool = False,
              code: str = "fetch-too-large", hint: str | None = RAISE_MAX_MB) -> GeneratorError:
    """The refusal of `what` (`size` bytes, or `at_least` that many so far) over `limit` bytes."""
    more = " or more" if at_least else ""
    return fail(code, f"{what} is {_amount(size)}{more}, over the {_limit(limit)} limit", Location(where),
                hint=hint, exit_code=EXIT_CANNOT_RUN)


def check_size(what: str, size: int | None, limit: int, where: str, *, at_least: bool = False) -> None:
    if size is not None and size > limit:
        raise too_large(what, size, limit, where, at_least=at_least)


def _amount(size: int) -> str:
    return f"{size / _MB:.1f} MB" if size >= _MB else f"{size} bytes"


def _limit(size: int) -> str:
    return f"{size / _MB:.1f} MB" if size >= _MB else f"{size}-byte"
