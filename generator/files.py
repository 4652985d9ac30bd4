"""Writing files so that a reader, or a crash, sees either the old file or the new one, never half of one,
and one writer at a time.

    files.write_atomic(path, data)                 # the site's pages, the client cache
    files.write_atomic(path, data, durable=True)   # the pins: fsynced, and the rename too
    files.replace_folder(new, folder, aside)       # the site's swap, the client cache's verdicts
    with files.locked(lock_file, on_wait, wait):   # the build's output folder, specs/ (filelock)

Every stage may import this module: it imports nothing of the generator.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

POLL_SECONDS = 0.2
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def write_atomic(path: Path, data: bytes, *, durable: bool = False) -> None:
    """`path` replaced by a new file holding `data`, never written in place (it may be a hard link
    into a cache). A replaced file keeps its mode; a new one gets what the umask allows (0o666 & ~umask).
    `durable`: the bytes and the rename are on disk before this returns."""
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _mode_of(path))  # mkstemp's file is private; the file it replaces may not be
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(temp, path)
    except OSError as e:
        Path(temp).unlink(missing_ok=True)
        raise OSError(e.errno, e.strerror, e.filename or str(path), None, e.filename2) from e
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_dir(path.parent)


def replace_folder(new: Path, folder: Path, aside_prefix: str) -> None:
    """`new` in `folder`'s place, the old `folder` removed. Atomic where the system can exchange two
    folders in one rename (Linux `renameat2(RENAME_EXCHANGE)`); elsewhere two renames, the old folder
    set aside first in a folder `<aside_prefix>XXXX/` beside it, where a crash between them leaves it."""
    if folder.exists() and _exchange(new, folder):
        shutil.rmtree(new, ignore_errors=True)  # it holds the old folder now
        return
    old = None
    if folder.exists():
        old = Path(tempfile.mkdtemp(prefix=aside_prefix, dir=folder.parent))
        os.rename(folder, old / folder.name)
    os.rename(new, folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # this kernel or file system cannot exchange; fall back to two renames
    raise OSError(code, os.strerror(code), str(b))


def write_text_atomic(path: Path, text: str, *, durable: bool = False) -> None:
    write_atomic(path, text.encode("utf-8"), durable=durable)


def umask_mode(mode: int = 0o666) -> int:
    """The mode a file (0o666) or folder (0o777) created now gets: what the user's umask allows."""
    return mode & ~_umask()


def _umask() -> int:
    # Linux shows it without changing it; elsewhere it can only be read by setting it for a moment.
    try:
        status = Path("/proc/self/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("Umask:")), 8)
    except (OSError, StopIteration, ValueError, IndexError):
        mask = os.umask(0o022)
        os.umask(mask)
        return mask


def _mode_of(path: Path) -> int:
    """A replaced file keeps its mode; a new one follows the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        return umask_mode()


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the directory entry is; not every platform can open a directory.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Busy(Exception):
    """Another process held the lock for the whole wait."""

    def __init__(self, holder: str):
        super().__init__(f"{holder} holds the lock")
        self.holder = holder


@contextmanager
def locked(path: Path, on_wait: Callable[[str], None] | None = None, wait: float = -1) -> Iterator[None]:
    """An exclusive lock on `path` (`filelock`; a negative `wait` waits for as long as it takes).

    The holder writes its PID into the file, so a waiter can name it: `on_wait(holder)` is called once
    when the lock is taken, and `Busy(holder)` raised when it is still taken after `wait` seconds. The
    file is removed on release, while still locked, so the folder is left clean; a waiter that then
    locks the removed file tries again on a fresh one (filelock checks). A process forked while the
    lock is held does not keep it: filelock closes the lock's descriptor in the child.
    """
    lock = FileLock(path, on_acquired=_write_pid, poll_interval=POLL_SECONDS)
    try:
        lock.acquire(blocking=False)
    except Timeout:
        if on_wait is not None:
            on_wait(holder(path))
        try:
            lock.acquire(timeout=wait)
        except Timeout:
            raise Busy(holder(path)) from None
    try:
        yield
    finally:
        try:
            path.unlink(missing_ok=True)
        finally:
            lock.release()


def holder(path: Path) -> str:
    """Who holds the lock on `path`, as a message names them."""
    try:
        pid = path.read_text().strip()
    except OSError:
        pid = ""
    return f"process {pid}" if pid.isdigit() else "another process"


def _write_pid(fd: int) -> None:
    os.ftruncate(fd, 0)
    os.write(fd, f"{os.getpid()}\n".encode())
