"""The open portfolio as the window sees it: services, undo, and change notices.

Every edit in the app is a `ServiceCommand` pushed here: its `redo` calls a service (one
transaction), its `undo` calls the inverse service, and both announce what changed so every
view refreshes itself. Nothing in the UI touches storage.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from planner.domain.errors import EditConflict, PlannerError, ServerUnreachable
from planner.services.portfolio import Portfolio


def today() -> dt.date:
    """Today's local date, as dt.date.today() gives it, kept for up to a minute (and never
    past midnight). A list asks once per row (whether a checklist item is done, an action
    overdue), and each reading of the local date cost 20 to 100 microseconds here: the C
    library consults the time zone, and date.today() imports `time` as well, through
    PySide6's Python import hook. A change of time zone (a laptop landing) shows within
    the minute."""
    now = _clock()
    if now >= _TODAY[1]:
        date = dt.date.fromtimestamp(now)
        midnight = dt.datetime.combine(date + dt.timedelta(days=1), dt.time()).timestamp()
        _TODAY[:] = [date, min(midnight, now + 60)]
    return _TODAY[0]


_TODAY: list = [None, 0.0]  # the date, and until when it holds
_clock = time.time


class AppSession(QObject):
    """One open portfolio. Emits `changed(partner_id)` after every edit (0: the portfolio)."""

    changed = Signal(int)
    failed = Signal(str)  # a user-facing sentence when an edit could not be saved
    # a team portfolio's server did not answer (True: while saving an edit); the window
    # shows its banner with Retry instead of a dialog per failed call
    unreachable = Signal(bool)

    def __init__(self, portfolio: Portfolio, parent: QObject | None = None):
        super().__init__(parent)
        self.portfolio = portfolio
        self.undo_stack = QUndoStack(self)
        # True while an edit runs whose refusal is shown next to its field or in its dialog;
        # the window then leaves `failed` alone (it shows only undo's and redo's refusals).
        self.capturing = False
        # The last refusal of an edit, for a form that wants more than its sentence (a
        # conflict carries the record as someone else saved it).
        self.last_refusal: PlannerError | None = None
        self._settings = None
        self.server_lost = False  # the last call found the server gone (until Retry works)
        # an edit of the portfolio itself (partner 0, as the settings dialog edits) may have
        # changed the settings; an edit of one partner cannot
        self.changed.connect(self._forget_settings)
        with contextlib.suppress(ServerUnreachable):  # the banner says it; Retry reads again
            self.settings()

    def settings(self):
        """The portfolio's own settings (name, currency), read once and kept until an edit:
        a partner's tabs then load in the one read transaction of the partner itself."""
        if self._settings is None:
            from planner.services.portfolio_settings import read_settings

            # the window's first reading comes with the list read at opening, if it did
            self._settings = (self.portfolio.take_settings_read_at_opening()
                              or self.call(read_settings))
        return self._settings

    def forget_settings(self) -> None:
        self._settings = None

    def _forget_settings(self, partner_id: int = 0) -> None:
        if partner_id == 0:
            self._settings = None

    def uow(self):
        return self.portfolio.uow()

    @property
    def read_only(self) -> bool:
        return self.portfolio.read_only

    @staticmethod
    def today() -> dt.date:
        return today()

    def call(self, service: Callable[..., Any], *args, **kwargs) -> Any:
        """Run a read-only service call on this portfolio: `session.call(partners.list_partners)`.

        A server that does not answer raises ServerUnreachable after announcing it
        (`unreachable`), so the caller only has to stop, not to tell the user."""
        try:
            return service(self.uow(), *args, **kwargs)
        except ServerUnreachable:
            self.lost_server(unsaved=False)
            raise

    def lost_server(self, *, unsaved: bool) -> None:
        self.server_lost = True
        self.unreachable.emit(unsaved)

    def edit(self, text: str, do: Callable[[], Any], undo: Callable[[Any], Any],
             partner_id: int = 0) -> bool:
        """Do an edit as an undoable command. `do()` returns what `undo(result)` needs.

        Returns False (and emits `failed`) when the service refused the edit: nothing was
        saved and nothing is pushed on the undo stack.
        """
        command = ServiceCommand(self, text, do, undo, partner_id)
        self.last_refusal = None
        try:
            command.first_run()
        except PlannerError as error:
            self.refused(error, partner_id)
            return False
        self.undo_stack.push(command)
        return True

    def refused(self, error: PlannerError, partner_id: int) -> None:
        """Say why an edit was not saved. When someone else changed the record meanwhile,
        the views reload first, so the sentence sits beside their change."""
        self.last_refusal = error
        if isinstance(error, ServerUnreachable):
            self.lost_server(unsaved=True)
        if isinstance(error, EditConflict):
            self.changed.emit(partner_id)
        self.failed.emit(str(error))


class ServiceCommand(QUndoCommand):
    """An undoable edit: each direction is one service call, one transaction."""

    def __init__(self, session: AppSession, text: str, do, undo, partner_id: int):
        super().__init__(text)
        self._session, self._do, self._undo, self._partner_id = session, do, undo, partner_id
        self._result = None
        self._done_once = False

    def first_run(self) -> None:
        self._result = self._do()
        self._done_once = True

    def redo(self) -> None:  # QUndoStack.push calls redo; the first run already happened
        if self._done_once:
            self._done_once = False
        else:
            self._guarded(lambda: setattr(self, "_result", self._do()))
        self._session.changed.emit(self._partner_id)

    def undo(self) -> None:
        self._guarded(lambda: self._undo(self._result))
        self._session.changed.emit(self._partner_id)

    def _guarded(self, action) -> None:
        try:
            action()
        except PlannerError as error:  # e.g. an undo over someone else's later change
            self._session.refused(error, self._partner_id)
            self.setObsolete(True)
