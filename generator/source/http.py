"""HTTP for the network sources: timeouts, retries with backoff (stamina), a size limit, streamed downloads.

Redirects are followed here, not by httpx, so that each hop decides afresh whether it may carry the
token: only a request to the configured origin (scheme, host and port) does. A release download
redirects from the API host to a storage host, and the token must not go along.
"""

from __future__ import annotations

import time
from typing import Callable

import httpx
import stamina
import stamina.instrumentation

from generator import __version__
from generator.errors import EXIT_CANNOT_RUN, Location, fail
from generator.source.policy import Network, check_size

MAX_REDIRECTS = 5
stamina.instrumentation.set_on_retry_hooks([])  # a retry is ours to report (fetch-failed), not a log line
LARGE = 1 << 20  # downloads at least this big report their progress

Progress = Callable[[str, int, "int | None"], None]  # (name, bytes received, total or None)


class Refused(Exception):
    """A 4xx answer: not retried; the source turns it into a message naming the tag and itself."""

    def __init__(self, status: int, url: str, rate_limited: bool):
        super().__init__(f"HTTP {status} from {url}")
        self.status, self.url, self.rate_limited = status, url, rate_limited


class _Retryable(Exception):
    pass


class Http:
    def __init__(self, network: Network, where: str, token: str | None = None,
                 token_origin: str | None = None, progress: Progress | None = None):
        self.network = network
        self.where = where  # the source, for messages
        self._token = token
        self._token_origin = token_origin
        self._progress = progress
        timeout = httpx.Timeout(network.read_timeout, connect=network.connect_timeout)
        self._client = httpx.Client(timeout=timeout, follow_redirects=False, trust_env=False)

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Http:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, name: str, accept: str = "*/*", expected_size: int | None = None) -> bytes:
        """The whole body of `url`, retried on connection errors and 5xx; raises `Refused` on 4xx.

        A server that answers slowly enough never trips `read_timeout` (a byte a second is enough),
        so the whole download, retries included, also has to end within `total_timeout`.
        """
        network, deadline = self.network, _Deadline(self.network.total_timeout, name, self.where)
        attempts = network.retries + 1
        try:
            for attempt in stamina.retry_context(on=_Retryable, attempts=attempts, timeout=None,
                                                 wait_initial=network.backoff, wait_exp_base=2,
                                                 wait_max=network.total_timeout, wait_jitter=0):
                with attempt:
                    try:
                        return self._get_once(url, name, accept, expected_size, deadline)
                    except _Retryable:
                        if attempt.num < attempts:  # no pause that would end past the deadline
                            deadline.check(url, after=attempt.next_wait)
                        raise
        except _Retryable as e:
            raise fail("fetch-failed", f"{name}: gave up after {attempts} attempts: {e}",
                       Location(self.where), exit_code=EXIT_CANNOT_RUN,
                       hint="connection errors and 5xx answers are retried with backoff (retries, backoff "
                            "in aviato-docs.toml)") from None
        raise AssertionError("stamina ends with an attempt's answer or its error")

    def _get_once(self, url: str, name: str, accept: str, expected_size: int | None,
                  deadline: _Deadline) -> bytes:
        for _ in range(MAX_REDIRECTS + 1):
            deadline.check(url)
            request = self._client.build_request("GET", url, headers=self._headers(url, accept),
                                                 timeout=deadline.timeout(self.network))
            try:
                response = self._client.send(request, stream=True)
                try:
                    if not response.is_redirect:
                        return self._body(response, url, name, expected_size, deadline)
                    url = str(response.url.join(response.headers.get("location", "")))
                finally:
                    response.close()
            except httpx.TransportError as e:
                deadline.check(url)  # a read cut short by the deadline is not retried
                raise _Retryable(f"{type(e).__name__} on {display(url)}: {e}") from e
        raise fail("fetch-redirect-loop", f"{name}: more than {MAX_REDIRECTS} redirects from {display(url)}",
                   Location(self.where), exit_code=EXIT_CANNOT_RUN)

    def _headers(self, url: str, accept: str) -> dict[str, str]:
        headers = {"Accept": accept, "User-Agent": f"aviato-docs/{__version__}"}
        if self._token and origin(url) == self._token_origin:
            headers["Authorization"] = f"Bearer {self._token}"
        return headers

    def _body(self, response: httpx.Response, url: str, name: str, expected_size: int | None,
              deadline: _Deadline) -> bytes:
        status = response.status_code
        if status >= 500:
            raise _Retryable(f"HTTP {status} from {display(url)}")
        if status >= 400:
            raise Refused(status, display(url), response.headers.get("x-ratelimit-remaining") == "0")
        declared = _content_length(response)  # bytes on the wire, compressed or not
        check_size(name, expected_size or (declared if _identity(response) else None), self.network.max_bytes,
                   self.where)
        cut_off = (f"download cut off: received {{}} bytes, expected {expected_size or declared}, "
                   f"from {display(url)}")
        try:
            data = self._stream(response, url, name, expected_size or declared, deadline)
        except httpx.RemoteProtocolError as e:  # the peer closed before the declared length
            raise _Retryable(cut_off.format(response.num_bytes_downloaded)) from e
        if (declared is not None and response.num_bytes_downloaded != declared) or \
                (expected_size is not None and len(data) != expected_size):
            raise _Retryable(cut_off.format(len(data)))
        return data

    def _stream(self, response: httpx.Response, url: str, name: str, total: int | None,
                deadline: _Deadline) -> bytes:
        chunks, received = [], 0
        report = self._progress if self._progress and (total or 0) >= LARGE else None
        for chunk in response.iter_bytes():  # as they arrive: a trickle is seen, not buffered up to a size
            received += len(chunk)
            deadline.check(url, received)
            # Counts decoded bytes: a small gzip cannot inflate past the limit.
            check_size(name, received, self.network.max_bytes, self.where, at_least=True)
            chunks.append(chunk)
            if report:
                report(name, received, total)
        return b"".join(chunks)


class _Deadline:
    """When a download must be over; reads never wait past it."""

    def __init__(self, seconds: float, name: str, where: str):
        self.seconds, self.name, self.where = seconds, name, where
        self.at = time.monotonic() + seconds

    def timeout(self, network: Network) -> httpx.Timeout:
        left = max(self.at - time.monotonic(), 0.001)
        return httpx.Timeout(min(network.read_timeout, left), connect=min(network.connect_timeout, left))

    def check(self, url: str, received: int | None = None, after: float = 0.0) -> None:
        if time.monotonic() + after >= self.at:
            got = f" ({received} bytes received)" if received else ""
            origin = "" if display(url) in self.name else f" from {display(url)}"  # a redirect's target
            raise fail("fetch-timeout", f"{self.name}: not downloaded within total_timeout "
                       f"({self.seconds:g} s){origin}{got}", Location(self.where), exit_code=EXIT_CANNOT_RUN,
                       hint="raise total_timeout for this source in aviato-docs.toml if the server is this "
                            "slow")


def origin(url: str) -> str:
    parsed = httpx.URL(url)
    return f"{parsed.scheme}://{parsed.host}:{parsed.port or {'http': 80, 'https': 443}.get(parsed.scheme)}"


def display(url: str) -> str:
    """A URL as shown in messages: never with user:password, never with a query (it may carry a secret)."""
    parsed = httpx.URL(url)
    return str(parsed.copy_with(username=None, password=None, query=None))


def _content_length(response: httpx.Response) -> int | None:
    try:
        return int(response.headers["content-length"])
    except (KeyError, ValueError):
        return None


def _identity(response: httpx.Response) -> bool:
    return response.headers.get("content-encoding", "identity") == "identity"
