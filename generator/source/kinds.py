"""The source kinds other than GitHub: a local file or folder, a git repository, a URL template, a server.

Each is a `Source`: `fetch(tag) -> RawSpec` (the exact bytes) and `list_tags()` (None when the kind
cannot list).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Protocol
from urllib.parse import quote

import orjson

from generator.errors import EXIT_CANNOT_RUN, GeneratorError, Location, fail
from generator.pins import semantic
from generator.source import git
from generator.source.http import Http, Refused, display, origin
from generator.source.policy import too_large
from generator.spec import RawSpec, read

SPEC_SUFFIXES = (".json", ".yaml", ".yml")


class Source(Protocol):
    name: str  # as configured
    kind: str
    label: str  # recorded in the manifest, e.g. "github:aviato-media/aviato"; never holds a secret

    def fetch(self, tag: str) -> RawSpec: ...

    def list_tags(self) -> list[str] | None: ...


def _cannot(code: str, message: str, where: str, hint: str | None = None):
    return fail(code, message, Location(where), hint=hint, exit_code=EXIT_CANNOT_RUN)


class Local:
    """A folder of files named by tag (`v1.2.0.json`), or a path template with `{tag}`."""

    kind = "file"

    def __init__(self, name: str, path: Path, max_bytes: int, configured: str):
        self.name, self.path, self.max_bytes = name, path, max_bytes
        self.label = f"file:{configured}"  # as configured: the manifest records no machine's absolute path

    def fetch(self, tag: str) -> RawSpec:
        """The file's bytes, read as a file named on the command line is (`spec.read`), under this
        source's size limit."""
        path = self._file(tag)
        try:
            return read(path, tag, self.max_bytes,
                        lambda size: too_large(str(path), size, self.max_bytes, str(path)))
        except GeneratorError as e:
            if e.problems[0].code != "spec-unreadable":
                raise
            raise _cannot("source-not-found", f"no spec for {tag} in source {self.name!r}: "
                          f"{e.problems[0].message}", str(path)) from e

    def list_tags(self) -> list[str] | None:
        if self.path.is_dir():
            names = [p.stem for p in self.path.iterdir() if p.suffix in SPEC_SUFFIXES]
        elif "{tag}" in self.path.name and "{tag}" not in str(self.path.parent):
            before, after = self.path.name.split("{tag}", 1)
            names = [p.name[len(before):len(p.name) - len(after)]
                     for p in self.path.parent.glob(f"{before}*{after}")]
        elif self.path.suffix in SPEC_SUFFIXES:
            return None  # a single file: it says nothing about other tags
        else:
            raise _cannot("source-not-found", f"source {self.name!r}: there is no folder {self.path}",
                          self.label)
        return sorted(t for t in set(names) if semantic(t))

    def _file(self, tag: str) -> Path:
        if "{tag}" in str(self.path):
            return Path(str(self.path).replace("{tag}", tag))
        if self.path.is_dir():
            for suffix in SPEC_SUFFIXES:
                if (self.path / f"{tag}{suffix}").is_file():
                    return self.path / f"{tag}{suffix}"
            return self.path / f"{tag}.json"
        return self.path


class Git:
    """`path` at a tag of a git repository (a local path or a clone URL): `git cat-file blob TAG:path`."""

    kind = "git"

    def __init__(self, name: str, repo: str, path: str, max_bytes: int, timeout: float, configured: str):
        self.name, self.repo, self.path, self.max_bytes, self.timeout = name, repo, path, max_bytes, timeout
        self.label = f"git:{configured}"

    def fetch(self, tag: str) -> RawSpec:
        where = f"{self.label}@{tag}:{self.path}"
        if Path(self.repo).is_dir():
            return self._read(self.repo, tag, where)
        with tempfile.TemporaryDirectory(prefix="aviato-docs-git-") as bare:
            self._git(["init", "--bare", "-q", bare], where)
            refspec = f"refs/tags/{tag}:refs/tags/{tag}"
            self._git(["fetch", "-q", "--depth=1", "--no-tags", self.repo, refspec], where,
                      missing=f"no tag {tag} in {self.repo}", repo=bare)
            return self._read(bare, tag, where)

    def list_tags(self) -> list[str]:
        out = self._git(["ls-remote", "--tags", "--refs", self.repo], self.label).decode()
        return sorted(line.split("refs/tags/", 1)[1] for line in out.splitlines() if "refs/tags/" in line)

    def _read(self, repo: str, tag: str, where: str) -> RawSpec:
        missing = f"no {self.path} at tag {tag} of {self.repo} (or no such tag)"

        def refused(size: int) -> Exception:
            return too_large(f"{self.path} at {tag}", size, self.max_bytes, where)

        try:
            data = git.blob(repo, f"refs/tags/{tag}:{self.path}", self.max_bytes, self.timeout, refused)
        except git.GitFailed as e:
            raise self._failure(e, where, missing) from e
        return RawSpec(where, data, tag)

    def _git(self, args: list[str], where: str, missing: str | None = None, repo: str | None = None) -> bytes:
        try:
            return git.run(args, self.timeout, repo)
        except git.GitFailed as e:
            raise self._failure(e, where, missing) from e

    def _failure(self, e: git.GitFailed, where: str, missing: str | None) -> Exception:
        if e.reason == "missing":
            return _cannot("git-missing", "the git source needs git on PATH", where)
        if e.reason == "timeout":
            return _cannot("fetch-failed", f"git {e.command} timed out after {self.timeout:g} s", where)
        code = "source-not-found" if missing else "fetch-failed"
        return _cannot(code, missing or f"git {e.command} failed", where, e.first_error)


class UrlTemplate:
    """Any HTTP(S) URL with `{tag}` in it."""

    kind = "url"

    def __init__(self, name: str, template: str, http_for, token: str | None):
        self.name, self.template = name, template
        self.label = f"url:{display(template)}"
        self._http: Http = http_for(self.label, token, origin(template.replace("{tag}", "tag")))

    def fetch(self, tag: str) -> RawSpec:
        url = self.template.replace("{tag}", quote(tag, safe=""))
        try:
            data = self._http.get(url, f"{tag} {display(url)}")
        except Refused as e:
            raise _refused(e, tag, self) from None
        return RawSpec(_named(display(url), data), data, tag)

    def list_tags(self) -> None:
        return None


class Server:
    """A running Aviato server: the document at /api/docs/openapi.json, the version at /api/info."""

    kind = "server"

    def __init__(self, name: str, url: str, http_for, token: str | None):
        self.name, self.url = name, url.rstrip("/")
        self.label = f"server:{display(self.url)}"
        self._http: Http = http_for(self.label, token, origin(self.url))

    def fetch(self, tag: str) -> RawSpec:
        version = self._version(tag)
        if version.lstrip("v") != tag.lstrip("v"):
            raise _cannot("source-version-mismatch",
                          f"the server at {display(self.url)} runs {version}, not {tag}", self.label,
                          "point this source at a server running that release")
        url = f"{self.url}/api/docs/openapi.json"
        try:
            return RawSpec(display(url), self._http.get(url, f"{tag} openapi.json"), tag)
        except Refused as e:
            raise _refused(e, tag, self) from None

    def list_tags(self) -> list[str]:
        version = self._version("")
        return [version if version.startswith("v") else f"v{version}"]

    def _version(self, tag: str) -> str:
        try:
            answer = self._http.get(f"{self.url}/api/info", "server info", accept="application/json")
            info = orjson.loads(answer)
        except Refused as e:
            raise _refused(e, tag, self) from None
        except orjson.JSONDecodeError as e:
            raise _cannot("source-bad-answer", f"{display(self.url)}/api/info did not answer JSON: {e.msg}",
                          self.label) from e
        version = info.get("version") if isinstance(info, dict) else None
        if not isinstance(version, str):
            raise _cannot("source-bad-answer", f"{display(self.url)}/api/info has no `version` string",
                          self.label)
        return version


def _named(url: str, data: bytes) -> str:
    """A name whose suffix says how to parse the bytes: the URL's own, else sniffed (JSON opens with `{`)."""
    path = url.split("?", 1)[0]
    if path.endswith(SPEC_SUFFIXES):
        return url
    return f"{url}#openapi.json" if data.lstrip()[:1] == b"{" else f"{url}#openapi.yaml"


_REASONS = {401: "the credentials were refused", 403: "access denied", 404: "not found"}


def _refused(e: Refused, tag: str, source: Source) -> Exception:
    what = f"source {source.name!r} ({source.label})"
    what = f"{tag} from {what}" if tag else what
    reason = _REASONS.get(e.status, "refused")
    return _cannot(f"source-http-{e.status}", f"{what}: {reason} (HTTP {e.status} from {e.url})",
                   f"{source.label}@{tag}" if tag else source.label)
