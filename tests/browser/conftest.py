"""Browser tests: the site built from specs/, served by `netlify dev --offline` as Netlify serves it,
driven with Playwright in Debian's Chromium."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

from generator.cli import main
from generator.pins import version_key
from tests.conftest import PROJECT

CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    # Chromium's own look-ups of outside hosts go nowhere; the site must not need them.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]
LOCAL_HOSTS = {"127.0.0.1"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("browser") / "site"
    assert main(["build", "--project", str(PROJECT), "--site", str(site), "--quiet"]) == 0
    return site


@pytest.fixture(scope="session")
def site_url(built_site, tmp_path_factory) -> str:
    """The built site served by Netlify's own CLI, so redirects and headers behave as in production."""
    with netlify_dev(built_site, tmp_path_factory.mktemp("netlify")) as url:
        yield url


@contextmanager
def netlify_dev(site: Path, log_dir: Path):
    """`netlify dev --offline` serving `site` on a free loopback port; yields its base URL."""
    port = _free_port()
    log = (log_dir / "netlify-dev.log").open("w")
    env = {**os.environ, "PATH": f"{PROJECT / 'node_modules/.bin'}:{os.environ['PATH']}", "BROWSER": "none",
           "NETLIFY_TELEMETRY_DISABLED": "1"}
    server = subprocess.Popen(
        ["netlify", "dev", "--offline", "--dir", str(site), "--port", str(port)],
        cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url + "/versions.json", server, log.name)
        yield url
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()


@pytest.fixture(scope="session")
def base_url(site_url) -> str:
    return site_url


@pytest.fixture(scope="session")
def releases() -> list[tuple[str, dict]]:
    """(tag, parsed spec) of every pinned release, newest first."""
    manifest = json.loads((PROJECT / "specs/manifest.json").read_text())
    pinned = [(e["tag"], json.loads((PROJECT / "specs" / e["file"]).read_text())) for e in manifest["releases"]]
    return sorted(pinned, key=lambda release: version_key(release[0]), reverse=True)


@pytest.fixture(scope="session")
def latest(releases) -> str:
    return next(tag for tag, _ in releases if "-" not in tag)


@pytest.fixture(autouse=True)
def page_watch(request):
    """Every browser test fails on a request that leaves 127.0.0.1 or an error in the console."""
    if "page" not in request.fixturenames:
        yield None
        return
    page = request.getfixturevalue("page")
    watch = PageWatch()
    page.on("request", watch.on_request)
    page.on("console", watch.on_console)
    page.on("pageerror", lambda error: watch.errors.append(f"page error: {error}"))
    yield watch
    assert watch.foreign == [], "requests left 127.0.0.1"
    if not request.node.get_closest_marker("console_errors_expected"):
        assert watch.errors == [], "the console shows errors"


class PageWatch:
    def __init__(self):
        self.foreign: list[str] = []
        self.errors: list[str] = []

    def on_request(self, req) -> None:
        url = urlparse(req.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.hostname not in LOCAL_HOSTS:
            self.foreign.append(req.url)

    def on_console(self, message) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")


def operations(spec: dict) -> set[str]:
    """`METHOD /path` of every operation in a spec."""
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return {f"{m.upper()} {path}" for path, item in spec.get("paths", {}).items() for m in item if m in methods}


def public_operations(spec: dict) -> set[str]:
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return {f"{m.upper()} {path}" for path, item in spec.get("paths", {}).items()
            for m, op in item.items() if m in methods and op.get("security") == []}


def wait_for_scalar(page, timeout: float = 30_000) -> None:
    page.wait_for_selector("html[data-scalar-loaded]", state="attached", timeout=timeout)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(url: str, server: subprocess.Popen, log: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"netlify dev exited with {server.returncode}:\n{Path(log).read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"netlify dev did not serve {url} within {timeout} s:\n{Path(log).read_text()[-3000:]}")
