"""Stage 1: fetch the exact bytes of a release's spec from where the release lives.

    with source.configured(project, "github") as src:
        raw = source.fetch(source.Ref(src, "v1.2.0"))  # -> RawSpec (bytes + where they came from)
        tags = source.list_tags(src)  # every tag it offers, oldest first (None: cannot list)

The kinds (`file`, `git`, `url`, `github`, `server`) and their settings come from `aviato-docs.toml`
(see `generator.source.config`).

What a target stands for (a pinned tag, a file, an http(s) URL, `git:REF:path`, a configured
source's tag) is read by one function, for validate, diff, clients, pull and publish alike (see
`generator.source.targets`), under one size limit and one timeout policy (`generator.source.policy`):

    raw = source.resolve("v1.2.0", source.Reader(specs)).raw
    raw = source.resolve("v1.3.0", source.Reader(specs, source=src)).raw   # == source.fetch(Ref(src, tag))
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from generator.pins import version_key
from generator.source import config
from generator.source.github import GitHub
from generator.source.http import Http, Progress
from generator.source.kinds import Git, Local, Server, Source, UrlTemplate
from generator.source.targets import Reader, Resolved, fetch_tag, resolve
from generator.spec import RawSpec

__all__ = ["Reader", "Ref", "Resolved", "Source", "configured", "fetch", "list_tags", "resolve"]


@dataclass(frozen=True)
class Ref:
    source: Source
    tag: str


def fetch(ref: Ref) -> RawSpec:
    """The spec bytes of one tag; an unsafe tag is refused before anything is fetched or written."""
    return fetch_tag(ref.source, ref.tag)


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


HttpFor = Callable[[str, "str | None", str], Http]  # (label, token, the origin the token may go to)


def _build(project: Path, settings: config.SourceConfig, http_for: HttpFor) -> Source:
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
