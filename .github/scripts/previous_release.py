"""Print the pinned stable release just before TAG (the changelog's other side), or nothing for the first.

Usage: previous_release.py TAG [SPECS_DIR]. The release workflow diffs this release against TAG.
A prerelease is never the other side: v1.3.0's changelog is against v1.2.0, not v1.3.0-rc.1.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator import pins


def previous_release(tag: str, specs: Path) -> str | None:
    _, pinned = pins.manifest(specs)
    earlier = [p.tag for p in pinned if pins.version_key(p.tag) < pins.version_key(tag)]
    return pins.latest_stable(earlier)


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        print("usage: previous_release.py TAG [SPECS_DIR]", file=sys.stderr)
        sys.exit(2)
    previous = previous_release(sys.argv[1], Path(sys.argv[2] if len(sys.argv) == 3 else "specs"))
    if previous:
        print(previous)
