"""The unit of work: one session, one transaction, all of a use case or none of it."""

from __future__ import annotations

from sqlalchemy import Engine, event
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from planner.domain.errors import PlannerError
from planner.storage import figures, history, records
from planner.storage.figures import partner_figures
from planner.storage.repositories import (
    ActionRepository,
    ChecklistRepository,
    DifferenceRepository,
    HealthCheckRepository,
    MeetingRepository,
    PartnerRepository,
    SettingsRepository,
    StakeholderRepository,
    TieRepository,
    ValueExchangeRepository,
)


class UnitOfWork:
    """Use as `with uow: ...; uow.commit()`. Leaving the block without commit rolls back."""

    def __init__(self, engine: Engine, *, read_only: bool = False):
        self._engine = engine
        self.read_only = read_only
        self.held: str | None = None  # why commits are held (a check still running), if so
        self.session: Session | None = None

    def __enter__(self) -> UnitOfWork:
        if self.session is not None:
            raise RuntimeError("a unit of work is already open; services do not nest")
        session = Session(self._engine, expire_on_commit=False, autoflush=False)
        self.session = session
        history.watch(session)  # who writes, for the change history's triggers
        if self.held:  # not even a flush: nothing reaches the file while commits are held
            event.listen(session, "before_flush", self._refuse_held)
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
        finally:
            self.session.close()
            self.session = None
        # Repositories flush as they go, so a conflict can surface before commit(): it is
        # the same user-facing problem and gets the same one sentence.
        if isinstance(exc, _SAVING_ERRORS):
            raise saving_problem(exc) from None

    def _refuse_held(self, *_args) -> None:
        raise PlannerError(self.held)

    def commit(self) -> None:
        if self.read_only:
            raise PlannerError("This portfolio is open read-only; your change was not saved.")
        if self.held:
            raise PlannerError(self.held)
        try:
            self.session.commit()
        except _SAVING_ERRORS as error:
            raise saving_problem(error) from None

    # whole partners and portfolio figures (see records.py and figures.py)
    def load_records(self, partner_ids=None):
        return records.load_records(self, partner_ids)

    def insert_records(self, partner_records, *, keep_ids=False):
        return records.insert_records(self, partner_records, keep_ids=keep_ids)

    def partner_figures(self, today):
        return partner_figures(self, today)

    def value_totals(self):
        return figures.value_totals(self)

    def open_differences(self):
        return figures.open_differences(self)


_SAVING_ERRORS = (StaleDataError, IntegrityError, OperationalError)


def saving_problem(error: Exception) -> PlannerError:
    """One sentence for a change the database refused."""
    if isinstance(error, StaleDataError):
        return PlannerError("Someone else changed this in the meantime; reload and try again.")
    if isinstance(error, IntegrityError):
        return PlannerError(f"The change conflicts with what is stored: {error.orig}.")
    return PlannerError(f"The change could not be saved: {getattr(error, 'orig', error)}.")
