"""One writer per portfolio file: a lock file beside it that says who has it open.

`portfolio.sqlite` is locked by `portfolio.sqlite.lock`. The lock itself is an advisory OS
lock (flock) held on that file for as long as the portfolio is open, so the kernel releases it
the moment the holder dies, even by kill -9 or a power cut: a lock file whose OS lock nobody
holds is stale and is simply taken over. The file's text says who holds it (user, host, pid,
since when) so that a second window or process can tell the person who has it open.

SQLite's own locks only protect single transactions; without this lock two windows could
interleave edits and each would show the other's changes as never having happened.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from planner.domain.errors import PlannerError, PortfolioLocked

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None
    import msvcrt

LOCK_SUFFIX = ".lock"
# On Windows a locked byte range cannot be read, so the lock covers a byte far past the text.
_WINDOWS_LOCK_OFFSET = 1 << 20


@dataclass(frozen=True)
class LockHolder:
    user: str
    host: str
    pid: int
    since: str  # ISO 8601, local time with offset

    def describe(self) -> str:
        since = self.since
        try:
            since = dt.datetime.fromisoformat(self.since).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            pass
        who = self.user or "someone"
        host = f" on {self.host}" if self.host else ""
        return f"{who}{host} (since {since})"


def lock_path(path: Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + LOCK_SUFFIX)


def _current_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (containers)
        return str(os.getuid()) if hasattr(os, "getuid") else ""


def _try_lock(fd: int) -> bool:
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        else:  # pragma: no cover - Windows
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def read_holder(path: Path) -> LockHolder | None:
    """Who the lock file of `path` says holds it (whether or not that is still true)."""
    try:
        data = json.loads(lock_path(path).read_text("utf-8"))
        return LockHolder(str(data.get("user", "")), str(data.get("host", "")),
                          int(data.get("pid", 0)), str(data.get("since", "")))
    except (OSError, ValueError, TypeError, AttributeError):
        return None


class PortfolioLock:
    """The held lock of one portfolio file; `release()` (or closing the portfolio) ends it."""

    def __init__(self, path: Path, fd: int, holder: LockHolder, took_over: LockHolder | None):
        self.path = path
        self._fd: int | None = fd
        self.holder = holder
        self.took_over = took_over  # the stale holder this lock replaced, if any

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        # Unlink while still holding the OS lock: anyone who opened the old file re-checks
        # that the path still names it (see acquire) and starts again.
        try:
            os.unlink(self.path)
        except OSError:
            pass
        os.close(fd)

    def __del__(self):  # a forgotten lock must not outlive its portfolio object
        self.release()


def locked_error(path: Path, holder: LockHolder) -> PortfolioLocked:
    return PortfolioLocked(
        f"{Path(path).name} is already open in another window or process by "
        f"{holder.describe()}; close it there, or open this one read-only.",
        user=holder.user, host=holder.host, since=holder.since)


def acquire(path: Path) -> PortfolioLock:
    """Take the write lock of portfolio `path`, or raise PortfolioLocked naming the holder."""
    target = lock_path(path)
    for _attempt in range(20):
        try:
            fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o600)
        except FileNotFoundError:
            raise PlannerError(f"The folder {target.parent} does not exist.") from None
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise PlannerError(
                    f"You cannot write in {target.parent} ({error.strerror}), so "
                    f"{Path(path).name} can only be opened read-only.") from None
            raise PlannerError(f"Cannot lock {path}: {error.strerror}.") from None
        if not _try_lock(fd):
            os.close(fd)
            raise locked_error(path, read_holder(path) or LockHolder("", "", 0, ""))
        # The holder before us may have unlinked the file between our open and our lock.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(target))
        except FileNotFoundError:
            same = False
        if not same:
            os.close(fd)
            continue
        return _claim(path, target, fd)
    raise PortfolioLocked(f"{Path(path).name} is being opened and closed by another process "
                          "right now; try again.")


def _claim(path: Path, target: Path, fd: int) -> PortfolioLock:
    stale = read_holder(path)
    holder = LockHolder(_current_user(), socket.gethostname(), os.getpid(),
                        dt.datetime.now().astimezone().isoformat(timespec="seconds"))
    text = json.dumps(holder_dict(holder)).encode("utf-8")
    try:
        if fcntl is not None:
            os.fchmod(fd, 0o600)  # owner-only even when an old lock file was looser
        os.ftruncate(fd, 0)
        _write_at_start(fd, text)
        os.fsync(fd)
    except OSError as error:
        os.close(fd)
        raise PlannerError(f"Cannot lock {path}: {error.strerror}.") from None
    return PortfolioLock(target, fd, holder, stale)


def _write_at_start(fd: int, data: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)


def holder_dict(holder: LockHolder) -> dict:
    return {"user": holder.user, "host": holder.host, "pid": holder.pid, "since": holder.since}


def holder_if_locked(path: Path) -> LockHolder | None:
    """The live holder of `path`'s lock, or None when nobody holds it (without taking it)."""
    target = lock_path(path)
    try:
        fd = os.open(target, os.O_RDONLY)
    except OSError:
        return None
    try:
        if fcntl is None:  # pragma: no cover - Windows cannot test without taking
            return read_holder(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return read_holder(path) or LockHolder("", "", 0, "")
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
