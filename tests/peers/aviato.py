"""A running Aviato server, as far as the `server` source sees it."""

from __future__ import annotations

from tests.peers.http import Answer, Peer


def fake_aviato(version: str, document: bytes) -> Peer:
    peer = Peer()
    peer.route("/api/info", Answer.json({"name": "Aviato", "version": version}))
    peer.route("/api/docs/openapi.json", Answer(200, document, {"Content-Type": "application/json"}))
    return peer
