"""Where the static pages of a version live, from the version's root: the one place that decides it."""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from functools import lru_cache
from pathlib import PurePosixPath

from generator.layout import OPERATIONS_DIR, SCHEMAS_DIR  # the site stage reads them too

_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")


@lru_cache(maxsize=65536)  # asked for each link to a page: hundreds of thousands on a large API
def url_segment(name: str) -> str:
    """A page's folder name, for an operationId or a schema name: the name itself when it is a plain
    word (letters, digits, `-`, `_`; at most 100 characters), else a readable ASCII slug plus a hash of
    the exact name, so names with `/`, `..`, spaces or other scripts still get one stable, distinct
    folder inside the tree."""
    if _SAFE_SEGMENT.match(name):
        return name
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[^A-Za-z0-9_]+", "-", ascii_text).strip("-_")[:60].rstrip("-_")
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{words}-{digest}" if words else f"operation-{digest}"


def schema_folder(name: str) -> PurePosixPath:
    return SCHEMAS_DIR / url_segment(name)


def schema_path(name: str) -> str:
    """A named schema's page, from the version's root."""
    return f"{schema_folder(name)}/"


def operation_folder(operation_id: str) -> PurePosixPath:
    return OPERATIONS_DIR / url_segment(operation_id)


def schema_href(name: str, page: PurePosixPath) -> str:
    """The link to a named schema's page from the page in folder `page` (both from the version's root)."""
    return _href(SCHEMAS_DIR, url_segment(name), page)


def schemas_href(page: PurePosixPath) -> str:
    """The schemas' folder relative to the page in folder `page`, ending in `/`."""
    return _way(str(SCHEMAS_DIR), str(page)) or "./"


def operation_href(operation_id: str, page: PurePosixPath) -> str:
    return _href(OPERATIONS_DIR, url_segment(operation_id), page)


def _href(folder: PurePosixPath, segment: str, page: PurePosixPath) -> str:
    """`folder/segment/` relative to `page`, as posixpath.relpath gives it: a segment is one plain
    name (url_segment), so outside that folder the way from `page` into `folder` is all there is to
    work out, once per pair."""
    target, here = f"{folder}/{segment}", str(page)
    if here == target or here.startswith(target + "/"):
        return posixpath.relpath(target, here) + "/"
    return _way(str(folder), here) + segment + "/"


@lru_cache(maxsize=1024)
def _way(folder: str, page: str) -> str:
    """The relative path from `page` into `folder`, ending in `/` unless empty."""
    way = posixpath.relpath(folder, page)
    return "" if way == "." else way + "/"
