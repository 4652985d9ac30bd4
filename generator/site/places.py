"""Where a finding in the staged site comes from, named so that it still means something once the
staging folder is gone: the pinned spec (at the description's line), the template a page was rendered
from, Scalar's installed bundle, or else the file's path inside the site.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Location
from generator.site import scalar
from generator.spec import Spec

API_DIR = "docs/developer/api"
SHARED = scalar.SHARED_DIR + "/"


@dataclass(frozen=True)
class Places:
    project: Path | None  # None: name files inside the site only
    site: Path  # the staged site, resolved
    pinned: Mapping[str, Spec]  # each version's pinned spec, by tag

    def location(self, file: Path, line: int | None, column: int | None, pointer: str = "") -> Location:
        inside = file.relative_to(self.site).as_posix()
        tag, _, rest = inside.partition("/")
        if pointer and tag in self.pinned and rest.startswith(API_DIR + "/"):
            # A document Scalar receives is the pinned spec (byte for byte), or a part of it with the
            # same pointers: the pinned file's own line for the pointer.
            return self.pinned[tag].locate(pointer)
        if self.project is not None and inside.startswith(SHARED):
            bundle = inside[len(SHARED):].partition("/")[2]  # below the content-hashed folder
            if bundle and (self.project / scalar.BUNDLE.parent / bundle).is_file():
                return Location(str(scalar.BUNDLE.parent / bundle), pointer, line, column)
            if not bundle:  # the mount script, under a content-hashed name
                return Location(str(scalar.MOUNT), pointer, line, column)
        template = self._template(rest)
        if template is not None:
            return Location(template, pointer, None, None)
        return Location(inside, pointer, line, column)

    def _template(self, page: str) -> str | None:
        """The template of a page of a version, when there is one: `docs/` mirrors the version's
        `docs/` (`docs/developer/index.md.j2` for `V/docs/developer/index.html`), and `docs/index.md.j2`
        is its home."""
        folder = page.removesuffix("index.html")
        if self.project is None or folder == page or folder and not folder.startswith("docs/"):
            return None
        name = f"{folder}index.md.j2" if folder else "docs/index.md.j2"
        return name if (self.project / name).is_file() else None
