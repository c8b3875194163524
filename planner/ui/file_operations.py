"""File menu work: open, new, save a copy, JSON import and export, the sample portfolio.

Each operation asks for what it needs (a file dialog), then runs the service call in the
background with progress (planner/ui/background.py) and reports back on the GUI thread: a
status message when it worked, a dialog with the one-sentence reason when it did not.
The `*_path` methods take the path directly, for tests and for the command line.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.domain.errors import (
    DuplicateName,
    PasswordRefused,
    PlannerError,
    PortfolioDamaged,
    PortfolioLocked,
    ServerUnreachable,
)
from planner.services.opening import opening_work, start_opening  # noqa: F401 (re-exported)
from planner.services.portfolio import (
    Location,
    ServerLocation,
    open_portfolio,
    parse_location,
    sample_portfolio_path,
)
from planner.ui.background import run_in_background

PORTFOLIO_SUFFIX = ".sqlite"


def portfolio_stem(portfolio) -> str:
    """What a file made from the portfolio is named after: the file's stem, or a team
    portfolio's database."""
    return portfolio.location.database if portfolio.is_team else portfolio.path.stem


def choose(box: QMessageBox):
    """Show a question box and return the button the user pressed (tests replace this)."""
    box.exec()
    return box.clickedButton()


class FileOperations(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.settings = window.settings

    # dialogs ---------------------------------------------------------------------------------
    def _portfolio_filter(self) -> str:
        return self.tr("Partner Planner portfolios (*.sqlite *.db);;All files (*)")

    def _json_filter(self) -> str:
        return self.tr("Partner Planner JSON (*.json);;All files (*)")

    def _ask_open(self, title: str, filters: str) -> Path | None:
        path, _ = QFileDialog.getOpenFileName(self.window, title, self.settings.last_directory(),
                                              filters)
        return self._remember(path)

    def _ask_save(self, title: str, filters: str, suffix: str, name: str = "") -> Path | None:
        start = str(Path(self.settings.last_directory()) / name) if name else \
            self.settings.last_directory()
        path, _ = QFileDialog.getSaveFileName(self.window, title, start, filters)
        if path and not Path(path).suffix:
            path += suffix
        return self._remember(path)

    def _remember(self, path: str) -> Path | None:
        if not path:
            return None
        self.settings.remember_directory(Path(path))
        return Path(path)

    # errors ----------------------------------------------------------------------------------
    def show_error(self, title: str, error: Exception) -> None:
        session = self.window.session
        if isinstance(error, ServerUnreachable) and session is not None:
            session.lost_server(unsaved=False)  # the banner says it, with Retry
            return
        if isinstance(error, PlannerError):
            QMessageBox.warning(self.window, title, str(error))
            return
        traceback.print_exception(error, file=sys.stderr)  # a bug: keep its trace for a report
        QMessageBox.critical(self.window, title, self.tr(
            "Something unexpected went wrong: {0}. Nothing was changed.").format(error))

    # opening ---------------------------------------------------------------------------------
    def new_portfolio(self) -> None:
        path = self._ask_save(self.tr("New portfolio"), self._portfolio_filter(),
                              PORTFOLIO_SUFFIX, self.tr("portfolio") + PORTFOLIO_SUFFIX)
        if path is None:
            return
        if path.exists() and path.stat().st_size:
            QMessageBox.warning(self.window, self.tr("New portfolio"), self.tr(
                "There is already a file at {0}; choose a new name, or open it with "
                "File > Open.").format(path))
            return
        self.open_path(path, create=True)

    def open_dialog(self) -> None:
        path = self._ask_open(self.tr("Open portfolio"), self._portfolio_filter())
        if path is not None:
            self.open_path(path)

    def open_path(self, path: Location | str, *, create: bool = False,
                  read_only: bool = False, on_failure=None,
                  started: Future | None = None) -> None:
        """Open in the background; the window switches over only once it is open and loaded.
        A `postgresql://` location connects to a team portfolio (see `connect_to`). `started`
        is the same opening already under way (see `start_opening`)."""
        location = parse_location(path)
        if isinstance(location, ServerLocation):
            self.connect_to(location, create=create, read_only=read_only,
                            on_failure=on_failure)
            return
        path = location

        def failed(error):
            if isinstance(error, PortfolioLocked):
                self._offer_read_only(path, error, on_failure)
            elif isinstance(error, PortfolioDamaged):
                self._offer_restore(path, error, on_failure)
            else:
                self.show_error(self.tr("Cannot open {0}").format(path.name), error)
                if on_failure:
                    on_failure()

        run_in_background(self.window, self.tr("Opening {0}\u2026").format(path.name),
                          opening_work(path, create=create, read_only=read_only)
                          if started is None else started.result,
                          lambda result: self.opened(path, *result, on_failure=on_failure),
                          failed)

    def opened(self, location: Location, portfolio, summaries, *, on_failure=None) -> None:
        """A portfolio opened and read in the background: the window shows it now."""
        self.settings.add_recent_location(location)
        self.window.set_portfolio(portfolio, summaries)
        self._finish_opening(portfolio, on_failure)

    def connect_to(self, location: ServerLocation, *, create: bool = False,
                   read_only: bool = False, on_failure=None) -> None:
        """Open a team portfolio with the password the URL, the keyring or this session
        has (or none: libpq then tries PGPASSWORD and ~/.pgpass); when the server wants one
        it was not given, or refuses it, the Connect dialog asks, with the fields filled.
        The keyring is asked in the background: a locked or stuck one leaves the window
        responsive, and when it does not answer in time the Connect dialog asks instead."""
        from planner.ui import passwords

        def found(stored: str | None) -> None:
            self.window.statusBar().clearMessage()
            self._connect_with(location, stored, create=create, read_only=read_only,
                               on_failure=on_failure)

        def late() -> None:
            self.window.statusBar().clearMessage()
            self.connect_dialog(location, on_failure=on_failure, message=self.tr(
                "The system keyring did not answer within {0} seconds; type the password "
                "to connect.").format(round(passwords.KEYRING_WAIT_S)))

        if location.password is not None:
            found(None)
            return
        self.window.show_message(self.tr("Looking up the password for {0} in the system "
                                         "keyring\u2026").format(location.shown))
        passwords.look_up(self.window, location, found, late)

    def _connect_with(self, location: ServerLocation, stored: str | None, *, create: bool,
                      read_only: bool, on_failure) -> None:
        from planner.ui import passwords

        attempt = location if stored is None else location.with_password(stored)

        def failed(error):
            if isinstance(error, PasswordRefused):
                if stored is not None and error.supplied:
                    passwords.forget_password_later(location)  # no longer the server's
                self.connect_dialog(location, message=str(error), on_failure=on_failure)
                return
            self.show_error(self.tr("Cannot open {0}").format(location.shown), error)
            if on_failure:
                on_failure()

        run_in_background(self.window, self.tr("Connecting to {0}\u2026").format(
            location.shown), opening_work(attempt, create=create, read_only=read_only),
            lambda result: self.opened(attempt, *result, on_failure=on_failure), failed)

    def connect_dialog(self, location: ServerLocation | None = None, *, message: str = "",
                       on_failure=None):
        """File > Connect to a Team Portfolio: the dialog, filled from `location` or from
        the last connection."""
        from planner.ui.connect_dialog import ConnectDialog

        if location is None:
            location = next((r for r in self.settings.recent_locations()
                             if isinstance(r, ServerLocation)), None)
        dialog = ConnectDialog(self.window, location, message=message)
        if on_failure:
            dialog.rejected.connect(on_failure)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _finish_opening(self, portfolio, on_failure) -> None:
        """The integrity check and the hourly backup, quietly after the window shows the
        portfolio (edits wait for the check); a damaged file is closed and put aside."""
        if portfolio.checked:
            return
        self.window.show_message(self.tr("Checking {0}…").format(portfolio.path.name))

        def checked(healthy: bool) -> None:
            session = self.window.session
            if session is None or session.portfolio is not portfolio:
                return  # closed (or another opened) in the meantime
            if healthy:
                self.window.show_message(self.tr("{0} checked.").format(portfolio.path.name))
                return
            try:
                portfolio.close_damaged()
            except PortfolioDamaged as error:
                self.window.close_portfolio()
                self._offer_restore(portfolio.path, error, on_failure)

        def failed(error) -> None:  # e.g. no room for the backup: editing would risk the file
            self.window.close_portfolio()
            self.show_error(self.tr("Cannot open {0}").format(portfolio.path.name), error)

        run_in_background(self.window, None, portfolio.finish_opening, checked, failed)

    def _offer_read_only(self, path: Path, error: PortfolioLocked, on_failure) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Portfolio in use"), str(error),
                          parent=self.window)
        who = ", ".join(x for x in (error.user, error.host) if x)
        if who or error.since:
            box.setInformativeText(self.tr("Opened by {0} since {1}. You can open it read-only "
                                           "to look and print briefs.").format(
                who or self.tr("someone"), error.since or self.tr("a while")))
        read_only = box.addButton(self.tr("Open read-only"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(read_only)
        if choose(box) is read_only:
            self.open_path(path, read_only=True, on_failure=on_failure)
        elif on_failure:
            on_failure()

    def _offer_restore(self, path: Path, error: PortfolioDamaged, on_failure) -> None:
        box = QMessageBox(QMessageBox.Icon.Critical, self.tr("Portfolio damaged"), str(error),
                          parent=self.window)
        restore = None
        if error.backups:
            box.setInformativeText(self.tr("The latest backup can be restored in its place."))
            restore = box.addButton(self.tr("Restore the latest backup"),
                                    QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(restore)
        box.addButton(QMessageBox.StandardButton.Cancel)
        if restore is None or choose(box) is not restore:
            if on_failure:
                on_failure()
            return

        def work():
            from planner.services import backups  # another engineer's module, loaded on use

            return backups.restore_backup(path, error.backups[0])

        def failed(problem):
            self.show_error(self.tr("Cannot restore the backup"), problem)
            if on_failure:
                on_failure()

        run_in_background(self.window, self.tr("Restoring the latest backup\u2026"), work,
                          lambda _: self.open_path(path, on_failure=on_failure), failed)

    def explore_sample(self) -> None:
        """Open the sample in its own file (written on first use), never in the user's data."""
        path = sample_portfolio_path()
        if path.exists():
            self.open_path(path)
            return

        def work():
            from planner.services import portfolio_io

            with open_portfolio(path, create=True) as sample:
                portfolio_io.import_records(sample.uow(),
                                            portfolio_io.sample_records(dt.date.today()))

        def failed(error):
            path.unlink(missing_ok=True)
            self.show_error(self.tr("Cannot write the sample portfolio"), error)

        run_in_background(self.window, self.tr("Writing the sample portfolio\u2026"), work,
                          lambda _: self.open_path(path), failed)

    # copies, import, export ------------------------------------------------------------------
    def save_copy(self) -> None:
        session = self.window.session
        if session is None:
            return
        name = portfolio_stem(session.portfolio) + self.tr(" copy") + PORTFOLIO_SUFFIX
        path = self._ask_save(self.tr("Save a copy as"), self._portfolio_filter(),
                              PORTFOLIO_SUFFIX, name)
        if path is not None:
            self.save_copy_to(path)

    def save_copy_to(self, path: Path) -> None:
        session = self.window.session
        if not session.portfolio.is_team and path.resolve() == session.portfolio.path.resolve():
            QMessageBox.warning(self.window, self.tr("Save a copy as"), self.tr(
                "Choose another file: this is the open portfolio itself."))
            return
        run_in_background(
            self.window, self.tr("Saving a copy\u2026"),
            lambda: session.portfolio.save_copy(path),
            lambda _: self.window.show_message(self.tr("Saved a copy to {0}.").format(path)),
            lambda error: self.show_error(self.tr("Cannot save a copy"), error))

    def export_json(self) -> None:
        session = self.window.session
        if session is None:
            return
        path = self._ask_save(self.tr("Export portfolio"), self._json_filter(), ".json",
                              portfolio_stem(session.portfolio) + ".json")
        if path is not None:
            self.export_json_to(path)

    def export_json_to(self, path: Path) -> None:
        from planner.services import portfolio_io  # not a cost of every launch

        session = self.window.session
        run_in_background(
            self.window, self.tr("Exporting\u2026"),
            lambda: portfolio_io.export_json(session.uow(), path),
            lambda count: self.window.show_message(
                self.tr("Exported %n partner(s) to {0}.", "", count).format(path)),
            lambda error: self.show_error(self.tr("Cannot export"), error))

    def import_json(self) -> None:
        if self.window.session is None:
            return
        path = self._ask_open(self.tr("Import partners"), self._json_filter())
        if path is not None:
            self.import_json_from(path)

    def import_json_from(self, path: Path, *, replace: bool = False) -> None:
        from planner.services import portfolio_io  # not a cost of every launch

        session = self.window.session

        def done(result):
            # An import is one transaction but not a command: it cannot be undone, and after
            # a replacement older commands may name partners that are gone.
            session.undo_stack.clear()
            session.changed.emit(0)
            self.window.show_message(self.tr("Imported {0} partners ({1} replaced).").format(
                result.added + result.replaced, result.replaced))

        def failed(error):
            if isinstance(error, DuplicateName) and not replace:
                answer = QMessageBox.question(
                    self.window, self.tr("Partners already in the portfolio"),
                    self.tr("Some partners in {0} are already in this portfolio. Replace "
                            "them with the imported ones?").format(path.name),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                    QMessageBox.StandardButton.Cancel)
                if answer == QMessageBox.StandardButton.Yes:
                    self.import_json_from(path, replace=True)
                return
            self.show_error(self.tr("Cannot import {0}").format(path.name), error)

        run_in_background(self.window, self.tr("Importing {0}\u2026").format(path.name),
                          lambda: portfolio_io.import_json(session.uow(), path, replace=replace),
                          done, failed)
