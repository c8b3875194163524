"""Starting the desktop app: the application object, the window, and the first portfolio."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProxyStyle

import planner
from planner.domain.errors import PlannerError
from planner.services.portfolio import default_portfolio_path

APPLICATION_NAME = "Partner Planner"
ORGANISATION = "PartnerPlanner"


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APPLICATION_NAME)
    app.setApplicationDisplayName(APPLICATION_NAME)
    app.setOrganizationName(ORGANISATION)
    app.setApplicationVersion(planner.__version__)
    app.setDesktopFileName("partner-planner")
    if not isinstance(app.style(), QProxyStyle):
        from planner.ui.style import legible_style

        app.setStyle(legible_style(app.style().name()))
    return app


class _Notices(QObject, logging.Handler):
    """What storage tells the user once (a stray WAL kept aside, a portfolio made owner-only),
    shown in the window's status bar; a signal carries it over from a worker thread."""

    told = Signal(str)

    def __init__(self):
        QObject.__init__(self)
        logging.Handler.__init__(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.told.emit(record.getMessage())


def show_notices_in(window) -> _Notices:
    notices = _Notices()
    notices.told.connect(window.show_message)
    logger = logging.getLogger("planner.notices")
    logger.addHandler(notices)
    logger.propagate = False
    return notices


def run_app(path: Path | None, *, read_only: bool = False, quit_after_load: bool = False) -> int:
    """Open the window on `path`, or on the default portfolio (created on first run).

    With `quit_after_load` the app quits once the window shows the portfolio, or prints the
    one-line reason it cannot be opened and exits 1 instead of showing a dialog.
    """
    app = make_application()
    from planner.ui.icons import icon
    from planner.ui.main_window import MainWindow  # after QApplication: widgets need it

    app.setWindowIcon(icon("app"))
    window = MainWindow()
    window.notices = show_notices_in(window)
    window.show()
    callbacks = {}
    if quit_after_load:
        callbacks = {"on_opened": lambda: QTimer.singleShot(0, app.quit),
                     "on_error": lambda error: _refused(app, error)}
    if path is None:
        window.open_later(default_portfolio_path(), create=True, read_only=read_only,
                          **callbacks)
    else:
        window.open_later(Path(path), read_only=read_only, **callbacks)
    return app.exec()


def _refused(app: QApplication, error: Exception) -> None:
    if not isinstance(error, PlannerError):  # a bug: keep its trace for a report
        traceback.print_exception(error, file=sys.stderr)
    print(f"planner: error: {error}", file=sys.stderr)
    app.exit(1)
