"""Long work off the GUI thread: a service call in a QThreadPool worker, with a progress dialog.

The worker only calls the function it is given (a service call) and hands the result or the
PlannerError back through a queued signal; every widget is touched on the GUI thread. The
progress dialog appears only if the work takes longer than a moment, so quick work stays quiet.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

SHOW_PROGRESS_AFTER_MS = 400


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any]):
        super().__init__()
        self.setAutoDelete(True)
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as error:  # noqa: BLE001 - handed to the GUI thread, shown there
            self._report(self.signals.failed, error)
        else:
            self._report(self.signals.done, result)

    @staticmethod
    def _report(signal, value) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            # The window closed (and deleted the receiver) while the work ran, e.g. quitting
            # while the check after opening was still going: nobody is left to tell.
            pass


class BackgroundTask(QObject):
    """Run `work` in the pool; `on_done(result)` or `on_error(error)` run on the GUI thread."""

    finished = Signal()
    _running: set[BackgroundTask] = set()  # keep each task alive until it reports

    def __init__(self, parent: QWidget | None, label: str | None, work: Callable[[], Any],
                 on_done: Callable[[Any], None], on_error: Callable[[Exception], None]):
        super().__init__(parent)
        self._on_done, self._on_error = on_done, on_error
        self._job = _Job(work)
        self._job.signals.done.connect(self._done, Qt.ConnectionType.QueuedConnection)
        self._job.signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self.progress: QProgressDialog | None = None
        if label is None:  # quiet work the window goes on beside (checks after opening)
            return
        self.progress = QProgressDialog(label, "", 0, 0, parent)
        self.progress.setWindowTitle(self.tr("Please wait"))
        self.progress.setCancelButton(None)  # a service call is one transaction: no half-way
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(SHOW_PROGRESS_AFTER_MS)
        self.progress.setAutoClose(False)
        self.progress.setValue(0)

    def start(self) -> BackgroundTask:
        BackgroundTask._running.add(self)
        QThreadPool.globalInstance().start(self._job)
        return self

    def _finish(self) -> None:
        if self.progress is not None:
            self.progress.reset()
            self.progress.hide()
            self.progress.deleteLater()
        BackgroundTask._running.discard(self)
        self.finished.emit()

    def _done(self, result) -> None:
        self._finish()
        self._on_done(result)

    def _failed(self, error) -> None:
        self._finish()
        self._on_error(error)


def run_in_background(parent: QWidget | None, label: str | None, work: Callable[[], Any],
                      on_done: Callable[[Any], None],
                      on_error: Callable[[Exception], None]) -> BackgroundTask:
    """With `label` None the work runs quietly: no progress dialog, the window stays usable."""
    return BackgroundTask(parent, label, work, on_done, on_error).start()


class BoundedWait(QObject):
    """Work that may hang (the system keyring, over D-Bus, when it is locked or its service
    is stuck) off the GUI thread, waited for at most `seconds`: `on_done(result)` runs on the
    GUI thread when it answers in time, `on_late()` when it does not or when it fails. Its
    answer after that, if it ever comes, is dropped.

    The same pattern as BackgroundTask (the worker only calls `work` and reports through a
    queued signal), but in a daemon thread rather than the pool's: quitting waits for the
    pool's threads, and must not wait for a keyring that never answers; nor may a stuck one
    hold a pool thread that opening a portfolio needs.
    """

    _running: set[BoundedWait] = set()  # keep each wait alive until it ends

    def __init__(self, parent: QObject | None, work: Callable[[], Any],
                 on_done: Callable[[Any], None], on_late: Callable[[], None], seconds: float):
        super().__init__(parent)
        self._work, self._on_done, self._on_late = work, on_done, on_late
        self.over = False
        self._signals = _Signals()  # no parent: the thread holds it as long as it runs
        self._signals.done.connect(self._answered, Qt.ConnectionType.QueuedConnection)
        self._signals.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(0, int(seconds * 1000)))
        self._timer.timeout.connect(self._late)
        self.destroyed.connect(lambda *_: BoundedWait._running.discard(self))

    def start(self) -> BoundedWait:
        BoundedWait._running.add(self)
        self._timer.start()
        signals, work = self._signals, self._work

        def run() -> None:
            try:
                result = work()
            except Exception as error:  # noqa: BLE001 - handed to the GUI thread: late
                _Job._report(signals.failed, error)
            else:
                _Job._report(signals.done, result)

        threading.Thread(target=run, name="bounded-wait", daemon=True).start()
        return self

    def _end(self) -> bool:
        if self.over:
            return False
        self.over = True
        self._timer.stop()
        BoundedWait._running.discard(self)
        return True

    def _answered(self, result) -> None:
        if self._end():
            self._on_done(result)

    def _failed(self, _error) -> None:
        if self._end():
            self._on_late()

    def _late(self) -> None:
        if self._end():
            self._on_late()
