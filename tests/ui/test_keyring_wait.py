"""A slow or stuck system keyring never freezes the window: the password is looked up in
the background, the window keeps handling events while it waits, and after a bounded wait
the Connect dialog asks for the password instead. Against the real server, with a keyring
backend that answers late (as a locked keyring or a Secret Service stuck on D-Bus does)."""

import threading
import time

import keyring
import pytest
from keyring.backend import KeyringBackend
from PySide6.QtCore import QTimer

from planner.ui import passwords
from planner.ui.connect_dialog import ConnectDialog
from tests.ui.test_team_window import (  # noqa: F401 - fixtures used by name
    editor,
    no_keyring,
    no_session_passwords,
)


class SlowKeyring(KeyringBackend):
    """Answers only when `release` is set (or after `delay` seconds), like a keyring waiting
    for its unlock prompt or a D-Bus call that times out."""

    priority = 1

    def __init__(self, delay: float = 60.0):
        super().__init__()
        self.stored, self.delay, self.release = {}, delay, threading.Event()
        self.asked = threading.Event()
        self.answered_at: float | None = None

    def get_password(self, service, username):
        self.asked.set()
        self.release.wait(self.delay)
        self.answered_at = time.monotonic()
        return self.stored.get((service, username))

    def set_password(self, service, username, password):
        self.stored[(service, username)] = password

    def delete_password(self, service, username):
        self.stored.pop((service, username), None)


@pytest.fixture
def slow_keyring(no_keyring):  # noqa: F811
    backend = SlowKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.release.set()  # the waiting thread ends with the test


class Ticks:
    """When the window's event loop ran a 20 ms timer: it ticks only while the GUI thread is
    free to handle events, so the longest gap between ticks is the longest freeze."""

    def __init__(self):
        self.at: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(lambda: self.at.append(time.monotonic()))

    def count(self) -> int:
        return len(self.at)

    def longest_freeze(self, since: float, until: float | None = None) -> float:
        until = time.monotonic() if until is None else until
        times = [since] + [t for t in self.at if since < t < until] + [until]
        return max(b - a for a, b in zip(times, times[1:], strict=False))


@pytest.fixture
def ticks(qtbot):
    ticks = Ticks()
    ticks.timer.start()
    yield ticks
    ticks.timer.stop()


def test_a_stuck_keyring_leaves_the_window_responsive_then_the_dialog_asks(
        make_window, editor, slow_keyring, ticks, qtbot, monkeypatch):  # noqa: F811
    monkeypatch.setattr(passwords, "KEYRING_WAIT_S", 1.5)
    slow_keyring.stored[("Partner Planner", editor.key)] = editor.password
    window = make_window()
    started = time.monotonic()
    window.open_recent(editor.with_password(None))
    assert time.monotonic() - started < 0.5  # the window's thread did not wait
    assert slow_keyring.asked.wait(5)
    qtbot.wait(1000)  # the keyring is still thinking; the window handles events meanwhile
    assert ticks.longest_freeze(started) < 0.3
    assert window.session is None and window.findChild(ConnectDialog) is None
    qtbot.waitUntil(lambda: window.findChild(ConnectDialog) is not None
                    and window.findChild(ConnectDialog).isVisible(), timeout=5000)
    dialog = window.findChild(ConnectDialog)
    assert dialog.failure_line() == ("The system keyring did not answer within 2 seconds; "
                                     "type the password to connect.")
    assert dialog.database.text() == editor.database and dialog.user.text() == editor.user
    slow_keyring.release.set()  # the keyring answers at last: too late, nothing happens
    qtbot.wait(300)
    assert window.session is None and dialog.isVisible() and dialog.password.text() == ""


def test_a_slow_keyring_that_answers_in_time_connects_and_the_window_never_froze(
        make_window, editor, slow_keyring, ticks, qtbot):  # noqa: F811
    slow_keyring.delay = 1.0  # slower than a frozen window is acceptable, within the bound
    slow_keyring.stored[("Partner Planner", editor.key)] = editor.password
    window = make_window()
    started = time.monotonic()
    window.open_recent(editor.with_password(None))
    assert slow_keyring.asked.wait(5)
    qtbot.waitUntil(lambda: window.session is not None, timeout=15000)
    # while the keyring thought (a second), the window went on handling events
    assert ticks.longest_freeze(started, slow_keyring.answered_at) < 0.3
    assert window.session.portfolio.location.database == editor.database


def test_the_connect_dialog_waits_for_the_keyring_in_the_background(
        make_window, editor, slow_keyring, ticks, qtbot, monkeypatch):  # noqa: F811
    monkeypatch.setattr(passwords, "KEYRING_WAIT_S", 1.0)
    window = make_window()
    dialog = window.files.connect_dialog()  # asks whether there is a keyring: no wait
    assert dialog.isVisible()
    dialog.host.setText(editor.host)
    dialog.port.setValue(editor.port)
    dialog.database.setText(editor.database)
    dialog.user.setText(editor.user)
    started = time.monotonic()
    dialog.connect_button.click()  # no password typed: the keyring is asked
    assert time.monotonic() - started < 0.5
    assert not dialog.connect_button.isEnabled()  # "Connecting…" while it waits
    qtbot.waitUntil(lambda: "did not answer" in dialog.failure_line(), timeout=5000)
    assert ticks.longest_freeze(started) < 0.3
    assert dialog.connect_button.isEnabled() and dialog.password.isEnabled()
