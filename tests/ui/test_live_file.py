"""A window that opened a portfolio file read-only follows the writer's commits, and changes
no byte of the file or its companions while it does; F5 reloads either kind of window."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication

from planner.domain.model import Partner
from planner.services import partners
from planner.services.portfolio import open_portfolio


def listed(window) -> set[str]:
    return {s.partner.name for s in window.panel.model.summaries()}


def companions(path: Path) -> dict[str, bytes | None]:
    found = {}
    for suffix in ("", "-wal", "-shm", ".lock"):
        part = path.with_name(path.name + suffix)
        found[suffix] = part.read_bytes() if part.exists() else None
    return found


@pytest.fixture
def follower(make_window, sample_path, qtbot):
    def make():
        window = make_window(sample_path, read_only=True)
        assert window.live.follows
        qtbot.waitUntil(lambda: window.live.refreshes >= 1, timeout=2000)  # it started
        return window

    return make


def test_the_follower_sees_a_writers_commit_within_a_second(follower, sample_path, qtbot):
    with open_portfolio(sample_path) as writer:
        window = follower()
        on_gui_thread = []
        window.session.changed.connect(lambda _s: on_gui_thread.append(
            QThread.currentThread() is QApplication.instance().thread()))
        for name in ("First commit", "Second commit"):
            partners.add_partner(writer.uow(), Partner(name=name))
            started = time.monotonic()
            qtbot.waitUntil(lambda n=name: n in listed(window), timeout=1000)
            assert time.monotonic() - started < 1.0
        assert on_gui_thread and all(on_gui_thread)


def test_the_follower_sees_a_writer_that_opened_after_it(follower, sample_path, qtbot):
    window = follower()  # nobody writes: it reads the file alone (immutable)
    with open_portfolio(sample_path) as writer:
        partners.add_partner(writer.uow(), Partner(name="While open"))
        qtbot.waitUntil(lambda: "While open" in listed(window), timeout=1000)
    with open_portfolio(sample_path) as writer:
        removed = partners.find_partner(writer.uow(), "While open")
        partners.remove_partner(writer.uow(), removed.id)
    # the writer closed: its last commit is in the file itself now
    qtbot.waitUntil(lambda: "While open" not in listed(window), timeout=1000)


def test_following_changes_no_byte(follower, sample_path, qtbot):
    with open_portfolio(sample_path) as writer:
        window = follower()
        partners.add_partner(writer.uow(), Partner(name="Followed"))
        qtbot.waitUntil(lambda: "Followed" in listed(window), timeout=1000)
        before = companions(sample_path)
        for _ in range(3):  # polls, refreshes, reads of every partner's workspace
            window.actions.refresh.trigger()
            window.select_partner(window.panel.model.row_at(0).partner_id)
            qtbot.wait(300)
        assert companions(sample_path) == before
    closed = companions(sample_path)
    window.actions.refresh.trigger()
    qtbot.wait(600)
    assert companions(sample_path) == closed


def test_a_writers_window_has_nobody_to_follow_and_f5_still_reloads(window, qtbot):
    assert not window.live.follows and window.live.thread is None
    # a change no view was told about: F5 shows it
    partners.add_partner(window.session.uow(), Partner(name="Untold"))
    assert "Untold" not in listed(window)
    window.actions.refresh.trigger()
    assert "Untold" in listed(window)


def test_f5_in_the_follower_shows_the_writers_commit_at_once(follower, sample_path):
    with open_portfolio(sample_path) as writer:
        window = follower()
        partners.add_partner(writer.uow(), Partner(name="Right now"))
        window.actions.refresh.trigger()  # before any poll could have seen it
        assert "Right now" in listed(window)


def test_the_follower_stops_with_its_window(follower):
    window = follower()
    thread = window.live.thread
    window.close()
    assert thread.isFinished()


def test_a_follower_of_a_crashed_writers_file_follows_the_next_writer(make_window, sample_path,
                                                                      tmp_path, qtbot):
    """Opened beside a crash's leftover WAL, a read-only window reads a private copy (so the
    file stays as it is); once a writer opens the file and settles that WAL, it follows."""
    from tests.safety.test_stray_wal import killed_writer

    crashed = tmp_path / "crashed" / "a.sqlite"
    crashed.parent.mkdir()
    crashed.write_bytes(sample_path.read_bytes())
    killed_writer(crashed, "Saved before the kill")
    before = companions(crashed)
    window = make_window(crashed, read_only=True)
    qtbot.waitUntil(lambda: window.live.refreshes >= 1, timeout=2000)
    assert "Saved before the kill" in listed(window)
    qtbot.wait(600)
    assert companions(crashed) == before  # following it changed nothing
    with open_portfolio(crashed) as writer:
        partners.add_partner(writer.uow(), Partner(name="After the crash"))
        qtbot.waitUntil(lambda: "After the crash" in listed(window), timeout=1000)
        assert "Saved before the kill" in listed(window)


def test_coming_back_to_the_window_catches_up_at_most_every_few_seconds(
        follower, qtbot, monkeypatch):
    from PySide6.QtWidgets import QWidget

    from planner.ui import live_updates

    monkeypatch.setattr(live_updates, "FOCUS_REFRESH_S", 1.5)
    window = follower()
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()

    def come_back() -> int:
        elsewhere.activateWindow()
        qtbot.waitUntil(elsewhere.isActiveWindow, timeout=2000)
        before = window.live.refreshes
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        return window.live.refreshes - before

    assert come_back() == 0  # it refreshed a moment ago
    qtbot.wait(1600)
    assert come_back() == 1
    assert come_back() == 0
