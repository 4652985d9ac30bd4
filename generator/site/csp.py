"""The site's security headers, written per build into `site/_headers` (Netlify reads it).

The Content-Security-Policy allows scripts only from the site itself plus the exact inline scripts the
build produced (Material inlines a few small ones in every page; their sha256 hashes change with the
pages, hence a file generated per build rather than a static rule in netlify.toml). This file is the
one place that sets these headers; netlify.toml keeps only caching rules.

`connect-src` is the site itself (Scalar fetches the spec from beside the page), the origin of each
release's first server, and the hosts listed in mkdocs.yml under `extra.aviato.csp_connect_src`. The
servers are what Scalar's "Test Request" calls; with `hideClientButton` (as this site configures
Scalar 1.x) that button is hidden, so today they are a provision for switching try-it on.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from generator.errors import Location, fail
from generator.site import scan

HEADERS_FILE = "_headers"
CONFIG_KEY = "csp_connect_src"  # under extra.aviato in mkdocs.yml
# A source expression we accept from a spec or the config: scheme://host[:port|:*], nothing else, so
# no text from a spec can add a directive to the header.
_ORIGIN = re.compile(r"^(https?|wss?)://(\*\.)?[A-Za-z0-9.-]+(:(\d{1,5}|\*))?$")

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def script_hashes(site: Path, scope: scan.Scope = scan.EVERYTHING) -> list[str]:
    """The CSP source of every distinct inline script in the site's pages (in `scope`), sorted."""
    hashes = set()
    for path in scan.files(site, scan.HTML, scope):
        for script in scan.read_page(path, scan.SCRIPTS).inline_scripts():
            hashes.add(source_hash(script.text))
    return sorted(hashes)


def source_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(hashes: Iterable[str], connect: Iterable[str]) -> str:
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *hashes]),
        # Scalar (Vue) and Material set inline styles and inject <style> elements at run time, with
        # content no build can hash: 'unsafe-inline' for styles only. Scripts never get it.
        ("style-src", ["'self'", "'unsafe-inline'"]),
        ("img-src", ["'self'", "data:"]),
        ("font-src", ["'self'", "data:"]),
        ("connect-src", ["'self'", *connect]),
        ("worker-src", ["'self'"]),
        ("manifest-src", ["'self'"]),
        ("frame-src", ["'none'"]),
        ("frame-ancestors", ["'none'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("form-action", ["'self'"]),
    ]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives)


def headers_file(csp: str) -> str:
    lines = ["/*", f"  Content-Security-Policy: {csp}"]
    lines += [f"  {name}: {value}" for name, value in STATIC_HEADERS.items()]
    return "\n".join(lines) + "\n"


def write_headers(site: Path, connect: Iterable[str], scope: scan.Scope = scan.EVERYTHING,
                  known: Iterable[str] = ()) -> Path:
    """`_headers` for the site, its script hashes read from the pages in `scope` plus the `known` ones
    (those the versions left out of `scope` noted when they were built)."""
    target = site / HEADERS_FILE
    hashes = sorted({*script_hashes(site, scope), *known})
    target.write_text(headers_file(policy(hashes, connect)), encoding="utf-8")
    return target


def connect_sources(project: Path, server_urls: Iterable[str | None]) -> list[str]:
    """'self' aside: each release's first server (its origin) and the hosts mkdocs.yml adds."""
    sources = [origin for url in server_urls if url and (origin := _origin(url))]
    sources += configured_sources(project)
    return list(dict.fromkeys(sources))


def configured_sources(project: Path) -> list[str]:
    config = project / "mkdocs.yml"
    extra = (scan.mkdocs_yml(project).get("extra") or {}).get("aviato") or {}
    values = extra.get(CONFIG_KEY) or []
    bad = [v for v in values if not isinstance(v, str) or not _ORIGIN.match(v)]
    if not isinstance(values, list) or bad:
        raise fail("csp-config-invalid",
                   f"extra.aviato.{CONFIG_KEY} must be a list of origins such as https://media.example.org "
                   f"or http://localhost:*; not {bad or values!r}", Location(str(config), f"/extra/aviato/{CONFIG_KEY}"))
    return values


def _origin(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return origin if _ORIGIN.match(origin) else None
