"""A site with GitHub's REST spec as its only version, for the reference-page benchmarks.

GitHub's spec is not Aviato's, so the Aviato overview (which names Aviato's routes) cannot be built
from it: the benchmark project carries only the home page and the reference page templates.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from generator import site
from generator.pins import Pin, Release
from generator.spec import RawSpec, load

PROJECT = Path(__file__).resolve().parent.parent
GITHUB_SPEC = PROJECT / "node_modules/@octokit/openapi/generated/api.github.com.json"
TAG = "v9.0.0"
TEMPLATES = ("index.md.j2", "developer/api/index.md.j2")


def github_release() -> Release:
    raw = RawSpec(str(GITHUB_SPEC), GITHUB_SPEC.read_bytes(), TAG)
    return Release(Pin(TAG, GITHUB_SPEC.name, "", len(raw.data), "npm:@octokit/openapi", "", 0), load(raw))


def project_copy(folder: Path) -> Path:
    """The project's config, theme and the two templates, in `folder`."""
    folder.mkdir(parents=True)
    for name in ("mkdocs.yml", "overrides"):
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copyfile)(source, folder / name)
    for template in TEMPLATES:
        (folder / "docs" / template).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT / "docs" / template, folder / "docs" / template)
    (folder / "node_modules").symlink_to(PROJECT / "node_modules")
    return folder


def build(folder: Path, release: Release) -> Path:
    out = folder / "site"
    site.build(project_copy(folder / "project"), [release], out)
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def serve(root: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
