"""Starting the desktop app: the application object, the window, and the first portfolio."""

from __future__ import annotations

import logging
import sys
from concurrent.futures import Future

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QProxyStyle

import planner
from planner.domain.errors import ServerUnreachable
from planner.domain.quoting import one_line
from planner.services.portfolio import (
    Location,
    ServerLocation,
    default_portfolio_path,
    parse_location,
)

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


# --quit-after-load gives up when the portfolio is not listed within this time.
LOAD_TIMEOUT_MS = 120_000


def quit_once_loaded(app: QApplication, window) -> None:
    """Quit with 0 once the window is shown and the portfolio list filled; with 1 and the
    message on stderr when a dialog says it cannot be opened (or nothing happens in time)."""
    from planner.services import partners

    clock = QElapsedTimer()
    clock.start()
    timer = QTimer(window)
    timer.setInterval(50)

    def finish(code: int, line: str) -> None:
        timer.stop()
        print(line, file=sys.stdout if code == 0 else sys.stderr, flush=True)
        window.close()  # closes the portfolio and lets go of its lock
        app.exit(code)

    def listed() -> int | None:
        """How many partners the list shows, once it shows the whole portfolio."""
        if window.session is None or not window.isVisible():
            return None
        count = window.panel.model.rowCount()
        try:
            names = window.session.call(partners.partner_names)
        except ServerUnreachable:
            return None  # the banner says so; Retry (or the clock) decides
        return count if count == len(names) else None

    def poll() -> None:
        dialog = app.activeModalWidget()
        if isinstance(dialog, QMessageBox):
            text = " ".join(t for t in (dialog.text(), dialog.informativeText()) if t)
            dialog.reject()
            finish(1, f"planner: error: {one_line(text)}")
        elif (line := getattr(dialog, "failure_line", lambda: "")()):  # the Connect dialog
            dialog.reject()
            finish(1, f"planner: error: {one_line(line)}")
        elif (count := listed()) is not None:
            finish(0, f"Loaded {window.session.portfolio.name}: {count} partners listed.")
        elif clock.elapsed() > LOAD_TIMEOUT_MS:
            finish(1, "planner: error: the portfolio was not listed within "
                      f"{LOAD_TIMEOUT_MS // 1000} seconds.")

    timer.timeout.connect(poll)
    timer.start()


def ignore_lost_server(hook=None):
    """sys.excepthook for the app: a team portfolio's server that stopped answering is
    already on the window's banner, so a call that ends on it is no traceback; anything
    else goes to the hook that was there before."""
    previous = hook or sys.excepthook

    def handle(kind, error, trace):
        if isinstance(error, ServerUnreachable):
            return
        previous(kind, error, trace)

    return handle


def run_app(path: Location | None, *, read_only: bool = False,
            quit_after_load: bool = False, started: Future | None = None) -> int:
    """Open the window on `path` (a file, or a team portfolio's postgresql:// location), or
    on the default portfolio (created on first run).

    With `quit_after_load`, quit once it is up and listed (see `quit_once_loaded`).
    `started`: the opening of that file, already under way (`services.opening`)."""
    app = make_application()
    location = default_portfolio_path() if path is None else parse_location(path)
    create = path is None
    if started is None and not isinstance(location, ServerLocation):
        from planner.services.opening import start_opening

        # The file opens and its list is read while the window is built.
        started = start_opening(location, create=create, read_only=read_only)
    from planner.ui.icons import icon
    from planner.ui.main_window import MainWindow  # after QApplication: widgets need it

    app.setWindowIcon(icon("app"))
    sys.excepthook = ignore_lost_server()
    window = MainWindow()
    window.notices = show_notices_in(window)
    window.show()
    window.open_later(location, create=create, read_only=read_only, started=started)
    if quit_after_load:
        quit_once_loaded(app, window)
    return app.exec()

