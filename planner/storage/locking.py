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
import stat
from dataclasses import dataclass
from pathlib import Path

from planner.domain.errors import PlannerError, PortfolioLocked
from planner.domain.quoting import shown

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
        return f"{who}{host} (since {since})" if since else f"{who}{host}"


def lock_path(path: Path) -> Path:
    """The lock file of portfolio `path`: beside the file itself, wherever links lead."""
    real = Path(os.path.realpath(path))
    return real.with_name(real.name + LOCK_SUFFIX)


def identity_key(path: Path) -> str | None:
    """The name of the identity lock of `path` (its device and inode), or None when there is
    no file yet: every name of one file (hard links, symlinks) shares it."""
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return f"{st.st_dev:x}-{st.st_ino:x}{LOCK_SUFFIX}"


class NotALockFile(PlannerError):
    pass


# Never follow a link planted as the lock (it would truncate the file it points at), never
# hang on a FIFO: open without following links, without blocking, and look before using it.
_OPEN_FLAGS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _open_lock_file(target: Path, portfolio: Path, *, create: bool) -> int:
    flags = (os.O_RDWR | os.O_CREAT if create else os.O_RDONLY) | _OPEN_FLAGS
    try:
        fd = os.open(target, flags, 0o600)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK, errno.ENXIO):  # a link, a socket
            raise _not_a_lock(target, portfolio) from None
        raise
    try:
        st = os.fstat(fd)
        ours = not hasattr(os, "getuid") or st.st_uid == os.getuid()
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1 or not ours:
            raise _not_a_lock(target, portfolio)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


def _not_a_lock(target: Path, portfolio: Path) -> NotALockFile:
    return NotALockFile(
        f"{target.name} is not a lock file of yours (it is a link, a special file or "
        f"another person's), so {Path(portfolio).name} cannot be opened for writing; "
        "remove it, or open the portfolio read-only.")


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
        fd = _open_lock_file(lock_path(path), path, create=False)
    except (OSError, PlannerError):
        return None
    try:
        return _holder_from(fd)
    finally:
        os.close(fd)


def _record_from(fd: int) -> dict:
    """The lock file's JSON (who holds it, which file, which WAL generation), or {}."""
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 64 * 1024).decode("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_record(path: Path) -> dict:
    """What the lock file of `path` records, whether or not anyone holds it ({} if none)."""
    try:
        fd = _open_lock_file(lock_path(path), path, create=False)
    except (OSError, PlannerError):
        return {}
    try:
        return _record_from(fd)
    finally:
        os.close(fd)


def _holder_from(fd: int) -> LockHolder | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        data = json.loads(os.read(fd, 64 * 1024).decode("utf-8"))
        return LockHolder(str(data.get("user", "")), str(data.get("host", "")),
                          int(data.get("pid", 0)), str(data.get("since", "")))
    except (OSError, ValueError, TypeError, AttributeError):
        return None


class PortfolioLock:
    """The held lock of one portfolio file; `release()` (or closing the portfolio) ends it.

    It is two OS locks: the lock file beside the real file (which says who holds it, also to
    other people on a shared folder) and, when `identity_folder` is given, a lock named after
    the file's device and inode, so that a hard link cannot get a second writer in.
    """

    def __init__(self, path: Path, fd: int, holder: LockHolder, took_over: LockHolder | None,
                 more: list[tuple[Path, int]] | None = None, *, stale_record: dict | None = None,
                 portfolio: Path | None = None):
        self.path = path
        self._held: list[tuple[Path, int]] = [(path, fd), *(more or [])]
        self.holder = holder
        self.took_over = took_over  # the stale holder this lock replaced, if any
        # What the lock file said before this lock claimed it: a killed writer's WAL salts.
        self.stale_record = stale_record or {}
        self._portfolio = portfolio
        self._wal: str | None = None

    def note_wal(self, salts: str | None) -> None:
        """Record which WAL generation (its salts) this writer uses, so that after a crash
        the WAL it leaves can be told from a stranger's (see wal_files). Called after every
        commit; written (and synced) only when SQLite started a new generation."""
        if not self._held or salts == self._wal:
            return
        self._wal = salts
        _write_record(self._held[0][1], self.holder, self._portfolio, salts)

    def keep_file(self) -> None:
        """Release the OS locks but leave the lock file and its record: the WAL could not be
        emptied on closing (a reader held it) and must stay provably this file's."""
        held, self._held = self._held, []
        for index, (path, fd) in enumerate(held):
            if index:
                try:
                    os.unlink(path)
                except OSError:
                    pass
            os.close(fd)

    @property
    def held(self) -> bool:
        return bool(self._held)

    def release(self) -> None:
        held, self._held = self._held, []
        _let_go(held)

    def __del__(self):  # a forgotten lock must not outlive its portfolio object
        self.release()


def _let_go(held: list[tuple[Path, int]]) -> None:
    """Give back the OS locks `held` (lock file, descriptor), the last taken first, removing
    each file while still holding its lock: anyone who opened the old file re-checks that the
    path still names it (see acquire) and starts again."""
    for path, fd in reversed(held):
        try:
            os.unlink(path)
        except OSError:
            pass
        os.close(fd)


def locked_error(path: Path, holder: LockHolder) -> PortfolioLocked:
    return PortfolioLocked(
        f"{Path(path).name} is already open in another window or process by "
        f"{holder.describe()}; close it there, or open this one read-only.",
        user=holder.user, host=holder.host, since=holder.since)


def acquire(path: Path, *, identity_folder: Path | None = None) -> PortfolioLock:
    """Take the write lock of portfolio `path`, or raise PortfolioLocked naming the holder."""
    fd, stale = _take(lock_path(path), path)
    stale_record = _record_from(fd)
    more: list[tuple[Path, int]] = []
    try:
        key = identity_key(path)
        if identity_folder is not None and key is not None:
            _make_private_folder(Path(identity_folder))
            target = Path(identity_folder) / key
            more.append((target, _take(target, path)[0]))
        holder = LockHolder(_current_user(), socket.gethostname(), os.getpid(),
                            dt.datetime.now().astimezone().isoformat(timespec="seconds"))
        _claim(path, fd, holder)
        for _target, held_fd in more:  # says who, for a second writer; needs no fsync
            _write_record(held_fd, holder, Path(path), None, sync=False)
    except BaseException:
        _let_go([(lock_path(path), fd), *more])
        raise
    return PortfolioLock(lock_path(path), fd, holder, stale, more, stale_record=stale_record,
                         portfolio=Path(path))


def _make_private_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as error:
        raise PlannerError(f"Cannot create the folder {folder}: {error.strerror}.") from None


def _take(target: Path, path: Path) -> tuple[int, LockHolder | None]:
    """Open and OS-lock one lock file; returns its descriptor and the stale holder it named."""
    for _attempt in range(20):
        try:
            fd = _open_lock_file(target, path, create=True)
        except FileNotFoundError:
            raise PlannerError(f"The folder {target.parent} does not exist.") from None
        except OSError as error:
            if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise PlannerError(
                    f"You cannot write in {target.parent} ({error.strerror}), so "
                    f"{Path(path).name} can only be opened read-only.") from None
            raise PlannerError(f"Cannot lock {shown(path)}: {error.strerror}.") from None
        if not _try_lock(fd):
            holder = _holder_from(fd)
            os.close(fd)
            raise locked_error(path, holder or LockHolder("", "", 0, ""))
        # The holder before us may have unlinked the file between our open and our lock.
        try:
            same = os.path.samestat(os.fstat(fd), os.lstat(target))
        except FileNotFoundError:
            same = False
        if not same:
            os.close(fd)
            continue
        return fd, _holder_from(fd)
    raise PortfolioLocked(f"{Path(path).name} is being opened and closed by another process "
                          "right now; try again.")


def _claim(path: Path, fd: int, holder: LockHolder) -> None:
    _write_record(fd, holder, Path(path), None)


def _write_record(fd: int, holder: LockHolder, path: Path | None, wal: str | None, *,
                  sync: bool = True) -> None:
    record = holder_dict(holder)
    try:
        st = os.stat(path) if path is not None else None
    except OSError:
        st = None
    if st is not None:
        record["file"] = [st.st_dev, st.st_ino]
    if wal is not None:
        record["wal"] = wal
    text = json.dumps(record).encode("utf-8")
    try:
        if fcntl is not None:
            os.fchmod(fd, 0o600)  # owner-only even when an old lock file was looser
        os.ftruncate(fd, 0)
        _write_at_start(fd, text)
        if sync:
            os.fsync(fd)
    except OSError as error:
        raise PlannerError(f"Cannot lock {shown(path)}: {error.strerror}.") from None


def _write_at_start(fd: int, data: bytes) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.write(fd, data)


def holder_dict(holder: LockHolder) -> dict:
    return {"user": holder.user, "host": holder.host, "pid": holder.pid, "since": holder.since}


def holder_if_locked(path: Path, *, identity_folder: Path | None = None) -> LockHolder | None:
    """The live holder of `path`'s lock, or None when nobody holds it (without taking it)."""
    targets = [lock_path(path)]
    key = identity_key(path)
    if identity_folder is not None and key is not None:
        targets.append(Path(identity_folder) / key)
    for target in targets:
        holder = _live_holder(target, path)
        if holder is not None:
            return holder
    return None


def _live_holder(target: Path, path: Path) -> LockHolder | None:
    try:
        fd = _open_lock_file(target, path, create=False)
    except (OSError, PlannerError):
        return None
    try:
        if fcntl is None:  # pragma: no cover - Windows cannot test without taking
            return _holder_from(fd)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except OSError:
            return _holder_from(fd) or LockHolder("", "", 0, "")
        fcntl.flock(fd, fcntl.LOCK_UN)
        return None
    finally:
        os.close(fd)
