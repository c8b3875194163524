"""The banner a team portfolio's window shows when its server does not answer.

A dropped connection, a restarted server or a network that went away makes every service
call fail with ServerUnreachable; the session announces it (`AppSession.unreachable`) and
the window shows this one calm strip above its content instead of a dialog per failed call:
what happened, whether a change was lost, and Retry. Retry reads the portfolio again in the
background (the engine's pre-ping opens a fresh connection), so the window never freezes
waiting for a server; it also retries by itself every RETRY_EVERY_MS while the banner shows.
A form whose change could not be saved keeps its text and says why next to the field.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy

from planner.domain.errors import ServerUnreachable
from planner.services import partners
from planner.ui.background import run_in_background
from planner.ui.icons import icon
from planner.ui.look import Role, alert_colour, bold, spacing, tint

RETRY_EVERY_MS = 15_000


class ServerBanner(QFrame):
    """"The server does not answer; your last change was not saved." with Retry."""

    retry_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("server-banner")
        self.setAccessibleName(self.tr("Server problem"))
        self.setAutoFillBackground(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.symbol = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.retry_button = QPushButton(self.tr("&Retry"))
        self.retry_button.setToolTip(self.tr("Ask the server again and reload what is shown"))
        self.retry_button.clicked.connect(self.retry_requested)
        row = QHBoxLayout(self)
        unit = spacing(self)
        row.setContentsMargins(unit * 2, unit, unit * 2, unit)
        row.setSpacing(unit * 2)
        row.addWidget(self.symbol, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.text, 1)
        row.addWidget(self.detail, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.retry_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.unsaved = False
        self._colour()
        self.hide()

    def say(self, unsaved: bool) -> None:
        """Show the banner; once a change was lost it says so until the server is back."""
        self.unsaved = self.unsaved or unsaved
        self.text.setText(
            self.tr("The server does not answer; your last change was not saved.")
            if self.unsaved else
            self.tr("The server does not answer; what you see may be out of date."))
        self.text.setFont(bold(self.font()))
        self.detail.setText(self.tr("Tried at {0}").format(dt.datetime.now().strftime("%H:%M")))
        self.set_retrying(False)
        self.show()

    def set_retrying(self, retrying: bool) -> None:
        self.retry_button.setEnabled(not retrying)
        self.retry_button.setText(self.tr("Trying\u2026") if retrying else self.tr("&Retry"))

    def clear(self) -> None:
        self.unsaved = False
        self.hide()

    def _colour(self) -> None:
        palette = self.palette()
        base = self.window().palette() if self.window() is not self else palette
        background = tint(base, alert_colour(base), 0.16)
        palette.setColor(Role.Window, background)
        palette.setColor(self.backgroundRole(), background)
        palette.setColor(Role.WindowText, base.color(Role.Text))
        self.setPalette(palette)
        self.symbol.setPixmap(icon("no-answer").pixmap(self.symbol.fontMetrics().height() + 6))

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == event.Type.ApplicationPaletteChange:  # light <-> dark
            self.setPalette(self.window().palette())
            self._colour()


class ServerWatch:
    """Ties a window's session to its banner: shows it on ServerUnreachable, retries in the
    background (by hand and every RETRY_EVERY_MS), and reloads once the server answers."""

    def __init__(self, window, banner: ServerBanner):
        self.window = window
        self.banner = banner
        self.timer = QTimer(banner)
        self.timer.setInterval(RETRY_EVERY_MS)
        self.timer.timeout.connect(self.retry)
        self._trying = False
        banner.retry_requested.connect(self.retry)

    def watch(self, session) -> None:
        session.unreachable.connect(self.lost)

    def forget(self) -> None:
        """The portfolio was closed: nothing to retry."""
        self.timer.stop()
        self.banner.clear()

    def lost(self, unsaved: bool) -> None:
        self.banner.say(unsaved)
        if not self.timer.isActive():
            self.timer.start()

    def retry(self) -> None:
        session = self.window.session
        if session is None or self._trying:
            return
        portfolio, today = session.portfolio, session.today()
        self._trying = True
        self.banner.set_retrying(True)

        def done(summaries) -> None:
            self._trying = False
            if self.window.session is not session:
                return
            was_unsaved = self.banner.unsaved
            session.server_lost = False
            self.forget()
            self.window.server_back(summaries)
            self.window.show_message(
                self.window.tr("The server answers again; save your change again: it was "
                               "not saved.") if was_unsaved
                else self.window.tr("The server answers again."))

        def failed(error) -> None:
            self._trying = False
            if self.window.session is not session:
                return
            if isinstance(error, ServerUnreachable):
                self.banner.say(False)
            else:  # it answers, but refuses: say so where the window says such things
                self.banner.set_retrying(False)
                self.window.show_message(str(error))

        run_in_background(self.window, None,
                          lambda: partners.portfolio_overview(portfolio.uow(), today),
                          done, failed)
