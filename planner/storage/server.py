"""Opening a team portfolio: one PostgreSQL database, the same schema as a portfolio file.

What a file does with its header (application_id), a database does with its tables: a
database that holds only our tables and a revision this app knows is a portfolio; an empty
one becomes a portfolio only through `planner init URL` (create=True); anything else (other
tables, a newer schema) is refused before a byte is written. Migrations run in one
transaction under an advisory lock, so two first openers cannot both migrate.

Every call is bounded: connecting gives up after CONNECT_TIMEOUT seconds, a statement after
STATEMENT_TIMEOUT, waiting for a row lock after LOCK_TIMEOUT, and TCP keepalives notice a
network that went away, so a dead server is an error sentence, never a frozen window.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from planner.domain.errors import (
    EmptyDatabase,
    NewerSchema,
    NotAPortfolio,
    NotFound,
    PasswordRefused,
    PlannerError,
    ServerUnreachable,
)
from planner.storage import database, file_check, server_roles
from planner.storage.location import ServerLocation
from planner.storage.models import SAVER

CONNECT_TIMEOUT = 5  # seconds
STATEMENT_TIMEOUT = 30_000  # milliseconds
LOCK_TIMEOUT = 5_000
IDLE_IN_TRANSACTION_TIMEOUT = 60_000
MIGRATION_LOCK = 0x50506C6E  # pg_advisory_xact_lock key while migrating ("PPln")

log = logging.getLogger(__name__)
_locations: weakref.WeakKeyDictionary[Engine, ServerLocation] = weakref.WeakKeyDictionary()


def location_of(engine: Engine) -> ServerLocation | None:
    return _locations.get(engine)


SEARCH_COLUMNS = frozenset({"title", "body", "partner_id", "part"})


def expected_schema(revision: str) -> dict[str, frozenset[str]]:
    """The tables and columns a team portfolio at `revision` has: those of a file at that
    revision, less what only SQLite's FTS5 has (its shadow tables and hidden columns)."""
    expected = {}
    for table, columns in file_check.expected_schema(revision).items():
        if table.startswith("search_index_"):
            continue
        expected[table] = columns & SEARCH_COLUMNS if table == "search_index" else columns
    return expected


def make_server_engine(location: ServerLocation, *, read_only: bool = False) -> Engine:
    import psycopg  # only when a team portfolio is opened

    arguments = location.connect_arguments()
    arguments.setdefault("connect_timeout", CONNECT_TIMEOUT)
    arguments.setdefault("application_name", "Partner Planner")
    options = (f"-c statement_timeout={STATEMENT_TIMEOUT} -c lock_timeout={LOCK_TIMEOUT} "
               f"-c idle_in_transaction_session_timeout={IDLE_IN_TRANSACTION_TIMEOUT}")
    if read_only:
        options += " -c default_transaction_read_only=on"
    arguments["options"] = f"{arguments.get('options', '')} {options}".strip()
    arguments.update(keepalives=1, keepalives_idle=10, keepalives_interval=5,
                     keepalives_count=3)

    def connect():
        return psycopg.connect(**arguments)

    engine = create_engine("postgresql+psycopg://", creator=connect, poolclass=QueuePool,
                           pool_size=2, max_overflow=4, pool_pre_ping=True,
                           pool_timeout=CONNECT_TIMEOUT)

    @event.listens_for(engine, "connect")
    def _stamp_with_database_user(dbapi_connection, record):
        # Rows a team portfolio's user changes carry the database user, as the server
        # knows them, not whoever is logged in to the computer the app runs on.
        record.info[SAVER] = dbapi_connection.info.user

    _locations[engine] = location
    return engine


def reason(error: BaseException) -> str:
    """The server's own words, first line only, without psycopg's decoration."""
    original = getattr(error, "orig", None) or error
    diag = getattr(original, "diag", None)
    message = getattr(diag, "message_primary", None) or str(original)
    return (message.strip().splitlines() or ["no answer"])[0].rstrip(".")[:200]


def unreachable(location: ServerLocation, error: BaseException) -> PlannerError:
    """One sentence for a server that refused or did not answer."""
    words = reason(error)
    if "no password supplied" in words:
        return PasswordRefused(f"The server {location.host} needs a password for "
                               f"{location.user or 'your user'}.", supplied=False)
    if "password authentication failed" in words:
        return PasswordRefused(f"The server {location.host} did not accept the password for "
                               f"{location.user or 'your user'}; check it and try again.",
                               supplied=True)
    if "does not exist" in words and "database" in words:
        return NotFound(f"There is no database {location.database} on {location.host}; ask "
                        "whoever runs the server to create it.")
    return PlannerError(f"Cannot reach the team portfolio {location.shown}: {words}.")


# SQLSTATEs that mean the server went away or would not answer in time, not that it refused
# the change: connection exceptions (class 08), an administrator's or a crash's shutdown, a
# server still starting, and a statement cancelled by statement_timeout.
NO_ANSWER_STATES = ("08", "57P01", "57P02", "57P03", "57014")


def connection_lost(error: BaseException) -> bool:
    """Whether a database error means the server does not answer (as opposed to a refusal
    such as a conflict or a constraint): what the app shows as its banner with Retry."""
    if not isinstance(error, DBAPIError):
        return False
    original = error.orig
    if not type(original).__module__.startswith("psycopg"):
        return False  # SQLite's errors are about the file, never a server
    if error.connection_invalidated:
        return True
    state = getattr(original, "sqlstate", None)
    import psycopg

    if state is None:  # no answer at all: refused, timed out, or cut before the server spoke
        return isinstance(original, (psycopg.OperationalError, psycopg.InterfaceError))
    return state.startswith(NO_ANSWER_STATES)


def not_allowed(error: BaseException) -> bool:
    """Whether the server refused a change because the user's role may not make it."""
    original = getattr(error, "orig", None)
    return (type(original).__module__.startswith("psycopg")
            and getattr(original, "sqlstate", None) == "42501")


def no_answer(error: BaseException) -> ServerUnreachable:
    # libpq's last words say what happened ("Connection refused", "timeout expired"); what
    # comes before them ("connection to server at ..., port ... failed") says it twice
    what = reason(error).rsplit(": ", 1)[-1].strip() or "no answer"
    return ServerUnreachable(f"The server does not answer ({what}); nothing was saved.")


def tables_in(connection) -> set[str]:
    """The schema's tables and views, also those the user may not read (information_schema
    would hide them, and a portfolio someone may not read would look empty)."""
    rows = connection.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v', 'f')"))
    return {r[0] for r in rows}


def schema_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if "alembic_version" not in tables_in(connection):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def refuse_if_not_ours(connection, location: ServerLocation, *, create: bool) -> str | None:
    """The database's schema revision (None when empty), or a refusal: a database with
    tables of its own or from a newer app is never touched."""
    found = tables_in(connection)
    if not found:
        if not create:
            raise EmptyDatabase(f"The database {location.shown} holds no portfolio yet; "
                                f"create one with: planner init {location.url}")
        return None
    if "alembic_version" not in found:
        raise NotAPortfolio(f"The database {location.shown} holds other tables, not a "
                            "Partner Planner portfolio; it was left as it is.")
    if not connection.execute(text(
            "SELECT has_table_privilege('alembic_version', 'SELECT')")).scalar():
        user = connection.execute(text("SELECT current_user")).scalar()
        raise PlannerError(f"{user} may not read the team portfolio {location.shown}; ask "
                           f"its owner to run: planner grant {location.url} {user} --read")
    revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision not in database.known_revisions():
        raise NewerSchema("This team portfolio was written by a newer version of Partner "
                          "Planner; update the app to open it.")
    expected = set(expected_schema(revision)) | {"alembic_version"}
    if strangers := sorted(found - expected):
        raise NotAPortfolio(f"The database {location.shown} holds tables that are not a "
                            f"portfolio's ({strangers[0][:60]}); it was left as it is.")
    return revision


class ServerOpening:
    """What each step of opening a portfolio (services.opening.open_portfolio) means for a
    team portfolio: refuse a database that is not one, or that needs a migration this user
    may not make; no lock (PostgreSQL serves many writers, and the version column on every
    row refuses a save made over someone else's change); no check or backup of our own (the
    server keeps its pages whole; its backups are its owner's); migrate under an advisory
    lock, one migrator at a time."""

    keeps_backups = False
    checks_on_opening = False

    def __init__(self, location: ServerLocation, *, create: bool = False,
                 read_only: bool = False, as_it_is: bool = False):
        self.location = location
        self.create = create
        self.read_only = read_only
        self.as_it_is = as_it_is  # `planner check`: read an older revision, never migrate
        self._engine: Engine | None = None
        self._revision: str | None = None

    def refuse_if_not_ours(self) -> None:
        engine = make_server_engine(self.location, read_only=self.read_only)
        try:
            with engine.connect() as connection:
                revision = refuse_if_not_ours(connection, self.location, create=self.create)
                if revision != database.head_revision() and not self.as_it_is and (
                        self.read_only or not server_roles.may_migrate(
                            connection, empty=revision is None)):
                    raise needs_owner(connection, self.location)
        except DBAPIError as error:
            engine.dispose()
            raise unreachable(self.location, error) from None
        except BaseException:
            engine.dispose()
            raise
        self._engine, self._revision = engine, revision

    def lock_for_writing(self) -> None:
        """Nothing to lock: see the class."""

    def at_head(self) -> bool:
        return self._revision == database.head_revision()

    def problems(self) -> list[str]:
        return []

    def put_aside(self):  # pragma: no cover - problems() finds none to put aside for
        raise AssertionError("a team portfolio is never put aside")

    def connect(self) -> ServerDatabase:
        engine, self._engine = self._engine, None
        return ServerDatabase(self.location, engine, read_only=self.read_only,
                              create=self.create)

    def opened(self) -> None:
        """Nothing more to do once open."""

    took_over_from = None

    def release(self) -> None:
        """Nothing is held but the engine, which only a refused opening still has here."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None


def needs_owner(connection, location: ServerLocation) -> PlannerError:
    """The sentence for someone who may not change the schema (a reader, an editor) when
    the portfolio needs a migration: its owner opens it first."""
    owner = server_roles.portfolio_owner(connection)
    who = f"its owner ({owner})" if owner else "its owner"
    return PlannerError(f"The team portfolio {location.shown} needs an update to this version "
                        f"of Partner Planner that only {who} or a superuser can make; ask "
                        "the owner to open it first with this version.")


def migrate(engine: Engine, location: ServerLocation, *, create: bool) -> None:
    from alembic import command

    with engine.begin() as connection:
        # one migrator at a time; whoever waited finds the schema at head and does nothing
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                           {"key": MIGRATION_LOCK})
        revision = refuse_if_not_ours(connection, location, create=create)
        if revision == database.head_revision():
            return
        command.upgrade(database.alembic_config(connection), "head")
        # a shared portfolio's new tables are its readers' and editors' too, at once
        server_roles.grant_privileges_if_shared(connection)


def create_portfolio(location: ServerLocation, *,
                     fill: Callable[[Connection], object] | None = None,
                     doing: str = "create a portfolio in"):
    """Make the empty database at `location` a portfolio at head (`planner init URL`) and,
    with `fill`, write its rows (`planner copy`), all in one transaction: whatever fails, the
    database is left as empty as it was. A database that holds anything is refused
    untouched: other tables, a newer schema, or a portfolio already (never written over).
    Returns what `fill` returns."""
    from alembic import command

    engine = make_server_engine(location)
    try:
        try:
            connection = engine.connect()
        except DBAPIError as error:
            raise unreachable(location, error) from None
        try:
            with connection, connection.begin():
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"),
                                   {"key": MIGRATION_LOCK})
                if refuse_if_not_ours(connection, location, create=True) is not None:
                    raise PlannerError(f"The database {location.shown} already holds a "
                                       "portfolio; it was left as it is (name an empty "
                                       "database).")
                command.upgrade(database.alembic_config(connection), "head")
                return fill(connection) if fill is not None else None
        except DBAPIError as error:
            raise PlannerError(f"Cannot {doing} the database {location.shown}: "
                               f"{reason(error)}; nothing was written.") from None
    finally:
        engine.dispose()


def check_problems(engine: Engine) -> list[str]:
    """`planner check` on a server: a known revision, every table and column of it there,
    every constraint validated, and no row pointing at a missing row."""
    from planner.storage.models import Base

    problems: list[str] = []
    with engine.connect() as connection:
        found = tables_in(connection)
        if "alembic_version" not in found:
            return ["it has no schema revision"]
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        if revision not in database.known_revisions():
            return ["its schema revision is not one this version of the app knows"]
        columns: dict[str, set[str]] = {}
        for table, column in connection.execute(text(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema()")):
            columns.setdefault(table, set()).add(column)
        for table, expected in sorted(expected_schema(revision).items()):
            if table not in columns:
                problems.append(f"the table {table} is missing")
            elif missing := sorted(set(expected) - columns[table]):
                problems.append(f"the table {table} lacks the column {missing[0]}")
        for (name,) in connection.execute(text(
                "SELECT conname FROM pg_constraint c JOIN pg_namespace n "
                "ON n.oid = c.connamespace WHERE n.nspname = current_schema() "
                "AND NOT c.convalidated")):
            problems.append(f"the constraint {name} is not validated")
        if revision == database.head_revision():
            for table in Base.metadata.sorted_tables:
                for fk in table.foreign_keys:
                    problems.extend(_orphans(connection, table, fk))
    return problems


ORPHANS_NAMED = 20  # rows named one by one per foreign key; beyond, how many more


def _orphans(connection, table, fk) -> list[str]:
    """The rows of `table` whose foreign key `fk` points at no row, in the words SQLite's
    foreign key check gets in a file's check: "row 7 in ties points at a missing
    stakeholders row" (a table without ids: how many rows)."""
    parent, column, child = fk.column.table.name, fk.column.name, fk.parent.name
    missing = (f'FROM "{table.name}" t WHERE t."{child}" IS NOT NULL AND NOT EXISTS '
               f'(SELECT 1 FROM "{parent}" p WHERE p."{column}" = t."{child}")')
    count = connection.execute(text(f"SELECT count(*) {missing}")).scalar()
    if not count:
        return []
    if "id" not in table.c:
        rows = "1 row" if count == 1 else f"{count} rows"
        return [f"{rows} in {table.name} point{'s' if count == 1 else ''} at a missing "
                f"{parent} row"]
    ids = connection.execute(text(
        f"SELECT t.id {missing} ORDER BY t.id LIMIT {ORPHANS_NAMED}")).scalars()
    found = [f"row {i} in {table.name} points at a missing {parent} row" for i in ids]
    if count > ORPHANS_NAMED:
        found.append(f"{count - ORPHANS_NAMED} more rows in {table.name} point at a "
                     f"missing {parent} row")
    return found


class ServerDatabase:
    """An open team portfolio: its engine, and units of work on it (what PortfolioFile is to
    a file). `ServerOpening.connect()` makes one; `ServerDatabase.open` opens one outright."""

    def __init__(self, location: ServerLocation, engine: Engine, *, read_only: bool = False,
                 create: bool = False):
        self.location = location
        self.engine = engine
        self._create = create  # an empty database may become a portfolio (`migrate`)
        try:
            self._reader = not can_write(self.engine)  # the server lets this user only read
        except DBAPIError as error:
            self.engine.dispose()
            raise unreachable(location, error) from None
        self.read_only = read_only or self._reader
        self._closed = False

    @classmethod
    def open(cls, location: ServerLocation, *, create: bool = False, read_only: bool = False,
             as_it_is: bool = False) -> ServerDatabase:
        """Connect to the team portfolio at `location` outside the window's opening
        (`planner check`, tests): what is not one is refused, and it is migrated to head
        unless `as_it_is` (read-only: `planner check` reports an older revision as it is)."""
        opening = ServerOpening(location, create=create, read_only=read_only or as_it_is,
                                as_it_is=as_it_is)
        opening.refuse_if_not_ours()
        server = opening.connect()
        try:
            if not opening.at_head() and not as_it_is:
                server.migrate()
        except BaseException:
            server.close()
            raise
        return server

    def unit_of_work(self):
        from planner.storage.unit_of_work import READ_ONLY, UnitOfWork

        reason = READ_ONLY
        if self.read_only and self._reader:
            reason = (f"You may only read the team portfolio {self.location.shown}; your "
                      "change was not saved.")
        return UnitOfWork(self.engine, read_only=self.read_only, read_only_reason=reason)

    def migrate(self) -> None:
        """Bring the schema to head (one migrator at a time, all or nothing)."""
        try:
            migrate(self.engine, self.location, create=self._create)
        except DBAPIError as error:
            raise unreachable(self.location, error) from None

    def close(self, *, checkpoint: bool = True) -> None:
        if not self._closed:
            self._closed = True
            self.engine.dispose()

    def schema_revision(self) -> str | None:
        try:
            return schema_revision(self.engine)
        except DBAPIError as error:
            raise unreachable(self.location, error) from None

    def integrity_problems(self) -> list[str]:
        return check_problems(self.engine)

    def table_counts(self) -> dict[str, int | None]:
        from planner.storage.portfolio_file import count_rows

        return count_rows(self.engine)


def may_create_schema(location: ServerLocation) -> bool:
    """Whether the user may create a portfolio's tables in this database (`planner init`)."""
    engine = make_server_engine(location)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text(
                "SELECT has_schema_privilege(current_schema(), 'CREATE')")).scalar())
    except DBAPIError:
        return False
    finally:
        engine.dispose()


def can_write(engine: Engine) -> bool:
    """Whether the connected user may change the portfolio's rows (an editor), not only
    read them (a reader)."""
    with engine.connect() as connection:
        # An empty database about to become a portfolio has no tables yet: whoever may
        # create them (the opening checked) writes.
        return bool(connection.execute(text(
            "SELECT CASE WHEN to_regclass('partners') IS NULL THEN true "
            "ELSE has_table_privilege('partners', 'INSERT') END")).scalar())
