"""The unit of work: one session, one transaction, all of a use case or none of it."""

from __future__ import annotations

from sqlalchemy import Engine, event
from sqlalchemy.exc import DataError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from planner.domain.errors import PlannerError
from planner.storage import figures, history, records, server, write_rights
from planner.storage.figures import partner_figures
from planner.storage.repositories import (
    ActionRepository,
    ChecklistRepository,
    DifferenceRepository,
    HealthCheckRepository,
    MeetingRepository,
    PartnerRepository,
    StakeholderRepository,
    TieRepository,
    ValueExchangeRepository,
)
from planner.storage.settings import SettingsRepository

READ_ONLY = "This portfolio is open read-only; your change was not saved."


class UnitOfWork:
    """Use as `with uow: ...; uow.commit()`. Leaving the block without commit rolls back."""

    def __init__(self, engine: Engine, *, read_only: bool = False,
                 read_only_reason: str = READ_ONLY):
        self._engine = engine
        self.read_only = read_only
        self.read_only_reason = read_only_reason  # the sentence a refused change gets
        self.held: str | None = None  # why commits are held (a check still running), if so
        self.session: Session | None = None

    def __enter__(self) -> UnitOfWork:
        if self.session is not None:
            raise RuntimeError("a unit of work is already open; services do not nest")
        session = Session(self._engine, expire_on_commit=False, autoflush=False)
        self.session = session
        session.info[write_rights.NOT_ALLOWED] = self.read_only_reason
        if not self.read_only:
            history.watch(session)  # who writes, for the change history's triggers
        if self.read_only:  # not even a flush or an UPDATE: a change is refused before
            # the database sees it (which would refuse it too, with a cruder message)
            session.info[history.REFUSE_WRITES] = self.read_only_reason
            event.listen(session, "before_flush", self._refuse_read_only)
            event.listen(session, "do_orm_execute", self._refuse_changing_statement)
        elif self.held:  # not even a flush: nothing reaches the file while commits are held
            event.listen(session, "before_flush", self._refuse_held)
            session.info[history.REFUSE_WRITES] = self.held
        self.partners = PartnerRepository(session)
        self.stakeholders = StakeholderRepository(session)
        self.ties = TieRepository(session)
        self.differences = DifferenceRepository(session)
        self.meetings = MeetingRepository(session)
        self.actions = ActionRepository(session)
        self.value = ValueExchangeRepository(session)
        self.health = HealthCheckRepository(session)
        self.checklist = ChecklistRepository(session)
        self.settings = SettingsRepository(session)
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        try:
            self.session.rollback()
        except DBAPIError as error:  # a lost connection cannot roll back: it is gone anyway
            if exc is None or not server.connection_lost(error):
                raise
        finally:
            self.session.close()
            self.session = None
        if isinstance(exc, DBAPIError) and server.connection_lost(exc):
            raise server.no_answer(exc) from None
        if isinstance(exc, DBAPIError) and server.not_allowed(exc):
            raise PlannerError(self.read_only_reason) from None  # the server's roles said no
        # Repositories flush as they go, so a conflict can surface before commit(): it is
        # the same user-facing problem and gets the same one sentence.
        if is_saving_error(exc):
            raise saving_problem(exc) from None

    def _refuse_held(self, *_args) -> None:
        raise PlannerError(self.held)

    def _refuse_read_only(self, *_args) -> None:
        raise PlannerError(self.read_only_reason)

    def _refuse_changing_statement(self, state) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            raise PlannerError(self.read_only_reason)

    def commit(self) -> None:
        if self.read_only:
            raise PlannerError(self.read_only_reason)
        if self.held:
            raise PlannerError(self.held)
        try:
            self.session.commit()
        except Exception as error:
            if server.connection_lost(error):  # a team portfolio's server went away
                raise server.no_answer(error) from None
            if is_saving_error(error):
                raise saving_problem(error) from None
            raise

    # whole partners and portfolio figures (see records.py and figures.py)
    def load_records(self, partner_ids=None):
        return records.load_records(self, partner_ids)

    def insert_records(self, partner_records, *, keep_ids=False):
        return records.insert_records(self, partner_records, keep_ids=keep_ids)

    def partner_figures(self, today, value_since):
        return partner_figures(self, today, value_since)

    def value_totals(self):
        return figures.value_totals(self)

    def open_differences(self):
        return figures.open_differences(self)


# DataError: a value the columns cannot hold (a server enforces lengths, integer ranges and
# text without NUL; SQLite does not): the services keep values within what both engines
# hold, and whatever gets past them is a sentence, never the server's traceback.
_SAVING_ERRORS = (StaleDataError, IntegrityError, OperationalError, DataError)
# PostgreSQL's refusals of a change the user has no right to make: no privilege on the
# table, or a read-only transaction. Whatever let the change through above, it ends here.
REFUSED_STATES = frozenset({"42501", "25006"})


def _sqlstate(error: BaseException) -> str | None:
    return getattr(getattr(error, "orig", None), "sqlstate", None)


# A trigger that raised (PL/pgSQL's RAISE, class P0): the database refused the change, as
# SQLite's RAISE(ABORT) in a trigger does (an IntegrityError there).
RAISED_STATES = ("P0",)


def is_saving_error(error: BaseException | None) -> bool:
    return isinstance(error, _SAVING_ERRORS) or (
        isinstance(error, DBAPIError) and (_sqlstate(error) in REFUSED_STATES
                                           or (_sqlstate(error) or "").startswith(RAISED_STATES)))


def saving_problem(error: Exception) -> PlannerError:
    """One sentence for a change the database refused."""
    if _sqlstate(error) in REFUSED_STATES:
        diag = getattr(getattr(error, "orig", None), "diag", None)
        words = (getattr(diag, "message_primary", None) or "permission denied")[:120]
        return PlannerError(f"The server refused the change ({words.rstrip('.')}); it was "
                            "not saved.")
    if isinstance(error, DataError):
        return PlannerError(f"The change holds a value the portfolio cannot store "
                            f"({server.reason(error)[:120]}); it was not saved.")
    if isinstance(error, StaleDataError):
        return PlannerError("Someone else changed this in the meantime; reload and try again.")
    # The database's own words, first line only: a server adds DETAIL and CONTEXT lines
    words = server.reason(error)
    if isinstance(error, IntegrityError):
        return PlannerError(f"The change conflicts with what is stored: {words}.")
    return PlannerError(f"The change could not be saved: {words}.")
