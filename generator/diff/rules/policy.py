"""Aviato's versioning policy between two releases: additive within a major version, and a version that grows.

These run only when both sides are releases (pinned tags, `--history`): a working file in a pull
request usually keeps its `info.version`.
"""

from __future__ import annotations

import re

from generator.diff.model import Finding, rule
from generator.pins import version_key

_SEMVER = re.compile(r"^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")
_LISTED = 5  # breaking changes named in the message; the others are counted


def _versions(old, new) -> tuple[str, str]:
    before, after = (str((spec.document.get("info") or {}).get("version", "")) for spec in (old, new))
    return before, after


def _semver(old, new) -> tuple[str, str] | None:
    versions = _versions(old, new)
    return versions if all(_SEMVER.match(v) for v in versions) else None


@rule("api-version-not-semver", "info",
      "a release's info.version is not a semantic version: the versioning rules could not apply",
      scope="release")
def api_version_not_semver(old, new, changes):
    if _semver(old, new) is None:
        before, after = _versions(old, new)
        yield Finding(f"info.version {before!r} -> {after!r}: not both semantic versions, so the versioning "
                      "policy could not be checked", "/info/version", "/info/version")


@rule("api-version-not-increased", "error", "info.version did not grow from one release to the next",
      scope="release")
def api_version_not_increased(old, new, changes):
    versions = _semver(old, new)
    if versions and version_key(_plain(versions[1])) <= version_key(_plain(versions[0])):
        yield Finding(f"info.version went from {versions[0]} to {versions[1]}; "
                      "each release needs a greater one",
                      "/info/version", "/info/version")


@rule("api-major-version-not-bumped", "error",
      "a release with breaking changes kept its major version (the policy is additive within a major)",
      scope="release")
def api_major_version_not_bumped(old, new, changes):
    versions = _semver(old, new)
    if not versions or version_key(_plain(versions[1]))[0] > version_key(_plain(versions[0]))[0]:
        return
    # Errors are policy violations of their own (a removal without deprecation): not counted twice.
    breaking = [c for c in changes if c.level == "breaking"]
    if breaking:
        named = "; ".join(f"{c.rule} ({c.operation.route if c.operation else 'the document'})"
                          for c in breaking[:_LISTED])
        more = f"; and {len(breaking) - _LISTED} more" if len(breaking) > _LISTED else ""
        yield Finding(f"info.version went from {versions[0]} to {versions[1]} with {len(breaking)} breaking "
                      f"change{'s' if len(breaking) != 1 else ''}: {named}{more}; "
                      "breaking changes need a new major version", "/info/version", "/info/version")


def _plain(version: str) -> str:
    return version.split("+", 1)[0]  # build metadata does not order versions
