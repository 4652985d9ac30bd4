"""The site's security headers, written per build into `site/_headers` (Netlify reads it).

The Content-Security-Policy allows scripts only from the site itself plus the exact inline scripts the
build produced (Material inlines a few small ones in every page; their sha256 hashes change with the
pages, hence a file generated per build rather than a static rule in netlify.toml). This file is the
one place that sets these headers; netlify.toml keeps only caching rules.

`connect-src` is the site itself (Scalar fetches the spec from beside the page), the origin of each
release's first server, and the hosts the site's owner lists in mkdocs.yml under
`extra.aviato.allowed_hosts`. The servers are what Scalar's "Test Request" calls; with
`hideClientButton` (as this site configures Scalar 1.x) that button is hidden, so today they are a
provision for switching try-it on. A spec's OAuth 2 authorization and token URLs are the API's own
hosts: they are allowed only when listed. `img-src` is the site, `data:` and the same listed hosts:
an image in a description on a listed host is shown; any other becomes a link (see markdown_safe.py
and images.py).
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

from generator.errors import EXIT_USAGE, Location, fail
from generator.site import loads, scan

HEADERS_FILE = "_headers"
CONFIG_KEY = "allowed_hosts"  # under extra.aviato in mkdocs.yml
RENAMED_KEY = "csp_connect_src"  # its name before it also allowed images
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


def script_hashes(site: Path, scope: scan.Scope = scan.EVERYTHING, read: frozenset[Path] = frozenset(),
                  read_hashes: frozenset[str] = frozenset()) -> list[str]:
    """The CSP source of every distinct inline script in the site's pages (in `scope`), sorted. `read`:
    pages whose scripts are known already, as `read_hashes` (stamped pages: their prototype's)."""
    pages = [path for path in scan.files(site, scan.HTML, scope) if path not in read]
    return sorted(set(read_hashes) | pages_script_hashes(pages))


def pages_script_hashes(pages: list[Path]) -> set[str]:
    """The CSP source of each inline script of these pages."""
    return {digest for path in pages for digest in page_script_hashes(scan.read_page(path, scan.SCRIPTS))}


def page_script_hashes(page: scan.Page) -> set[str]:
    """The CSP source of each inline script of a page read with at least scan.SCRIPTS."""
    return {source_hash(script.text) for script in page.inline_scripts()}


def source_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(hashes: Iterable[str], connect: Iterable[str], images: Iterable[str] = ()) -> str:
    directives = [
        ("default-src", ["'self'"]),
        ("script-src", ["'self'", *hashes]),
        # Scalar (Vue) and Material set inline styles and inject <style> elements at run time, with
        # content no build can hash: 'unsafe-inline' for styles only. Scripts never get it.
        ("style-src", ["'self'", "'unsafe-inline'"]),
        ("img-src", ["'self'", "data:", *images]),
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
                  known: Iterable[str] = (), images: Iterable[str] = ()) -> Path:
    """`_headers` for the site, its script hashes read from the pages in `scope` plus the `known` ones
    (those the versions left out of `scope` noted when they were built); `images`: the listed hosts."""
    target = site / HEADERS_FILE
    hashes = sorted({*script_hashes(site, scope), *known})
    target.write_text(headers_file(policy(hashes, connect, images)), encoding="utf-8")
    return target


def connect_sources(project: Path, server_urls: Iterable[str | None]) -> list[str]:
    """'self' aside: each release's first server (its origin) and the hosts mkdocs.yml adds."""
    sources = [origin for url in server_urls if url and (origin := _origin(url))]
    sources += configured_sources(project)
    return list(dict.fromkeys(sources))


def configured_sources(project: Path) -> list[str]:
    """The hosts the site's owner lists in mkdocs.yml (`extra.aviato.allowed_hosts`); none without a
    mkdocs.yml, whose absence MkDocs reports (`mkdocs-failed`) when the version is built."""
    if not (project / "mkdocs.yml").exists():
        return []
    return allowed_hosts(scan.mkdocs_yml(project), project / "mkdocs.yml")


def allowed_hosts(mkdocs_config: dict, config: Path = Path("mkdocs.yml")) -> list[str]:
    extra = (mkdocs_config.get("extra") or {}).get("aviato") or {}
    if RENAMED_KEY in extra:
        raise fail("csp-config-invalid", f"extra.aviato.{RENAMED_KEY} is now extra.aviato.{CONFIG_KEY} "
                   "(the hosts try-it and OAuth 2 may call and description images may load from)",
                   Location(str(config), f"/extra/aviato/{RENAMED_KEY}"), exit_code=EXIT_USAGE)
    values = extra.get(CONFIG_KEY) or []
    listed = values if isinstance(values, list) else []
    bad = [v for v in listed if not isinstance(v, str) or not _ORIGIN.match(v)]
    if not isinstance(values, list) or bad:
        raise fail("csp-config-invalid",
                   f"extra.aviato.{CONFIG_KEY} must be a list of origins such as https://media.example.org "
                   f"or http://localhost:*; not {bad or values!r}",
                   Location(str(config), f"/extra/aviato/{CONFIG_KEY}"), exit_code=EXIT_USAGE)
    return values


def allows(origins: Iterable[str], url: str) -> bool:
    """Whether a CSP source list of origins (`allowed_hosts`) lets the browser load `url`."""
    target = loads.origin(url)
    if target is None:
        return False
    for source in origins:
        parts = _ORIGIN.match(source)
        if parts is None:  # not an origin: it allows nothing (the config's check names it)
            continue
        host = source.split("://", 1)[1].rsplit(":", 1)[0] if parts.group(3) else source.split("://", 1)[1]
        host = host.removeprefix("*.").lower()
        host_ok = target.host.endswith("." + host) if parts.group(2) else target.host == host
        port_ok = parts.group(4) == "*" or (int(parts.group(4)) if parts.group(4) else None) == target.port
        if parts.group(1).lower() == target.scheme and host_ok and port_ok:
            return True
    return False


def _origin(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    origin = f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
    return origin if _ORIGIN.match(origin) else None
