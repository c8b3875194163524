"""Others' changes appear in the window as they are committed, without touching it.

A `LiveUpdates` belongs to one open portfolio's session. A worker thread iterates the
portfolio's change feed (services.live_changes: PostgreSQL notices for a team portfolio, the
writer's commits for a file opened read-only) and hands each notice to the GUI thread through
a queued signal; the thread itself never touches a widget nor the session. On the GUI
thread, notices are coalesced before they become the session's `changed` signal, the one every
view already reloads on. The first notice after a quiet spell refreshes GATHER_MS later (the
notices of one transaction arrive together: one refresh for all of them); while notices keep
coming, refreshes follow at most every MIN_INTERVAL_MS, counted from the end of the last one.
So an isolated change shows at once, a storm of a thousand changes a second is a handful of
refreshes, and during continuous writes the window is never more than a quarter of a second
behind. One partner's notices refresh that partner (`changed(id)`); anything else, or several
partners at once, refreshes everything (`changed(0)`).

The fallbacks work on every portfolio: View > Refresh (F5) reloads everything at once, and a
window that follows others reloads when it is activated again, at most once every
FOCUS_REFRESH_S seconds (notices could have been missed while a laptop slept).
"""

from __future__ import annotations

import logging
import threading
import time

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, QTimer, Signal

from planner.services.live_changes import EVERYTHING, ChangeFeed, change_feed, refresh_scope
from planner.ui.session import AppSession

GATHER_MS = 30  # a refresh waits this long for the rest of a transaction's notices...
MIN_INTERVAL_MS = 250  # ...and follows the previous one after at least this long
FOCUS_REFRESH_S = 5.0  # activation refreshes at most this often
STOP_WAIT_MS = 1000  # how long closing waits for the thread; a slower one finishes alone

log = logging.getLogger(__name__)


class FeedThread(QThread):
    """Iterates a change feed off the GUI thread; emits each notice and nothing else."""

    arrived = Signal(object)  # a services.live_changes.Notice

    def __init__(self, feed: ChangeFeed):
        super().__init__()
        self.feed = feed
        self._stop = threading.Event()

    def run(self) -> None:
        try:
            for notice in self.feed.notices(self._stop.is_set):
                self.arrived.emit(notice)
        except Exception as error:  # noqa: BLE001 - a broken feed: F5 and focus still work
            log.warning("live changes stopped: %s", str(error)[:200])

    def stop(self) -> None:
        self._stop.set()


_stopping: set[FeedThread] = set()  # threads still finishing after their window let go
_waits_at_quit: list[bool] = []


def _wait_for_stopping() -> None:
    for thread in list(_stopping):
        thread.wait()


class LiveUpdates(QObject):
    """Turns what others change into `session.changed`, coalesced, on the GUI thread."""

    state_changed = Signal(str)  # "lost" (the server stopped answering) or "resumed"

    def __init__(self, session: AppSession, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.refreshes = 0  # refreshes this object asked for (notices, F5 and focus)
        self._pending: set[int] = set()
        self._last_refresh = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._flush)
        self.feed = change_feed(session.portfolio)
        self.thread: FeedThread | None = None
        if self.feed is not None:
            self.thread = FeedThread(self.feed)
            self.thread.arrived.connect(self._arrived, Qt.ConnectionType.QueuedConnection)
            self.thread.start()

    @property
    def follows(self) -> bool:
        """Whether others can change what this window shows (so it follows them)."""
        return self.feed is not None

    # notices ---------------------------------------------------------------------------
    def _arrived(self, notice) -> None:
        if self.thread is None:
            return  # stopped: a late notice finds nothing to refresh
        if notice.kind in ("lost", "resumed"):
            self.state_changed.emit(notice.kind)
        scope = refresh_scope(notice)
        if scope is None:
            return
        self._pending.add(scope)
        if self._timer.isActive():
            return  # a refresh is due already and will cover this one
        since_ms = (time.monotonic() - self._last_refresh) * 1000
        self._timer.start(round(max(GATHER_MS, MIN_INTERVAL_MS - since_ms)))

    def _flush(self) -> None:
        pending, self._pending = self._pending, set()
        if not pending or self.thread is None:
            return
        self._refresh(pending.pop() if len(pending) == 1 else EVERYTHING)

    def _refresh(self, scope: int) -> None:
        self.refreshes += 1
        self.session.changed.emit(scope)
        self._last_refresh = time.monotonic()  # from its end: a slow reload leaves time

    # fallbacks -------------------------------------------------------------------------
    def refresh_now(self) -> None:
        """View > Refresh: reload everything now (and drop what was waiting)."""
        self._timer.stop()
        self._pending.clear()
        self._refresh(EVERYTHING)

    def window_activated(self) -> None:
        """The window came to the front: catch up, unless it did so a moment ago."""
        if self.follows and time.monotonic() - self._last_refresh >= FOCUS_REFRESH_S:
            self.refresh_now()

    # closing ---------------------------------------------------------------------------
    def stop(self) -> None:
        """Stop following; the thread closes its connection. Closing never waits long: a
        thread caught connecting to a server that does not answer finishes on its own."""
        self._timer.stop()
        self._pending.clear()
        thread, self.thread = self.thread, None
        if thread is None:
            return
        thread.arrived.disconnect(self._arrived)
        thread.stop()
        if thread.wait(STOP_WAIT_MS):
            thread.deleteLater()
            return
        _stopping.add(thread)
        thread.finished.connect(lambda: _stopping.discard(thread))
        app = QCoreApplication.instance()
        if app is not None and not _waits_at_quit:
            _waits_at_quit.append(True)
            app.aboutToQuit.connect(_wait_for_stopping)
