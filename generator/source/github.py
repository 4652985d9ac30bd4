"""A GitHub release asset, through the Releases API (api.github.com or a GitHub Enterprise API base)."""

from __future__ import annotations

import hashlib
from urllib.parse import quote

import orjson

from generator.errors import EXIT_CANNOT_RUN, Location, fail
from generator.source.http import Http, Refused, display, origin
from generator.spec import RawSpec

JSON = "application/vnd.github+json"
PAGE = 100


class GitHub:
    kind = "github"

    def __init__(self, name: str, repo: str, asset: str, api: str, token: str | None, token_env: str,
                 http_for) -> None:
        self.name, self.repo, self.asset, self.token_env = name, repo, asset, token_env
        self.api = api.rstrip("/")
        self.label = f"github:{repo}"
        self._has_token = bool(token)
        # The token goes to the API origin only; asset downloads redirect elsewhere and go without it.
        self._http: Http = http_for(self.label, token, origin(self.api))

    def fetch(self, tag: str) -> RawSpec:
        where = f"{self.label}@{tag}"
        release = self._json(f"/repos/{self.repo}/releases/tags/{quote(tag, safe='')}", tag,
                             f"no release tagged {tag} in {self.repo}")
        asset = next((a for a in release.get("assets", []) if a.get("name") == self.asset), None)
        if asset is None:
            names = ", ".join(a.get("name", "?") for a in release.get("assets", [])) or "none"
            raise fail("source-asset-missing", f"release {tag} of {self.repo} has no asset {self.asset!r} "
                       f"(its assets: {names})", Location(where), exit_code=EXIT_CANNOT_RUN,
                       hint="set `asset` for this source in aviato-docs.toml")
        try:
            data = self._http.get(asset["url"], f"{tag} {self.asset}", accept="application/octet-stream",
                                  expected_size=asset.get("size"))
        except Refused as e:
            raise self._refused(e, tag, f"the asset {self.asset} of release {tag} is gone") from None
        _check_digest(data, asset.get("digest"), tag, self.asset, where)
        return RawSpec(f"{where}/{self.asset}", data, tag)

    def list_tags(self) -> list[str]:
        tags, page = [], 1
        while True:
            releases = self._json(f"/repos/{self.repo}/releases?per_page={PAGE}&page={page}", "",
                                  f"no repository {self.repo}")
            for release in releases:
                names = {a.get("name") for a in release.get("assets", [])}
                if not release.get("draft") and self.asset in names:
                    tags.append(release["tag_name"])
            if len(releases) < PAGE:
                return tags
            page += 1

    def _json(self, path: str, tag: str, not_found: str):
        url = f"{self.api}{path}"
        try:
            return orjson.loads(self._http.get(url, f"{tag or self.repo} release data", accept=JSON))
        except Refused as e:
            raise self._refused(e, tag, not_found) from None
        except orjson.JSONDecodeError as e:
            raise fail("source-bad-answer", f"{display(url)} did not answer JSON: {e.msg}",
                       Location(self.label), exit_code=EXIT_CANNOT_RUN) from e

    def _refused(self, e: Refused, tag: str, not_found: str):
        what = f"source {self.name!r} ({self.label})"
        what = f"{tag} from {what}" if tag else what
        if e.status == 404:
            message, hint = f"{not_found}: HTTP 404 from {e.url}", (
                None if self._has_token else f"a private repository needs a token in {self.token_env}")
        elif e.status == 401:
            message = f"{what}: the token was refused (HTTP 401)"
            hint = f"check the token in {self.token_env}"
        elif e.status == 403 and e.rate_limited:
            message = f"{what}: API rate limit exhausted (HTTP 403)"
            hint = f"set {self.token_env} for a higher limit"
        else:
            message, hint = f"{what}: access denied (HTTP {e.status} from {e.url})", \
                f"check that the token in {self.token_env} may read {self.repo}"
        where = f"{self.label}@{tag}" if tag else self.label
        return fail(f"source-http-{e.status}", message, Location(where), hint=hint, exit_code=EXIT_CANNOT_RUN)


def _check_digest(data: bytes, digest: object, tag: str, asset: str, where: str) -> None:
    """GitHub publishes each asset's `sha256:` digest; a download that does not match it is refused."""
    if not isinstance(digest, str) or not digest.startswith("sha256:"):
        return
    actual = hashlib.sha256(data).hexdigest()
    if actual != digest.removeprefix("sha256:"):
        raise fail("source-checksum-mismatch", f"{tag} {asset}: the download's sha256 is {actual}, the "
                   f"release says {digest.removeprefix('sha256:')}", Location(where),
                   exit_code=EXIT_CANNOT_RUN,
                   hint="nothing was pinned; try again, and report it if it persists")
