"""A site with GitHub's REST spec as its only version, for the reference-page benchmarks.

GitHub's spec is not Aviato's, so the Aviato overview (which names Aviato's routes) cannot be built
from it: the benchmark project carries only the reference page template and a home page of its own.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

import yaml

from generator import site
from generator.pins import Pin, Release
from generator.spec import RawSpec, load

PROJECT = Path(__file__).resolve().parent.parent
GITHUB_SPEC = PROJECT / "node_modules/@octokit/openapi/generated/api.github.com.json"
TAG = "v9.0.0"
TEMPLATES = ("developer/api/index.md.j2",)
# The site's entry points (the root redirect, /latest/) lead to the overview: a one-line one here.
PAGES = {
    "index.md.j2": "# GitHub's REST API\n\nThe [reference](docs/developer/api/index.md) of {{ facts.title | md }}.\n",
    "developer/index.md.j2": "# Overview\n\nThe [reference](api/index.md) of {{ facts.title | md }}.\n",
}


def synthetic_release(tag: str, data: bytes, order: int = 0) -> Release:
    """A release of a benchmark's own making, pinned as `<tag>.json` with those bytes."""
    raw = RawSpec(f"{tag}.json", data, tag)
    return Release(Pin(tag, raw.source, "", len(data), "synthetic", "", order), load(raw))


def github_release() -> Release:
    raw = RawSpec(str(GITHUB_SPEC), GITHUB_SPEC.read_bytes(), TAG)
    return Release(Pin(TAG, GITHUB_SPEC.name, "", len(raw.data), "npm:@octokit/openapi", "", 0), load(raw))


def project_copy(folder: Path) -> Path:
    """The project's config, theme and the two templates, in `folder`."""
    folder.mkdir(parents=True)
    shutil.copytree(PROJECT / "overrides", folder / "overrides")
    config = yaml.safe_load((PROJECT / "mkdocs.yml").read_text())
    config["nav"] = [{"Home": "index.md"}, {"Overview": "docs/developer/index.md"},
                     {"API reference": "docs/developer/api/index.md"}]
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    for template in TEMPLATES:
        (folder / "docs" / template).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(PROJECT / "docs" / template, folder / "docs" / template)
    for name, text in PAGES.items():
        (folder / "docs" / name).write_text(text)
    (folder / "node_modules").symlink_to(PROJECT / "node_modules")
    return folder


def build(folder: Path, release: Release) -> Path:
    out = folder / "site"
    # GitHub's descriptions link to docs.github.com paths and show its emoji images: the site checks
    # would rightly refuse to publish that, and this site is only measured, never published.
    site.build(project_copy(folder / "project"), [release], out, verify=False)
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
