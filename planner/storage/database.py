"""Opening a portfolio file: refusal of what is not ours, pragmas that keep edits, migrations.

A portfolio is one SQLite file. Its header carries a fixed application_id, so any other file
is refused before SQLite or Alembic touches it. Every connection runs with foreign keys on,
WAL and synchronous=FULL (a committed edit survives a power cut), and explicit BEGIN so that a
unit of work, and a migration, is all or nothing.
"""

from __future__ import annotations

import os
import re
import sqlite3
import urllib.parse
from collections.abc import Callable
from functools import cache
from pathlib import Path

from sqlalchemy import URL, Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.pool import NullPool

from planner.domain.errors import NewerSchema, NotAPortfolio, NotFound, PlannerError

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


def create_owner_only(path: Path) -> None:
    """Create an empty file readable by its owner only (its WAL and SHM inherit the mode)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def on_read_only_media(path: Path) -> bool:
    """A WAL file in a folder nobody can write (a read-only mount, a CD) cannot get the -shm
    that SQLite's readers need; such a file cannot change either, so it is read as immutable."""
    path = Path(path)
    shm = path.with_name(path.name + "-shm")
    return not os.access(path.parent, os.W_OK) and not shm.exists()


def make_engine(path: Path, *, read_only: bool = False) -> Engine:
    # Read-only is SQLite's query_only, not the mode=ro URI: a mode=ro connection to a WAL
    # file creates the -wal and -shm files and cannot remove them when it closes, so
    # `planner check` or `export` would leave files behind. query_only refuses every write
    # and the last connection cleans up as usual. Only on read-only media, where nothing can
    # be created or changed, is the file opened as immutable.
    # Paths go to SQLite as they are, never through a URL string, so a file named
    # "Q3 #1?.sqlite" opens like any other.
    if read_only and on_read_only_media(path):
        uri = f"file:{urllib.parse.quote(str(path))}?mode=ro&immutable=1"
        engine = create_engine(
            "sqlite+pysqlite://",
            creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
            poolclass=NullPool,
        )
    else:
        engine = create_engine(URL.create("sqlite+pysqlite", database=str(path)))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the driver, decide where transactions begin (see "begin").
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 5000")
        if read_only:
            cursor.execute("PRAGMA query_only = ON")
        else:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN")

    return engine


def schema_revision(engine: Engine) -> str | None:
    """The revision stamped in the file (Alembic's version table), None for an empty file."""
    with engine.connect() as connection:
        if connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
        ).first() is None:
            return None
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()


def at_head(path: Path) -> bool:
    """Whether the file's schema is the current one (no migration due), read without
    writing; False when it cannot even be read (the integrity check then says why)."""
    try:
        connection = sqlite3.connect(path)  # query_only, not mode=ro: see make_engine
    except sqlite3.Error:
        return False
    try:
        connection.execute("PRAGMA query_only = ON")
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return False
    finally:
        connection.close()
    return row is not None and row[0] == head_revision()


def migrate(engine: Engine, *, before_migration: Callable[[str | None], None] | None = None) -> None:
    """Bring the schema to head in one transaction; refuse a file from a newer app."""
    current = schema_revision(engine)
    if current is not None and current not in known_revisions():
        raise NewerSchema(
            "This portfolio was written by a newer version of Partner Planner; "
            "update the app to open it."
        )
    if current == head_revision():
        return
    if before_migration is not None and current is not None:
        before_migration(current)
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
        raise NotFound(f"There is no portfolio at {path}.")
    if path.is_dir():
        raise NotAPortfolio(f"{path} is a folder, not a portfolio file.")
    if path.stat().st_size == 0:
        return
    try:
        app_id = read_application_id(path)
    except PermissionError:
        raise PlannerError(f"You do not have permission to read {path}.") from None
    if app_id != APPLICATION_ID:
        raise NotAPortfolio(f"{path} is not a Partner Planner portfolio.")


def open_engine(
    path: Path,
    *,
    create: bool = False,
    read_only: bool = False,
    before_migration: Callable[[str | None], None] | None = None,
) -> Engine:
    path = Path(path)
    if create and not path.exists():
        try:
            create_owner_only(path)
        except OSError as error:
            raise PlannerError(f"Cannot create {path}: {error.strerror}.") from None
    check_file(path)
    engine = make_engine(path, read_only=read_only)
    try:
        if read_only:
            revision = schema_revision(engine)
            if revision is None:
                # An empty file: it becomes a portfolio when opened for writing, not before.
                raise NotAPortfolio(f"{path} is empty: it holds no portfolio yet.")
            if revision not in known_revisions():
                raise NewerSchema(
                    "This portfolio was written by a newer version of Partner Planner; "
                    "update the app to open it."
                )
        else:
            migrate(engine, before_migration=before_migration)
    except (DatabaseError, OperationalError, sqlite3.DatabaseError) as error:
        engine.dispose()
        raise NotAPortfolio(f"{path} cannot be opened as a portfolio: {_reason(error)}.") from None
    except BaseException:
        engine.dispose()
        raise
    return engine


def _reason(error: Exception) -> str:
    original = getattr(error, "orig", None) or error
    return str(original).rstrip(".")


def integrity_problems(engine: Engine, *, quick: bool = False) -> list[str]:
    """SQLite's integrity (or quick) check and the foreign-key check; empty when healthy."""
    pragma = "quick_check" if quick else "integrity_check"
    try:
        with engine.connect() as connection:
            rows = [r[0] for r in connection.execute(text(f"PRAGMA {pragma}"))]
            problems = [r for r in rows if r != "ok"]
            for row in connection.execute(text("PRAGMA foreign_key_check")):
                problems.append(f"row {row[1]} in {row[0]} points at a missing {row[2]} row")
    except DatabaseError as error:
        # So damaged that the check itself cannot run: that is the finding, not a crash.
        return [_reason(error)]
    return problems
