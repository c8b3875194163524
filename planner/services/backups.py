"""Backups of a portfolio: taken automatically and on demand, listed, rotated and restored.

Automatic backups are taken when a portfolio is opened for writing (at most once an hour),
before a migration, before an import that replaces partners and before a restore. They live
in the user data folder, one folder per portfolio file:
`<data dir>/backups/<file stem>-<short hash of the file's full path>/`, owner-only, and are
rotated: the last 10, plus the newest of each day for 2 weeks and of each month for 6 months.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.services.data_folder import data_dir, identity_locks_dir
from planner.services.files import refuse_to_replace
from planner.storage import backups as files
from planner.storage import database, locking

BACKUP_EVERY = dt.timedelta(hours=1)

REASONS = {
    "open": "on opening",
    "migration": "before an upgrade of the file",
    "import": "before an import that replaced partners",
    "restore": "before a restore",
    "sample": "before the sample overwrote it",
    "manual": "on request",
}


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime  # aware (UTC); show it with .astimezone()
    reason: str
    counts: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def partners(self) -> int:
        return self.counts.get("partners", 0)

    @property
    def why(self) -> str:
        return REASONS.get(self.reason, self.reason)

    def describe(self) -> str:
        """One line: local time, why, and the counts that matter to a person."""
        when = self.taken_at.astimezone().strftime("%Y-%m-%d %H:%M")
        if not self.counts:
            return f"{when}  {self.why}  (unreadable)"
        return (f"{when}  {self.partners} partners, {self.counts.get('meetings', 0)} meetings, "
                f"{self.counts.get('actions', 0)} actions  ({self.why})")


def backups_folder(path: Path | str) -> Path:
    path = Path(path).expanduser().resolve()
    digest = hashlib.sha256(str(path).encode("utf-8", "surrogateescape")).hexdigest()[:8]
    return data_dir() / "backups" / f"{path.stem}-{digest}"


def _as_backup(found: files.BackupFile) -> Backup:
    return Backup(found.path, found.taken_at, found.reason, files.table_counts(found.path))


def list_backups(path: Path | str) -> list[Backup]:
    """The backups of portfolio `path`, newest first, with their partner (and other) counts."""
    return [_as_backup(b) for b in files.backup_files(backups_folder(path))]


def take_backup(path: Path | str, reason: str = "manual", *, output: Path | None = None,
                rotate: bool = True) -> Backup:
    """A consistent copy of portfolio `path`, in its backups folder or at `output`."""
    path = Path(path)
    database.check_file(path)
    now = dt.datetime.now(dt.UTC)
    if output is not None:
        output = Path(output)
        if output.exists():
            raise PlannerError(f"{output} already exists; name a new file for the backup.")
        refuse_to_replace(output)  # e.g. the name of a portfolio's -wal that is not there now
        if not output.parent.is_dir():
            raise PlannerError(f"The folder {output.parent} does not exist.")
        files.copy_database(path, output)
        return Backup(output, now, reason, files.table_counts(output))
    folder = backups_folder(path)
    for level in (folder.parent.parent, folder.parent, folder):  # all owner-only
        files.make_private_folder(level)
    dest = folder / files.backup_name(path.stem, now, reason)
    files.copy_database(path, dest)
    if rotate:
        rotate_backups(path, now)
    return Backup(dest, now, reason, files.table_counts(dest))


def rotate_backups(path: Path | str, now: dt.datetime | None = None) -> list[Path]:
    """Drop the backups the rotation no longer keeps; returns what was removed."""
    now = now or dt.datetime.now(dt.UTC)
    removed = []
    for b in files.to_remove(files.backup_files(backups_folder(path)), now):
        b.path.unlink(missing_ok=True)
        removed.append(b.path)
    return removed


def backup_if_due(path: Path | str) -> Backup | None:
    """The once-an-hour backup taken when a portfolio is opened for writing."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    latest = files.backup_files(backups_folder(path))
    if latest and dt.datetime.now(dt.UTC) - latest[0].taken_at < BACKUP_EVERY:
        return None
    return take_backup(path, "open")


def find_backup(path: Path | str, name: str | Path) -> Backup:
    """A backup named by path, by file name in the portfolio's folder, or 'latest'."""
    if str(name) == "latest":
        found = list_backups(path)
        if not found:
            raise PlannerError(f"There are no backups of {Path(path).name} yet.")
        return found[0]
    candidate = Path(name).expanduser()
    if not candidate.exists():
        candidate = backups_folder(path) / str(name)
    if not candidate.is_file():
        raise PlannerError(f"There is no backup {shown(name)}; "
                           f"'planner backups {shown(path)}' lists them.")
    parsed = files.parse_name(candidate)
    taken = parsed.taken_at if parsed else dt.datetime.fromtimestamp(
        candidate.stat().st_mtime, dt.UTC)
    return Backup(candidate, taken, parsed.reason if parsed else "manual",
                  files.table_counts(candidate))


def restore_backup(path: Path | str, backup: Backup | Path | str) -> Backup | None:
    """Put `backup` in place of portfolio `path`; the current file is backed up first
    (or, when damaged, kept aside). Returns the backup of the current file, if one was taken.

    Takes the portfolio's write lock: close the portfolio before restoring into it.
    """
    path = Path(path)
    source = Path(backup.path if isinstance(backup, Backup) else backup)
    files.check_backup(source)
    if not files.revision_known(source):
        raise PlannerError(f"The backup {source.name} was written by a newer version of "
                           "Partner Planner; update the app to restore it.")
    if not path.parent.is_dir():
        raise PlannerError(f"The folder {path.parent} does not exist.")
    lock = locking.acquire(path, identity_folder=identity_locks_dir())
    try:
        before = None
        if path.exists() and path.stat().st_size > 0:
            database.check_file(path)  # never restore over a file that is not a portfolio
        if path.is_file():
            database.settle_wal_for_writing(path, lock.stale_record)
        if path.exists() and path.stat().st_size > 0:
            if files.problems(path, read_only=False):
                files.move_aside(path, dt.datetime.now())
            else:
                # Not rotated yet: rotation must not drop the backup being restored.
                before = take_backup(path, "restore", rotate=False)
        files.restore_into(source, path)
        rotate_backups(path)
        return before
    finally:
        lock.release()
