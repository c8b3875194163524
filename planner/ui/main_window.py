"""The main window: the portfolio table on the left, home view or partner workspace right.

The window composes parts that each do one job: PortfolioPanel (table and filters),
HomeView / WelcomePanel, the PartnerWorkspace (another module), WindowActions (menus and
shortcuts), FileOperations (open, import, export) and Settings. It holds the open
portfolio's AppSession and refreshes every view when the session says something changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from planner import collector
from planner.domain.attention import PartnerSummary
from planner.domain.errors import ServerUnreachable
from planner.services import partners
from planner.services.portfolio import Location, Portfolio, ServerLocation
from planner.ui import about, partner_commands
from planner.ui.actions import WindowActions
from planner.ui.add_partner_dialog import AddPartnerDialog
from planner.ui.features import call_feature
from planner.ui.file_operations import FileOperations
from planner.ui.home_view import HomeView, NoPortfolioPage, WelcomePanel
from planner.ui.icons import forget_icons, icon
from planner.ui.live_updates import LiveUpdates
from planner.ui.portfolio_view import PortfolioPanel
from planner.ui.search_dialog import SearchDialog
from planner.ui.server_banner import ServerBanner, ServerWatch
from planner.ui.session import AppSession
from planner.ui.settings import (
    SPLITTER_STATE,
    STAGE_FILTER,
    TABLE_HEADER,
    WINDOW_GEOMETRY,
    WINDOW_STATE,
    Settings,
)
from planner.ui.status_line import PartnerCounts, SessionMode

if TYPE_CHECKING:
    from planner.ui.workspace import PartnerWorkspace

MINIMUM_SIZE = (1024, 700)
SCREEN_SHARE = 0.8  # a first launch opens at this share of the screen's available area
TABLE_SHARE = 0.45  # of the window's width, for the portfolio table on a first launch
PREPARE_WORKSPACE_MS = 150  # after the filled table shows: nobody chooses a partner sooner
STATUS_MESSAGE_MS = 6000


class MainWindow(QMainWindow):
    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings or Settings()
        self.session: AppSession | None = None
        self.live: LiveUpdates | None = None  # others' changes, followed while open
        self._workspace: PartnerWorkspace | None = None  # built when first shown
        self.files = FileOperations(self)
        self.undo_group = QUndoGroup(self)
        self.actions = WindowActions(self, self.undo_group)
        self.actions.build_menus()
        self.setWindowIcon(icon("app"))
        self.setMinimumSize(800, 560)

        self.panel = PortfolioPanel()
        self.home = HomeView()
        self.welcome = WelcomePanel()
        self.right = QStackedWidget()
        self.right.setAccessibleName(self.tr("Partner details"))
        self.right.addWidget(self.home)
        self.right.addWidget(self.welcome)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(self.right)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.no_portfolio = NoPortfolioPage(self)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.no_portfolio)
        self.pages.addWidget(self.splitter)
        self.banner = ServerBanner()
        self.server_watch = ServerWatch(self, self.banner)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.pages, 1)
        self.setCentralWidget(central)
        self._build_toolbar()
        self.status_mode = SessionMode()
        self.status_counts = PartnerCounts()
        self.statusBar().addPermanentWidget(self.status_mode)
        self.statusBar().addPermanentWidget(self.status_counts)

        self.panel.partner_selected.connect(self._partner_selected)
        self.panel.enter_pressed.connect(self._focus_workspace)
        self.panel.table.customContextMenuRequested.connect(self._table_menu)
        self.panel.table.addAction(self.actions.remove_partner)
        self.home.partner_chosen.connect(self.select_partner)
        self.home.stage_chosen.connect(self.panel.set_stage_filter)
        self.welcome.add_partner.connect(self.add_partner)
        self.welcome.explore_sample.connect(self.files.explore_sample)
        self.welcome.import_spreadsheet.connect(self.import_spreadsheet)
        self.home.name_requested.connect(self.portfolio_settings)
        self._restore_settings()
        self._update_title()
        self._update_actions()

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main toolbar"))
        bar.setObjectName("main-toolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        a = self.actions
        bar.addActions([a.home, a.add_partner, a.search])
        bar.addSeparator()
        bar.addActions([a.undo, a.redo])
        bar.addSeparator()
        bar.addActions([a.preview_brief, a.print_brief])
        self.addToolBar(bar)

    # settings --------------------------------------------------------------------------------
    def _first_size(self) -> None:
        """A share of the screen's available area (never under the minimum), centred."""
        screen = self.screen() or QApplication.primaryScreen()
        width, height = MINIMUM_SIZE
        if screen is not None:
            area = screen.availableGeometry()
            width = max(width, min(area.width(), round(area.width() * SCREEN_SHARE)))
            height = max(height, min(area.height(), round(area.height() * SCREEN_SHARE)))
            self.setGeometry(area.x() + (area.width() - width) // 2,
                             area.y() + (area.height() - height) // 2, width, height)
        else:
            self.resize(width, height)
        table = round(self.width() * TABLE_SHARE)
        self.splitter.setSizes([table, self.width() - table])
        self.panel.show_extras_for(table - self.panel.contentsMargins().left()
                                   - 2 * self.panel.table.frameWidth())

    def _restore_settings(self) -> None:
        s = self.settings
        if s.get(WINDOW_GEOMETRY).isEmpty():
            self._first_size()
        else:
            self.restoreGeometry(s.get(WINDOW_GEOMETRY))
        if not s.get(WINDOW_STATE).isEmpty():
            self.restoreState(s.get(WINDOW_STATE))
        if not s.get(SPLITTER_STATE).isEmpty():
            self.splitter.restoreState(s.get(SPLITTER_STATE))
        if not s.get(TABLE_HEADER).isEmpty():  # after _first_size: the user's choice wins
            self.panel.table.horizontalHeader().restoreState(s.get(TABLE_HEADER))
        self.panel.set_stage_filter(s.get(STAGE_FILTER))

    def save_settings(self) -> None:
        s = self.settings
        s.set(WINDOW_GEOMETRY, self.saveGeometry())
        s.set(WINDOW_STATE, self.saveState())
        s.set(SPLITTER_STATE, self.splitter.saveState())
        s.set(TABLE_HEADER, self.panel.table.horizontalHeader().saveState())
        s.set(STAGE_FILTER, self.panel.proxy.stage)
        s.sync()

    def closeEvent(self, event) -> None:  # noqa: N802
        self.save_settings()
        self._close_session()
        super().closeEvent(event)

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() == QEvent.Type.PaletteChange:
            forget_icons()  # our icons are drawn in the palette's text colour
            QTimer.singleShot(0, self.refresh)  # rich text coloured from the palette
        elif (event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
              and self.live is not None):
            self.live.window_activated()  # catch up on what others did meanwhile
        super().changeEvent(event)

    # the open portfolio ----------------------------------------------------------------------
    def set_portfolio(self, portfolio: Portfolio, summaries: list[PartnerSummary] | None = None
                      ) -> None:
        self._close_session()
        session = AppSession(portfolio, self)
        self.session = session
        self.undo_group.addStack(session.undo_stack)
        self.undo_group.setActiveStack(session.undo_stack)
        session.changed.connect(self.refresh)
        session.failed.connect(self._edit_failed)
        self.server_watch.watch(session)
        session.undo_stack.cleanChanged.connect(self._update_title)
        self.live = LiveUpdates(session, self)
        self.live.state_changed.connect(self._live_state)
        self.pages.setCurrentWidget(self.splitter)
        self.panel.clear_selection()
        if summaries is None:
            summaries = session.call(partners.portfolio_overview, session.today())
        self._show_summaries(summaries)
        self._show_right(None)
        self._update_title()
        self.panel.table.setFocus()
        QTimer.singleShot(PREPARE_WORKSPACE_MS, self, self._prepare_workspace)

    def close_portfolio(self) -> None:
        """Close the open portfolio (if any) and show the no-portfolio page."""
        self._close_session()
        self._update_title()
        self._update_actions()

    def _close_session(self) -> None:
        if self.session is None:
            return
        session, self.session = self.session, None
        self.server_watch.forget()
        self.undo_group.removeStack(session.undo_stack)
        session.changed.disconnect(self.refresh)
        if self.live is not None:
            self.live.stop()  # before the portfolio closes: no refresh after this
            self.live.deleteLater()
            self.live = None
        if self._workspace is not None:
            # A change announced after this point (a late signal) must find no partner to
            # reload: reloading would open the closed file again.
            self._workspace.show_partner(None)
            self.right.removeWidget(self._workspace)
            self._workspace.deleteLater()
            self._workspace = None
        self.panel.model.set_summaries([], dt.date.today())
        session.portfolio.close()
        session.deleteLater()
        self.pages.setCurrentWidget(self.no_portfolio)
        self.status_counts.clear()  # nothing open: no "0 partners"

    def refresh(self, _partner_id: int = 0) -> None:
        """Something changed: reload the table (keeping the selection) and the home view."""
        if self.session is None:
            return
        try:
            summaries = self.session.call(partners.portfolio_overview, self.session.today())
        except ServerUnreachable:
            return  # the banner says so; what is shown stays until Retry reads it again
        self._show_summaries(summaries)
        self._show_right(self.panel.selected_partner())

    def refresh_everything(self) -> None:
        """View > Refresh: reload every view from the portfolio now."""
        if self.live is not None:
            self.live.refresh_now()

    def _live_state(self, state: str) -> None:
        if state == "lost":
            self.show_message(self.tr("Lost contact with the server; others' changes will "
                                      "show again once it answers."))
        else:
            self.show_message(self.tr("In contact with the server again; showing the "
                                      "latest."))

    def server_back(self, summaries: list[PartnerSummary]) -> None:
        """Retry reached the server: show what it holds now; a tab that could not load
        loads now, and a form that kept an unsaved change keeps it."""
        if self.session is None:
            return
        self.session.forget_settings()
        self._show_summaries(summaries)
        self._show_right(self.panel.selected_partner())
        if self._workspace is not None:
            self._workspace.refresh_stale()

    def _show_summaries(self, summaries: list[PartnerSummary]) -> None:
        with collector.held():  # a row per partner, made at once: see planner.collector
            today = self.session.today()
            self.panel.show_summaries(summaries, today)
            # The table worked out every partner's reasons for attention; the home view and the
            # counts take them from there instead of working them out again.
            model = self.panel.model
            reasons = {row.summary.partner.id: row.reasons
                       for row in map(model.row_at, range(model.rowCount()))}
            self.home.show_summaries(summaries, today, self.portfolio_name(),
                                     reasons=lambda s: list(reasons[s.partner.id]))
            self.status_counts.show_counts([r[0].level if r else None
                                            for r in reasons.values()])

    def portfolio_name(self) -> str:
        """What the user named the portfolio; empty when it has no name yet."""
        return self.session.settings().name if self.session is not None else ""

    # the right side --------------------------------------------------------------------------
    def _partner_selected(self, partner_id: int | None) -> None:
        self._show_right(partner_id)

    @property
    def workspace(self) -> PartnerWorkspace | None:
        """The open portfolio's partner workspace, built (and its modules imported) when
        first needed: a launch shows the home view, and building eight tabs it does not show
        was a tenth of the time to the filled table."""
        if self._workspace is None and self.session is not None:
            from planner.ui.workspace import PartnerWorkspace

            self._workspace = PartnerWorkspace(self.session)
            self.right.addWidget(self._workspace)
        return self._workspace

    def _prepare_workspace(self) -> None:
        """While the window is idle after opening, show and paint each workspace tab once out
        of sight, filled with the first partner listed, then empty again: a tab's first
        showing, filling and paint (layout, code, statements and letters drawn for the first
        time) is then not paid for by the first partner a person chooses."""
        if self.session is None:
            return
        top = self.panel.model.row_at(0).partner_id if self.panel.model.rowCount() else None
        shown, focus = self.right.currentWidget(), QApplication.focusWidget()
        if shown is self.workspace:  # a partner is chosen already
            return
        with contextlib.suppress(ServerUnreachable):  # the banner says so
            self.right.setCurrentWidget(self.workspace)  # put back before anything is painted
            try:
                self.workspace.show_partner(top)
                self.workspace.show_every_tab()
            finally:
                self.right.setCurrentWidget(shown)
                if focus is not None and focus.isVisible():
                    focus.setFocus()
        self.workspace.paint_every_tab(top)  # a tab per turn of the event loop, then empty

    def _show_right(self, partner_id: int | None) -> None:
        if self.session is None:
            return
        if partner_id is None:
            if self._workspace is not None:
                self._workspace.show_partner(None)
            empty = self.panel.model.rowCount() == 0
            self.right.setCurrentWidget(self.welcome if empty else self.home)
        else:
            if self.workspace.partner_id != partner_id or self.right.currentWidget() is not \
                    self.workspace:
                self.workspace.show_partner(partner_id)
            self.right.setCurrentWidget(self.workspace)
        self._update_actions()

    def select_partner(self, partner_id: int, tab: str = "overview") -> None:
        if self.panel.select_partner(partner_id) and self.workspace is not None:
            self.workspace.show_tab(tab)

    def show_home(self) -> None:
        self.panel.clear_selection()
        self._show_right(None)

    def _focus_workspace(self) -> None:
        if self._workspace is not None and self.right.currentWidget() is self._workspace:
            self._workspace.setFocus()

    # commands --------------------------------------------------------------------------------
    def add_partner(self) -> None:
        if self.session is None or self.session.read_only:
            return
        try:
            dialog = AddPartnerDialog(self.session, self)
        except ServerUnreachable:
            return  # the banner says so
        if dialog.exec() and dialog.added is not None:
            self.select_partner(dialog.added.id)
            self.show_message(self.tr("Added {0}.").format(dialog.added.name))

    def remove_selected_partner(self) -> None:
        summary = self.panel.selected_summary()
        if summary is None or self.session is None or self.session.read_only:
            return
        if partner_commands.remove_partner(self.session, summary.partner):
            self.show_message(self.tr("Removed {0}. {1} brings it back.").format(
                summary.partner.name, self.actions.undo.shortcut().toString(
                    self.actions.undo.shortcut().SequenceFormat.NativeText)))

    def focus_filter(self) -> None:
        self.panel.filter.setFocus()
        self.panel.filter.selectAll()

    def search_everything(self) -> SearchDialog | None:
        if self.session is None:
            return None
        dialog = SearchDialog(self.session, self)
        dialog.hit_chosen.connect(self.select_partner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_recent(self, path: Location) -> None:
        if isinstance(path, ServerLocation):
            self.files.connect_to(path)  # the keyring's password, or the dialog asks
            return
        if not path.exists():
            QMessageBox.warning(self, self.tr("Open recent"), self.tr(
                "{0} is no longer there; it is taken off the list.").format(path))
            self.settings.remove_recent_file(path)
            return
        self.files.open_path(path)

    # features from other modules -------------------------------------------------------------
    def partner_brief(self, function: str) -> None:
        partner_id = self.panel.selected_partner()
        if self.session is not None and partner_id is not None:
            call_feature(self, "brief_actions", function, self.session, partner_id)

    def feature(self, module: str, function: str) -> None:
        """A feature that works on the open portfolio (exports, file check, help)."""
        if module == "help_window":
            call_feature(self, module, function)
        elif self.session is not None:
            call_feature(self, module, function, self.session)

    def partner_feature(self, module: str, function: str) -> None:
        partner_id = self.panel.selected_partner()
        if self.session is not None and partner_id is not None:
            call_feature(self, module, function, self.session, partner_id)

    def portfolio_brief(self, function: str) -> None:
        if self.session is not None:
            call_feature(self, "brief_actions", function, self.session)

    def show_backups(self) -> None:
        if self.session is not None:
            call_feature(self, "backups_dialog", "show_backups_dialog", self.session)
            if self.session is not None:
                self.session.changed.emit(0)  # a restore may have changed everything

    def import_spreadsheet(self) -> None:
        if self.session is not None:
            call_feature(self, "spreadsheet_dialog", "show_import_spreadsheet_dialog",
                         self.session)
            self.session.changed.emit(0)

    def portfolio_settings(self) -> None:
        if self.session is not None:
            call_feature(self, "portfolio_settings_dialog", "show_portfolio_settings",
                         self.session)

    def export_calendar(self) -> None:
        if self.session is not None:
            call_feature(self, "calendar_export", "export_calendar", self.session)

    # small things ----------------------------------------------------------------------------
    def _table_menu(self, position) -> None:
        if self.panel.table.indexAt(position).isValid():
            self.actions.table_menu(self).exec(self.panel.table.viewport().mapToGlobal(position))

    def _edit_failed(self, message: str) -> None:
        if self.session is not None and (self.session.capturing or self.session.server_lost):
            return  # shown next to the field or in the dialog that made it, or in the banner
        QMessageBox.warning(self, self.tr("Not saved"), message)
        self.refresh()

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def _update_title(self) -> None:
        self.status_mode.show_session(self.session)
        if self.session is None:
            self.setWindowTitle(self.tr("Partner Planner"))
            self.setWindowFilePath("")
            return
        portfolio = self.session.portfolio
        name = portfolio.name  # a file's name, or a team portfolio's "database on server"
        if self.session.read_only:
            name = f"{name} ({self.tr('read-only')})"
        self.setWindowFilePath("" if portfolio.is_team else str(portfolio.path))
        self.setWindowTitle(f"{name} \u2014 {self.tr('Partner Planner')}")

    def _update_actions(self) -> None:
        self.actions.update(
            has_portfolio=self.session is not None,
            writable=self.session is not None and not self.session.read_only,
            has_partner=self.panel.selected_partner() is not None,
            team=self.session is not None and self.session.portfolio.is_team,
        )

    def show_about(self) -> None:
        about.show_about(self)

    def show_about_qt(self) -> None:
        QApplication.aboutQt()

    def open_later(self, path: Location, *, create: bool = False,
                   read_only: bool = False, started=None) -> None:
        """Open once the event loop runs, so the window is on screen first (`started`: the
        opening already under way, see `file_operations.start_opening`)."""
        QTimer.singleShot(0, lambda: self.files.open_path(path, create=create,
                                                          read_only=read_only,
                                                          started=started))
