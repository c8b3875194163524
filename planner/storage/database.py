"""Opening a portfolio file: refusal of what is not ours, pragmas that keep edits, migrations.

A portfolio is one SQLite file. Its header carries a fixed application_id, so any other file
is refused before SQLite or Alembic touches it. Every connection runs with foreign keys on,
WAL and synchronous=FULL (a committed edit survives a power cut), and explicit BEGIN so that a
unit of work, and a migration, is all or nothing.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import sys
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from planner.domain.errors import NewerSchema, NotAPortfolio, NotFound, PlannerError
from planner.domain.quoting import shown
from planner.storage import locking, wal_files

if TYPE_CHECKING:
    from sqlalchemy import Engine

APPLICATION_ID = 0x50506C6E  # "PPln"
SQLITE_MAGIC = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection=None):
    from alembic.config import Config  # Alembic only when a migration is due: 0.5 s at launch

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


_REVISION = re.compile(r"""^(down_)?revision\s*=\s*['"]?([\w-]+|None)['"]?\s*$""", re.M)


@cache
def _revision_chain() -> dict[str, str | None]:
    """revision -> down_revision, read from the migration files' `revision = ...` lines
    without importing Alembic (tests/storage check it agrees with Alembic's own reading)."""
    chain: dict[str, str | None] = {}
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found = dict((bool(down), value) for down, value in
                     _REVISION.findall(script.read_text("utf-8")))
        if False in found:
            down = found.get(True)
            chain[found[False]] = None if down in (None, "None") else down
    return chain


def head_revision() -> str:
    chain = _revision_chain()
    (head,) = set(chain) - set(chain.values())
    return head


def known_revisions() -> set[str]:
    return set(_revision_chain())


def read_application_id(path: Path) -> int | None:
    """The application_id in an SQLite header, or None when the file is not SQLite at all."""
    with open(path, "rb") as f:
        header = f.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return None
    return int.from_bytes(header[68:72], "big")


def make_private_folders(folder: Path) -> list[Path]:
    """Create `folder` and any missing parent, each owner-only (0700 whatever the umask);
    returns the folders created, outermost first (so that a failed command can remove them)."""
    folder = Path(folder)
    missing = [f for f in [folder, *folder.parents] if not os.path.lexists(f)][::-1]
    created = []
    for level in missing:
        os.mkdir(level, 0o700)
        created.append(level)
        if os.name == "posix":
            os.chmod(level, 0o700)
    return created


def create_owner_only(path: Path) -> None:
    """Create an empty file readable by its owner only (its WAL and SHM inherit the mode)."""
    make_private_folders(path.parent)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def make_owner_only(path: Path) -> str | None:
    """Tighten a portfolio (and its -wal and -shm) that others can read to owner-only;
    returns its old mode when it was looser, None when it was owner-only already."""
    if os.name != "posix":  # pragma: no cover - Windows files carry ACLs, not modes
        return None
    st = os.stat(path)
    if not st.st_mode & 0o077 or st.st_uid != os.getuid():
        return None
    for companion in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm"))):
        if companion.exists():
            os.chmod(companion, 0o600)
    return oct(st.st_mode & 0o777)[2:]


# Told once, in one sentence, by whoever shows the user messages (the CLI prints them on
# stderr as notes; the app shows them in its status bar).
notices = logging.getLogger("planner.notices")
_told: set[str] = set()


def tell_once(message: str) -> None:
    if message not in _told:
        _told.add(message)
        notices.warning(message)


@dataclass(frozen=True)
class ReadSource:
    """Where read-only connections read a portfolio without changing a byte of it or of its
    companions: a private copy when a crash left edits in its WAL, else the file itself."""

    path: Path
    private_copy: Path | None = None
    superseded: bool = field(default=False, compare=False)

    def uri(self) -> str:
        # Asked again for every connection: a writer may have opened or closed the file
        # since. Beside a live writer, its WAL is read with mode=ro, which never checkpoints
        # nor removes anything; without one, the file alone is read as immutable (mode=ro
        # would create a -wal and -shm and leave them behind). A private copy stands in for
        # a crash's leftover WAL only until a writer opens the file (and so settles that
        # WAL): from then on the file is read, so a read-only window follows the writer.
        writer = locking.holder_if_locked(self.path) is not None
        if writer and self.private_copy is not None:
            object.__setattr__(self, "superseded", True)
        if self.private_copy is not None and not self.superseded:
            return _uri(self.private_copy, "")
        if writer:
            return _uri(self.path, "?mode=ro")
        return _uri(self.path, "?mode=ro&immutable=1")

    def connect(self, **kwargs) -> sqlite3.Connection:
        uri = self.uri()
        connection = sqlite3.connect(uri, uri=True, **kwargs)
        if "?" not in uri:  # the private copy
            connection.execute("PRAGMA query_only = ON")
        return connection

    def cleanup(self) -> None:
        if self.private_copy is not None:
            wal_files.remove_private_copy(self.private_copy)


def _uri(path: Path, query: str) -> str:
    return f"file:{urllib.parse.quote(str(Path(path).absolute()))}{query}"


def read_only_source(path: Path) -> ReadSource:
    """How to read `path` leaving every byte of it and its companions as they are.

    SQLite checkpoints into the file, rebuilds the -shm, or replays whatever -wal lies beside
    it when a connection opens or closes, even with query_only. So a WAL that no live writer
    holds is judged first (wal_files): the crash leftover of this very file is read on a
    private copy; any other is ignored (and the user told), the file read alone.
    """
    path = Path(path)
    if locking.holder_if_locked(path) is not None:
        return ReadSource(path)
    real = Path(os.path.realpath(path))  # SQLite names the WAL after the file links lead to
    verdict = wal_files.judge(real, _verify_replayed, locking.read_record(path))
    if verdict.kind == "belongs":
        return ReadSource(path, private_copy=wal_files.private_copy(real))
    if verdict.kind == "foreign":
        wal = wal_files.wal_path(real).name
        tell_once(f"{wal} beside {real.name} does not belong to it ({verdict.reason}), "
                  "so it was ignored and left as it is; opening the portfolio for "
                  "writing keeps it aside.")
    return ReadSource(path)


def settle_wal_for_writing(path: Path, recorded: dict) -> Path | None:
    """Before a writer (holding the lock) opens `path`: a WAL that does not belong to it is
    renamed aside, never replayed nor deleted, and the user told; returns its new name.
    `recorded` is what the lock file said before this writer claimed it."""
    path = Path(os.path.realpath(path))  # SQLite names the WAL after the real file
    verdict = wal_files.judge(path, _verify_replayed, recorded)
    if verdict.kind != "foreign":
        return None
    wal = wal_files.wal_path(path).name
    try:
        aside = wal_files.keep_aside(path)
    except OSError as error:
        raise PlannerError(f"{wal} beside {path.name} does not belong to it "
                           f"({verdict.reason}) and cannot be kept aside: "
                           f"{error.strerror or error}.") from None
    tell_once(f"{wal} beside {path.name} did not belong to it ({verdict.reason}), so "
                    f"it was not replayed and was kept aside as {aside.name}.")
    return aside


def _verify_replayed(copy: Path) -> list[str]:
    from planner.storage import file_check  # which builds on this module

    return file_check.verify_replayed(copy)


def database_errors() -> tuple[type[Exception], ...]:
    """What a failing read raises: sqlite3's errors, and SQLAlchemy's once it is loaded (a
    launch reads its list before; nothing can raise SQLAlchemy's errors before it is)."""
    if "sqlalchemy.exc" not in sys.modules:
        return (sqlite3.DatabaseError,)
    from sqlalchemy.exc import DatabaseError

    return (sqlite3.DatabaseError, DatabaseError)


def make_engine(path: Path, *, read_only: bool = False, source: ReadSource | None = None,
                first: sqlite3.Connection | None = None) -> Engine:
    """An engine on the file; `first`, a connection already open on it (see `connect`),
    is its first connection, and `source` where a read-only one reads (the same decision
    about its WAL as that first connection's)."""
    from sqlalchemy import URL, create_engine, event
    from sqlalchemy.pool import NullPool

    from planner.storage.plain_connection import configure, writer

    handed = [first] if first is not None else []
    # Read-only connections read through `read_only_source`, which changes nothing on disk
    # (see there). Paths go to SQLite as they are, or quoted in a URI, never through a URL
    # string, so a file named "Q3 #1?.sqlite" opens like any other.
    if read_only:
        source = source or read_only_source(path)
        engine = create_engine(
            "sqlite+pysqlite://",
            creator=lambda: handed.pop() if handed else source.connect(check_same_thread=False),
            poolclass=NullPool,
        )
        event.listen(engine, "engine_disposed", lambda _engine: source.cleanup())
    elif handed:
        engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)),
                               creator=lambda: handed.pop() if handed else writer(path))
    else:
        engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        configure(dbapi_connection, read_only=read_only)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine


# A writer's WAL is written home once it holds this much (SQLite's own default: 1,000 pages).
CHECKPOINT_AFTER_BYTES = 4 * 1024 * 1024


def watch_wal(engine: Engine, path: Path, note: Callable[[str | None], None]) -> None:
    """After every use of a writer's connection (so after every commit, before the edit is
    reported saved), hand `note` the salts of the WAL generation in use, and only then let
    the WAL be written home.

    SQLite's automatic checkpoint runs inside the commit, before `note` could record the
    generation: a kill there left committed pages half copied into the file beside a WAL
    nobody recorded, which the next opening rightly does not replay, and the file read as
    malformed. So the writer's connections checkpoint here instead, after the note."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _checkpoint_only_after_the_note(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA wal_autocheckpoint = 0")

    @event.listens_for(engine, "checkin")
    def _after_use(dbapi_connection, _record):
        note_wal(real, note)
        if dbapi_connection is None:
            return
        try:
            if os.path.getsize(wal_files.wal_path(real)) > CHECKPOINT_AFTER_BYTES:
                dbapi_connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except (OSError, sqlite3.Error):
            pass  # busy or gone: the next use, or closing, writes it home

    real = Path(os.path.realpath(path))


def note_wal(path: Path, note: Callable[[str | None], None]) -> None:
    """Hand `note` the salts of the WAL generation beside the file in use now."""
    note(wal_files.salts(Path(os.path.realpath(path))))


def close_writer(engine: Engine) -> None:
    """Write every committed page home and empty the WAL before the last connection closes,
    so that a clean close leaves no -wal behind (it waits busy_timeout for readers)."""
    try:
        raw = engine.raw_connection()
        try:
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    except (*database_errors(), sqlite3.Error):
        pass  # a reader kept it busy: SQLite's own close still checkpoints what it can
    finally:
        engine.dispose()


def schema_revision(engine: Engine) -> str | None:
    """The revision stamped in the file (Alembic's version table), None for an empty file."""
    with engine.connect() as connection:
        return revision_in(lambda sql: connection.exec_driver_sql(sql).all())


def revision_in(rows: Callable[[str], list]) -> str | None:
    """The revision stamped in Alembic's version table, through `rows` (which runs one
    statement and returns its rows); None when there is none."""
    if not rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"):
        return None
    found = rows("SELECT version_num FROM alembic_version")
    return found[0][0] if found else None


def peek_revision(path: Path) -> str | None:
    """The schema revision stamped in the file, read without writing a byte; None when the
    file holds none or cannot even be read (the integrity check then says why)."""
    # immutable: the file alone, no -wal replayed and nothing written (see read_only_source);
    # a revision only a WAL holds reads as the one before, which just means checking now.
    uri = f"file:{urllib.parse.quote(os.fspath(path))}?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(uri, uri=True)
    except sqlite3.Error:
        return None
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return None if row is None else row[0]


def at_head(path: Path) -> bool:
    """Whether the file's schema is the current one (no migration due), read without
    writing; False when it cannot even be read."""
    return peek_revision(path) == head_revision()


def migrate(engine: Engine) -> None:
    """Bring the schema to head in one transaction; refuse a file from a newer app."""
    current = schema_revision(engine)
    if current is not None and current not in known_revisions():
        raise NewerSchema(
            "This portfolio was written by a newer version of Partner Planner; "
            "update the app to open it."
        )
    if current == head_revision():
        return
    from alembic import command

    with engine.begin() as connection:
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        command.upgrade(alembic_config(connection), "head")
    # In WAL mode the new header (application_id) sits in the -wal file until a checkpoint;
    # another process reading the header would take the file for a stranger. Write it home.
    raw = engine.raw_connection()
    try:
        raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        raw.close()


def check_file(path: Path) -> None:
    """Refuse anything that is not a portfolio, before SQLite or Alembic writes a byte."""
    if not path.exists():
        raise NotFound(f"There is no portfolio at {shown(path)}.")
    if path.is_dir():
        raise NotAPortfolio(f"{shown(path)} is a folder, not a portfolio file.")
    if path.stat().st_size == 0:
        return
    try:
        app_id = read_application_id(path)
    except PermissionError:
        raise PlannerError(f"You do not have permission to read {shown(path)}.") from None
    if app_id != APPLICATION_ID:
        raise NotAPortfolio(f"{shown(path)} is not a Partner Planner portfolio.")


def open_engine(path: Path, *, create: bool = False, read_only: bool = False,
                migrate_now: bool = True) -> Engine:
    """An engine on the portfolio file `path` (created empty, owner-only, with `create`).
    For writing it is migrated to head unless `migrate_now` is False (the opening pipeline
    backs the file up first, then calls `migrate`); read-only, an empty file or a newer
    schema is refused."""
    path = Path(path)
    create_if_missing(path, create=create)
    check_file(path)
    engine = make_engine(path, read_only=read_only)
    try:
        with refusing_unreadable(path):
            if read_only:
                refuse_unreadable_revision(path, schema_revision(engine))
            elif migrate_now:
                migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return engine


def create_if_missing(path: Path, *, create: bool) -> None:
    """With `create`, a missing portfolio file is created empty, owner-only."""
    if create and not path.exists():
        try:
            create_owner_only(path)
        except OSError as error:
            raise PlannerError(f"Cannot create {shown(path)}: {error.strerror}.") from None


def refuse_unreadable_revision(path: Path, revision: str | None) -> None:
    """What opening read-only refuses: an empty file, or a schema from a newer app."""
    if revision is None:
        # An empty file: it becomes a portfolio when opened for writing, not before.
        raise NotAPortfolio(f"{shown(path)} is empty: it holds no portfolio yet.")
    if revision not in known_revisions():
        raise NewerSchema(
            "This portfolio was written by a newer version of Partner Planner; "
            "update the app to open it."
        )


@contextlib.contextmanager
def refusing_unreadable(path: Path) -> Iterator[None]:
    """A file SQLite cannot read as a database is not a portfolio: one sentence says why."""
    try:
        yield
    except database_errors() as error:
        raise NotAPortfolio(
            f"{shown(path)} cannot be opened as a portfolio: {reason(error)}.") from None


def reason(error: Exception) -> str:
    """What SQLite (through SQLAlchemy or not) said was wrong, for a sentence."""
    original = getattr(error, "orig", None) or error
    return str(original).rstrip(".")


def wal_left_behind(path: Path) -> bool:
    wal = wal_files.wal_path(Path(os.path.realpath(path)))
    return wal.exists() and wal.stat().st_size > 0
