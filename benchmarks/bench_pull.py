"""Pulling a 13 MB release asset (GitHub's own OpenAPI document, renumbered as an Aviato 3.1 release)
from a local GitHub peer, against a plain httpx GET of the same bytes from the same storage host.

The pull does everything a release needs: the Releases API call, the redirect to the storage host,
the streamed download with its size and length checks, the digest check, parsing the document,
checking it, and the atomic pin (fsync included). The GET is the floor: the bytes over loopback.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from benchmarks import Row, discard
from generator import source
from generator.commands.pull import pull as pull_tag

PROJECT = Path(__file__).resolve().parent.parent
ASSET = PROJECT / "node_modules/@octokit/openapi/generated/api.github.com.json"
RUNS = 5


def _document() -> bytes:
    data = ASSET.read_bytes()
    return data.replace(b'"openapi": "3.0.3"', b'"openapi": "3.1.0"', 1).replace(
        b'"version": "23.0.2"', b'"version": "9.0.0"', 1)


def _median(action) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> list[Row]:
    from tests.peers.github import FakeGitHub  # the test peers serve the benchmark too
    from tests.peers.http import Peer

    data = _document()
    work = Path(tempfile.mkdtemp(prefix="bench-pull-"))
    try:
        with Peer() as api, Peer("127.0.0.2") as storage:
            github = FakeGitHub(api, storage)
            asset_id = github.release("v9.0.0", data)
            (work / "aviato-docs.toml").write_text(
                f'[sources.gh]\nkind = "github"\nrepo = "{github.repo}"\nasset = "openapi.json"\n'
                f'api = "{api.url}"\n')
            url = f"{storage.url}/storage/{asset_id}/openapi.json"

            def pull() -> None:
                shutil.rmtree(work / "specs", ignore_errors=True)
                pull_tag(work, work / "specs", "v9.0.0")

            def fetch() -> None:
                with source.configured(work) as src:
                    source.fetch(source.Ref(src, "v9.0.0"))

            with httpx.Client() as client:
                plain = _median(lambda: client.get(url).raise_for_status())
            fetched = _median(fetch)
            pulled = _median(pull)
    finally:
        discard(work)
    size = f"{len(data) / 1e6:.0f} MB"
    return [Row(f"fetch a {size} release asset: API, redirect, stream, digest (median of {RUNS})",
                fetched, "s", "plain httpx GET of the same bytes", plain),
            Row(f"pull it: fetch, parse, check, atomic pin (median of {RUNS})",
                pulled, "s", "plain httpx GET of the same bytes", plain)]
