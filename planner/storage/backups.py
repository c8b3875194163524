"""Backups, restores and damage at the file level, with SQLite's online backup API.

A backup is a consistent copy of a portfolio taken by SQLite's backup API, so it is correct
even while another connection writes. It is written under a temporary name, switched to a
single-file (rollback journal) database, fsynced and only then renamed into place: a crash
leaves either the old set of backups or the new one, never half a backup.

A restore copies a backup *into* the live file through the same API, inside one write
transaction on the portfolio's WAL: a crash during a restore leaves the file as it was.

Files are named `<stem>.<UTC time>.<reason>.sqlite`, so the folder sorts by time and a person
can read it; `parse_name` reads the time and reason back.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.storage import protected_files, wal_files
from planner.storage.database import (
    APPLICATION_ID,
    ReadSource,
    known_revisions,
    read_application_id,
    read_only_source,
)
from planner.storage.file_check import full_check

SUFFIX = ".sqlite"
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<when>\d{4}-\d{2}-\d{2}T\d{6}\.\d{6}Z)\."
                   r"(?P<reason>[a-z-]+)\.sqlite$")
_STAMP = "%Y-%m-%dT%H%M%S.%fZ"
COUNTED_TABLES = ("partners", "stakeholders", "meetings", "actions", "differences",
                  "value_exchanges", "health_checks")

# Rotation: the newest KEEP_LAST, plus the newest of each day for KEEP_DAYS days and the
# newest of each month for KEEP_MONTHS months.
KEEP_LAST = 10
KEEP_DAYS = 14
KEEP_MONTHS = 6


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken_at: dt.datetime  # aware, UTC
    reason: str


def backup_name(stem: str, when: dt.datetime, reason: str) -> str:
    return f"{stem}.{when.astimezone(dt.UTC).strftime(_STAMP)}.{reason}{SUFFIX}"


def parse_name(path: Path) -> BackupFile | None:
    match = _NAME.match(Path(path).name)
    if not match:
        return None
    when = dt.datetime.strptime(match["when"], _STAMP).replace(tzinfo=dt.UTC)
    return BackupFile(Path(path), when, match["reason"])


def backup_files(folder: Path) -> list[BackupFile]:
    """The backups in `folder`, newest first (files that are not backups are ignored)."""
    try:
        entries = list(Path(folder).iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    found = [b for b in map(parse_name, entries) if b is not None and b.path.is_file()]
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def make_private_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        os.chmod(folder, 0o700)
    except OSError as error:
        raise PlannerError(f"Cannot create the backups folder {folder}: "
                           f"{error.strerror}.") from None


class _ReadOnlyConnection(sqlite3.Connection):
    """A connection through `database.read_only_source`, which it cleans up on close."""

    source: ReadSource | None = None

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.source is not None:
                self.source.cleanup()
                self.source = None


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """Like database.make_engine: read-only reads through `read_only_source`, so that no
    byte of the file or its companions changes (and no -wal or -shm is left behind)."""
    if read_only and not Path(path).is_file():  # sqlite3 would create an empty file
        raise sqlite3.OperationalError("unable to open database file")
    if read_only:
        source = read_only_source(path)
        connection = source.connect(isolation_level=None, factory=_ReadOnlyConnection)
        connection.source = source
        connection.execute("PRAGMA query_only = ON")
        return connection
    return sqlite3.connect(path, isolation_level=None)


# SQLite's result codes for a damaged file; anything else (cannot open, busy, I/O) is not
# damage and must not move a good file aside.
_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows cannot open a folder
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_database(source: Path, dest: Path) -> None:
    """A consistent, single-file, owner-only copy of `source` at `dest` (all or nothing)."""
    dest = Path(dest)
    protected_files.refuse_to_replace(dest)
    tmp = dest.with_name(f".{dest.name}.partial")
    tmp.unlink(missing_ok=True)
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        src = _connect(source, read_only=True)
        try:
            dst = _connect(tmp, read_only=False)
            try:
                src.backup(dst)
                # A backup is one file: no -wal to lose when it is copied elsewhere.
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
        _fsync_folder(dest.parent)
    except (OSError, sqlite3.Error) as error:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)
        raise PlannerError(f"Could not write the backup {dest.name}: {_reason(error)}.") from None


def restore_into(backup: Path, target: Path) -> None:
    """Replace the contents of portfolio `target` with `backup`, in one transaction."""
    target = Path(target)
    if not target.exists():
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
    try:
        src = _connect(backup, read_only=True)
        try:
            dst = _connect(target, read_only=False)
            try:
                dst.execute("PRAGMA journal_mode = WAL")
                dst.execute("PRAGMA synchronous = FULL")
                src.backup(dst)
                dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as error:
        raise PlannerError(f"Could not restore {Path(backup).name}: {_reason(error)}.") from None


def problems(path: Path, *, read_only: bool, quick: bool = True) -> list[str]:
    """SQLite's quick (or full) integrity check of a file; empty when it is healthy."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        connection = _connect(path, read_only=read_only)
        try:
            rows = [r[0] for r in connection.execute(f"PRAGMA {pragma}")]
        finally:
            connection.close()
    except sqlite3.Error as error:
        code = getattr(error, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _DAMAGE_CODES:
            return [_reason(error)]
        raise PlannerError(f"Cannot open {Path(path).name}: {_reason(error)}.") from None
    return [r for r in rows if r != "ok"]


def check_backup(path: Path) -> None:
    """Refuse a file that is not a healthy portfolio backup: the same full check as
    `planner check` (integrity, foreign keys, a known schema revision, every table there)."""
    path = Path(path)
    if not path.is_file():
        raise PlannerError(f"There is no backup at {shown(path)}.")
    try:
        app_id = read_application_id(path)
    except OSError as error:
        raise PlannerError(f"Cannot read {shown(path)}: {error.strerror}.") from None
    if app_id != APPLICATION_ID:
        raise PlannerError(f"{shown(path)} is not a Partner Planner portfolio or backup.")
    if not revision_known(path):
        raise PlannerError(f"The backup {path.name} was written by a newer version of "
                           "Partner Planner, or has no schema; update the app or choose "
                           "another backup.")
    found = full_problems(path)
    if found:
        raise PlannerError(f"The backup {path.name} is not healthy ({found[0]}), so nothing "
                           "was restored; choose another one.")


def full_problems(path: Path) -> list[str]:
    """`file_check.full_check` of a file, read-only."""
    try:
        connection = _connect(path, read_only=True)
        try:
            return full_check(lambda sql: connection.execute(sql).fetchall())
        finally:
            connection.close()
    except sqlite3.Error as error:
        return [_reason(error)]


def table_counts(path: Path) -> dict[str, int]:
    """How many partners, meetings, ... a portfolio or backup holds ({} when unreadable)."""
    try:
        connection = _connect(path, read_only=True)
        try:
            return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in COUNTED_TABLES}
        finally:
            connection.close()
    except sqlite3.Error:
        return {}


def revision_known(path: Path) -> bool:
    """Whether this app knows the schema of a backup (a newer app's backup is refused)."""
    try:
        connection = _connect(path, read_only=True)
        try:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] in known_revisions()


def companions(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def move_aside(path: Path, now: dt.datetime) -> Path:
    """Rename a damaged file (and its WAL) to `<stem>.damaged-<time><suffix>`; never overwrite."""
    path = Path(path)
    base = f"{path.stem}.damaged-{now.strftime('%Y-%m-%dT%H%M')}"
    for n in range(1, 1000):
        name = base + (f"-{n}" if n > 1 else "") + path.suffix
        aside = path.with_name(name)
        if any(p.exists() for p in [aside, *companions(aside)]):
            continue
        try:
            os.link(path, aside)  # fails rather than replace an existing file
        except FileExistsError:
            continue
        except OSError:  # a file system without hard links
            if aside.exists():
                continue
            os.rename(path, aside)
        else:
            os.unlink(path)
        for old, new in zip(companions(path), companions(aside), strict=True):
            if old.exists() and not new.exists():
                os.rename(old, new)
        return aside
    raise PlannerError(f"Cannot find a free name to keep the damaged {path.name} aside.")


def to_remove(backups: list[BackupFile], now: dt.datetime) -> list[BackupFile]:
    """The backups rotation drops: all but the last 10, a day's newest for 2 weeks and a
    month's newest for 6 months."""
    newest_first = sorted(backups, key=lambda b: b.taken_at, reverse=True)
    keep = set(b.path for b in newest_first[:KEEP_LAST])
    days, months = set(), set()
    for b in newest_first:
        age = now - b.taken_at
        day = b.taken_at.date()
        month = (b.taken_at.year, b.taken_at.month)
        if age < dt.timedelta(days=KEEP_DAYS) and day not in days:
            days.add(day)
            keep.add(b.path)
        if _months_between(b.taken_at, now) < KEEP_MONTHS and month not in months:
            months.add(month)
            keep.add(b.path)
    return [b for b in newest_first if b.path not in keep]


def _months_between(earlier: dt.datetime, later: dt.datetime) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _reason(error: Exception) -> str:
    return (getattr(error, "strerror", None) or str(error) or type(error).__name__).rstrip(".")


def replace_portfolio(new: Path, path: Path) -> None:
    """Move the closed portfolio `new` into the place of `path` in one rename; a WAL the
    replaced file left is kept aside (never replayed into the new one, never deleted)."""
    if os.path.lexists(wal_files.wal_path(path)):
        wal_files.keep_aside(path)
    Path(f"{path}-shm").unlink(missing_ok=True)
    os.chmod(new, 0o600)
    os.replace(new, path)
    _fsync_folder(Path(path).parent)
