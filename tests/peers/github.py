"""GitHub's Releases API on one peer; the asset downloads redirect to a second peer, the storage host."""

from __future__ import annotations

import hashlib
import itertools

from tests.peers.http import Answer, Peer

REPO = "aviato-media/aviato"


class FakeGitHub:
    def __init__(self, api: Peer, storage: Peer, repo: str = REPO):
        self.api, self.storage, self.repo = api, storage, repo
        self.releases: list[dict] = []
        self._ids = itertools.count(101)

    def release(self, tag: str, data: bytes, asset: str = "openapi.json", digest: str | None = None,
                prerelease: bool = False, storage: list[Answer] | None = None) -> int:
        """Publish `data` as the asset of release `tag`; `storage` scripts the download's answers."""
        asset_id = next(self._ids)
        entry = {"id": asset_id, "name": asset, "size": len(data),
                 "url": f"{self.api.url}/repos/{self.repo}/releases/assets/{asset_id}",
                 "digest": digest or f"sha256:{hashlib.sha256(data).hexdigest()}"}
        release = {"tag_name": tag, "draft": False, "prerelease": prerelease, "assets": [entry]}
        self.releases.append(release)
        self.api.route(f"/repos/{self.repo}/releases/tags/{tag}", Answer.json(release))
        # The real API answers 302 to a signed URL on another host; the token must not follow it.
        self.api.route(f"/repos/{self.repo}/releases/assets/{asset_id}",
                       Answer.redirect(f"{self.storage.url}/storage/{asset_id}/{asset}?X-Signature=abc"))
        self.storage.route(f"/storage/{asset_id}/{asset}", *(storage or [Answer(200, data)]))
        self.api.route(f"/repos/{self.repo}/releases", Answer.json(list(reversed(self.releases))))
        return asset_id
