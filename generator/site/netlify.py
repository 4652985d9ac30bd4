"""The files at the site root that tie the versions together: mike's versions.json, the Netlify
rules that make `/latest/...` and the unversioned `/docs/...` serve the newest stable release, the
root redirect and the 404 page."""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path

LATEST = "latest"
# Top-level folders of a version that unversioned URLs reach (pages link to them relatively).
UNVERSIONED = ("docs", "assets", "search")
ENTRY = "docs/developer/"
# Files at a version's root that the site's root serves too (generator.render.llms).
ROOT_FILES = ("llms.txt", "llms-full.txt")


def versions_json(tags: tuple[str, ...], latest: str | None) -> list[dict]:
    """mike's format, newest first, so Material's version selector reads it as it is."""
    return [{"version": tag, "title": tag, "aliases": [LATEST] if tag == latest else []} for tag in tags]


def redirects(latest: str | None) -> str:
    if latest is None:
        return ""
    rules = [
        f"/  /{LATEST}/{ENTRY}  302!",
        f"/{LATEST}/*  /{latest}/:splat  200",  # /sitemap.xml is a file: generator/site/operation_pages.py
    ]
    rules += [f"/{folder}/*  /{latest}/{folder}/:splat  200" for folder in UNVERSIONED]
    rules += [f"/{name}  /{latest}/{name}  200" for name in ROOT_FILES]
    return "\n".join(rules) + "\n"


def root_index(latest: str | None) -> str:
    target = f"{LATEST}/{ENTRY}" if latest else ""
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Aviato API documentation</title>\n"
        f"<meta http-equiv=\"refresh\" content=\"0; url={escape(target)}\">\n"
        f"<link rel=\"canonical\" href=\"{escape(target)}\">\n</head>\n<body>\n"
        f"<p><a href=\"{escape(target)}\">Aviato API documentation</a></p>\n</body>\n</html>\n"
    )


def write_root_files(site: Path, tags: tuple[str, ...], latest: str | None) -> None:
    (site / "versions.json").write_text(json.dumps(versions_json(tags, latest), indent=2) + "\n")
    (site / "_redirects").write_text(redirects(latest))
    (site / "index.html").write_text(root_index(latest))
    if latest is not None:
        # Material's 404 page links absolutely (from site_url), so the latest one works at the root.
        shutil.copyfile(site / latest / "404.html", site / "404.html")
