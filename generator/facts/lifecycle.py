"""An operation's lifecycle across the pinned releases: the record generator.diff.history derives and
the pages show (added in, deprecated since, removed in, its `x-sunset` date). Here, beside the other
facts, so that the render stage reads it without importing diff."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Lifecycle:
    key: str  # operationId, else method and path, as in the newest release that has it
    method: str
    path: str
    added_in: str  # the first pinned release that has it
    deprecated_since: str | None = None
    removed_in: str | None = None
    sunset: str | None = None  # its `x-sunset` date (YYYY-MM-DD) in the newest release that has it

    def to_dict(self) -> dict:
        return {"operation": self.key, "method": self.method, "path": self.path, "addedIn": self.added_in,
                "deprecatedSince": self.deprecated_since, "removedIn": self.removed_in, "sunset": self.sunset}
