"""The output folder: one build at a time, and a swap that never leaves it half-written.

A build holds an exclusive lock on `.<site>.lock` beside the output folder for its whole run
(`files.locked`); a second build waits for it (and says so, naming the holder's PID), or gives up with a
clear message after `WAIT_SECONDS`.
Everything a build writes goes to a staging folder `.<site>.XXXX` beside the output, swapped in at
the end with one atomic exchange of the two folders (Linux `renameat2(RENAME_EXCHANGE)`), so a build
killed at any moment leaves either the previous site or the new one. Staging folders left by a killed
build are removed when the next build starts. The worker processes a build forks die with it
(`generator.forked.started`) and do not keep its lock, so a killed build never stalls the next one.

Since the swap replaces the output folder, a build first refuses one that is not a site it made
(`check_target`): the project, a folder holding it or one of its sources, a file, a foreign folder.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator import files
from generator.errors import EXIT_CANNOT_RUN, EXIT_USAGE, Location, fail
from generator.files import umask_mode

WAIT_SECONDS = 600.0
MARKER = ".aviato-site"  # written into every site at the swap: "this folder is ours to replace"
_SOURCES = ("specs", "docs", "overrides", ".cache", ".git")


def check_target(project: Path, site: Path, specs: Path | None = None) -> None:
    """Refuse (usage error, before anything is written) an output folder the swap would destroy."""
    reason = _unsafe(project.resolve(), site.resolve(), (specs or project / "specs").resolve())
    if reason:
        raise fail("site-unsafe", f"refusing to build into {site}: {reason}", Location(str(site)),
                   hint="name a new folder for --site, or one an earlier build made", exit_code=EXIT_USAGE)


def _unsafe(project: Path, site: Path, specs: Path) -> str | None:
    if project.is_relative_to(site):
        return f"the build replaces it, and it holds the project {project}"
    for source in {specs, *(project / name for name in _SOURCES)}:
        if site.is_relative_to(source) or source.is_relative_to(site):
            return f"it lies inside or holds the project's {source}"
    if site.exists() and not site.is_dir():
        return "it is a file, not a folder"
    if site.is_dir() and any(site.iterdir()) and not is_site(site):
        return f"it is a folder this tool did not build (no {MARKER}, versions.json or _redirects in it)"
    return None


def is_site(folder: Path) -> bool:
    """A site this tool built: its marker, or the shape of one built before the marker existed."""
    return (folder / MARKER).is_file() or \
        ((folder / "versions.json").is_file() and (folder / "_redirects").is_file())


def lock_path(site: Path) -> Path:
    return site.parent / f".{site.name}.lock"


def staging_prefix(site: Path) -> str:
    return f".{site.name}."


@contextmanager
def locked(site: Path, progress: Callable[[str], None] = lambda message: None,
           wait: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the output's lock; put back a site a killed swap left aside, and clear stale staging."""
    site.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(site)

    def waiting(holder: str) -> None:
        progress(f"another build ({holder}) is writing {site}; waiting for it to finish")

    try:
        with files.locked(path, waiting, wait):
            _recover(site)
            for stale in stale_staging(site):
                shutil.rmtree(stale, ignore_errors=True)
            yield
    except files.Busy as e:
        raise fail("site-locked", f"another build ({e.holder}) has been writing {site} for over "
                   f"{wait:.0f} s; not building into it at the same time", Location(str(path)),
                   hint="wait for it to finish, or stop it", exit_code=EXIT_CANNOT_RUN) from None


def stale_staging(site: Path) -> list[Path]:
    """Folders a build stages in (or sets the old site aside in); only ever ours, by their prefix."""
    folders = site.parent.glob(staging_prefix(site) + "*")
    return sorted(p for p in folders if p.is_dir() and not p.is_symlink())


def swap(staging: Path, site: Path) -> None:
    """Make `staging` the site. Atomic where the system can exchange two folders in one rename."""
    os.chmod(staging, umask_mode(0o777))  # mkdtemp made it private; the site is served to everyone
    (staging / MARKER).write_text("built by aviato-docs; a build may replace this folder\n")
    # Where it takes two renames, a build killed between them leaves the old site aside in
    # `.<site>.old.*/`, and the next build's `_recover` puts it back.
    files.replace_folder(staging, site, f"{staging_prefix(site)}old.")


def link_tree(source: Path, dest: Path) -> None:
    """`source`'s files hard-linked into `dest` (copied onto another file system), its folders made
    anew with the umask's mode: the cache's own are private. The cache's files are never written in
    place (the steps after this one replace a file rather than write into it)."""
    files = umask_mode()
    for folder, _, names in os.walk(source, onerror=_raise):
        target = dest / os.path.relpath(folder, source)
        target.mkdir(exist_ok=True)
        for name in names:
            link_file(Path(folder, name), target / name, files)


def link_file(source: Path, target: Path, mode: int | None = None) -> None:
    """`target` as a hard link to `source`, or a copy where the file systems differ or refuse links;
    readable as the umask allows (a link shares its mode: bits are only ever added)."""
    mode = umask_mode() if mode is None else mode
    try:
        os.link(source, target)
    except OSError as e:
        if e.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copyfile(source, target)
    current = stat.S_IMODE(os.stat(target).st_mode)
    if current & mode != mode:
        os.chmod(target, current | mode)


def _raise(error: OSError) -> None:
    raise error


def in_site(error: OSError, staging: Path, site: Path) -> OSError:
    """`error` with its paths in the site rather than in the staging folder, which is gone by the time
    it is reported, and the site named when the error names no file (a write to a full disk)."""
    if isinstance(error, shutil.Error):  # a copytree's list of failures, reported as it is
        return error
    names = [str(name).replace(str(staging), str(site), 1) if name else None
             for name in (error.filename, error.filename2)]
    return OSError(error.errno, error.strerror or str(error), names[0] or str(site), None, names[1])


def _recover(site: Path) -> None:
    if site.exists():
        return
    aside = sorted((p / site.name for p in site.parent.glob(f"{staging_prefix(site)}old.*")),
                   key=lambda p: p.stat().st_mtime if p.exists() else 0)
    if aside and aside[-1].is_dir():
        os.rename(aside[-1], site)
