"""Stage 1: fetch the exact bytes of a release's spec from where the release lives.

    with source.configured(project, "github") as src:
        raw = source.fetch(source.Ref(src, "v1.2.0"))   # -> RawSpec (bytes + where they came from)
        tags = source.list_tags(src)                     # every tag it offers, oldest first (None: cannot list)

The kinds (`file`, `git`, `url`, `github`, `server`) and their settings come from `aviato-docs.toml`
(see `generator.source.config`).

What a name on the command line stands for (a pinned tag, a file, an http(s) URL, `git:REF:path`) is
read by one function, for validate, diff and clients alike (see `generator.source.targets`):

    raw = source.resolve("v1.2.0", source.Reader(specs)).raw
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

from generator.pins import check_tag, version_key
from generator.source import config
from generator.source.github import GitHub
from generator.source.http import Http, Progress
from generator.source.kinds import Git, Local, Server, UrlTemplate
from generator.source.targets import Reader, Resolved, resolve
from generator.spec import RawSpec

__all__ = ["Reader", "Ref", "Resolved", "Source", "configured", "fetch", "list_tags", "resolve"]


class Source(Protocol):
    name: str  # as configured
    kind: str
    label: str  # recorded in the manifest, e.g. "github:aviato-media/aviato"; never holds a secret

    def fetch(self, tag: str) -> RawSpec: ...

    def list_tags(self) -> list[str] | None: ...


@dataclass(frozen=True)
class Ref:
    source: Source
    tag: str


def fetch(ref: Ref) -> RawSpec:
    """The spec bytes of one tag; an unsafe tag is refused before anything is fetched or written."""
    check_tag(ref.tag)
    return ref.source.fetch(ref.tag)


def list_tags(source: Source) -> list[str] | None:
    tags = source.list_tags()
    return None if tags is None else sorted(set(tags), key=version_key)


@contextmanager
def configured(project: Path, name: str | None = None, progress: Progress | None = None) -> Iterator[Source]:
    """The source named `name` (else the default) in the project's aviato-docs.toml, ready to use."""
    settings = config.load(project, name)
    clients: list[Http] = []

    def http_for(label: str, token: str | None, token_origin: str) -> Http:
        clients.append(Http(settings.network, label, token, token_origin, progress))
        return clients[-1]

    try:
        yield _build(project, settings, http_for)
    finally:
        for client in clients:
            client.close()


def _build(project: Path, settings: config.SourceConfig, http_for) -> Source:
    s, name, network = settings.settings, settings.name, settings.network
    if settings.kind == "file":
        return Local(name, project / s["path"], network.max_bytes, s["path"])
    if settings.kind == "git":
        repo = s["repo"]  # a clone URL, else a path from the project folder
        is_url = "://" in repo or re.match(r"^[\w.-]+@[\w.-]+:", repo)
        return Git(name, repo if is_url else str(project / repo), s["path"], network.max_bytes,
                   network.read_timeout, repo)
    if settings.kind == "url":
        return UrlTemplate(name, s["url"], http_for, settings.token())
    if settings.kind == "server":
        return Server(name, s["url"], http_for, settings.token())
    return GitHub(name, s["repo"], s["asset"], s["api"], settings.token(), s["token_env"], http_for)
