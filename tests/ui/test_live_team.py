"""A window on a team portfolio follows what others commit, on the real PostgreSQL server.

The notices are sent the way migration 0006's triggers send them (`pg_notify` on
`planner_changes` with table, id and partner), from a second connection; the edits they
announce are made through the services from a second Portfolio, as another person's app
would. Every refresh must reach the views on the GUI thread.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import time

import psycopg
import pytest
from PySide6.QtCore import QThread
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from planner.domain.model import Partner
from planner.services import partners
from planner.services.portfolio import open_portfolio

pytestmark = pytest.mark.usefixtures("postgres_server")


def listed(window) -> set[str]:
    return {s.partner.name for s in window.panel.model.summaries()}


@pytest.fixture
def team_window(make_window, team_portfolio_location, qtbot):
    window = make_window()
    window.set_portfolio(open_portfolio(team_portfolio_location))
    qtbot.waitUntil(lambda: window.live.feed.backend_pid is not None, timeout=5000)
    qtbot.wait(400)  # the refresh that follows the first LISTEN
    return window


@pytest.fixture
def other(team_portfolio_location):
    """A second person's portfolio on the same database."""
    with open_portfolio(team_portfolio_location) as portfolio:
        yield portfolio


@pytest.fixture
def notify(team_portfolio_location):
    """notify(table, id, partner): a notice as the triggers send it, from a connection of
    its own (autocommit: delivered at once)."""
    connection = psycopg.connect(**team_portfolio_location.connect_arguments(),
                                 autocommit=True)

    def send(table: str, row: int | None, partner: int | None) -> None:
        payload = json.dumps({"table": table, "id": row, "partner": partner})
        connection.execute("SELECT pg_notify('planner_changes', %s)", (payload,))

    yield send
    connection.close()


class Refreshes:
    """Every `changed` the window's session emits, and whether it ran on the GUI thread."""

    def __init__(self, session):
        self.scopes: list[int] = []
        self.off_gui_thread = 0
        session.changed.connect(self.record)

    def record(self, scope: int) -> None:
        if QThread.currentThread() is not QApplication.instance().thread():
            self.off_gui_thread += 1
        self.scopes.append(scope)


def test_a_partner_another_person_adds_appears_within_a_second(team_window, other, notify,
                                                               qtbot):
    refreshes = Refreshes(team_window.session)
    added = partners.add_partner(other.uow(), Partner(name="Added elsewhere"))
    started = time.monotonic()
    notify("partners", added.id, added.id)
    qtbot.waitUntil(lambda: "Added elsewhere" in listed(team_window), timeout=1000)
    assert time.monotonic() - started < 1.0
    assert refreshes.scopes == [added.id]  # that partner, not everything
    assert refreshes.off_gui_thread == 0


def test_the_listener_thread_never_runs_the_refresh(team_window, other, notify, qtbot):
    gui = QApplication.instance().thread()
    seen: list[bool] = []
    team_window.session.changed.connect(lambda _scope: seen.append(
        QThread.currentThread() is gui))
    assert team_window.live.thread.isRunning()
    assert team_window.live.thread is not gui
    for name in ("One", "Two", "Three"):
        added = partners.add_partner(other.uow(), Partner(name=name))
        notify("partners", added.id, added.id)
        qtbot.waitUntil(lambda n=name: n in listed(team_window), timeout=2000)
    assert seen and all(seen)


def test_a_notice_without_a_partner_refreshes_everything(team_window, other, notify, qtbot):
    refreshes = Refreshes(team_window.session)
    partners.add_partner(other.uow(), Partner(name="Somewhere"))
    notify("portfolio_settings", 1, None)
    qtbot.waitUntil(lambda: refreshes.scopes == [0], timeout=1000)
    assert "Somewhere" in listed(team_window)


def test_a_storm_of_notices_is_a_bounded_number_of_refreshes(team_window, other,
                                                             team_portfolio_location, qtbot):
    refreshes = Refreshes(team_window.session)
    added = [partners.add_partner(other.uow(), Partner(name=f"Storm {n}")) for n in range(5)]
    payloads = [json.dumps({"table": "checklist_items", "id": n,
                            "partner": added[n % 5].id}) for n in range(1000)]
    sent_in: list[float] = []

    def storm():  # on a thread of its own, like another person's app: the window stays free
        started = time.monotonic()
        with psycopg.connect(**team_portfolio_location.connect_arguments(),
                             autocommit=True) as connection:
            # one notice per statement, a thousand commits, pipelined: no round trip waits
            # for the last, so a busy machine still sends them within the second
            with connection.pipeline(), connection.cursor() as cursor:
                for payload in payloads:
                    cursor.execute("SELECT pg_notify('planner_changes', %s)", (payload,))
        sent_in.append(time.monotonic() - started)

    sender = threading.Thread(target=storm)
    sender.start()
    qtbot.waitUntil(lambda: not sender.is_alive(), timeout=5000)
    assert sent_in[0] < 1.0, f"the storm took {sent_in[0]:.2f} s to send; not a storm"
    qtbot.waitUntil(lambda: {f"Storm {n}" for n in range(5)} <= listed(team_window),
                    timeout=2000)
    qtbot.wait(800)  # whatever else the storm would still cause
    assert 1 <= len(refreshes.scopes) <= 10, refreshes.scopes
    assert refreshes.off_gui_thread == 0


def test_own_edits_are_not_refreshed_twice(team_window, notify, qtbot):
    """The window refreshes after its own edit; the notice its own commit causes is left
    out (its sender is one of the window's own connections)."""
    refreshes = Refreshes(team_window.session)
    session = team_window.session
    added = partners.add_partner(session.uow(), Partner(name="Mine"))
    payload = json.dumps({"table": "partners", "id": added.id, "partner": added.id})
    with session.portfolio.storage.engine.connect() as connection:  # as its trigger would
        connection.exec_driver_sql("SELECT pg_notify('planner_changes', %(p)s)",
                                   {"p": payload})
        connection.commit()
    qtbot.wait(700)
    assert refreshes.scopes == []
    notify("partners", added.id, added.id)  # the same notice from anyone else counts
    qtbot.waitUntil(lambda: refreshes.scopes == [added.id], timeout=1000)


def test_a_real_edit_elsewhere_appears_without_a_hand_sent_notice(team_window, other, qtbot):
    partners.add_partner(other.uow(), Partner(name="Through the trigger"))
    qtbot.waitUntil(lambda: "Through the trigger" in listed(team_window), timeout=1000)


def test_the_listener_survives_a_terminated_backend(team_window, other, notify,
                                                    postgres_server, qtbot):
    live = team_window.live
    first = live.feed.backend_pid
    states: list[str] = []
    live.state_changed.connect(states.append)
    postgres_server.execute(f"SELECT pg_terminate_backend({first})")
    qtbot.waitUntil(lambda: live.feed.backend_pid not in (None, first), timeout=5000)
    qtbot.waitUntil(lambda: states == ["lost", "resumed"], timeout=2000)
    # what was committed while it was away shows (a "resumed" refreshes everything)...
    added = partners.add_partner(other.uow(), Partner(name="After the drop"))
    notify("partners", added.id, added.id)
    # ...and notices reach it again
    qtbot.waitUntil(lambda: "After the drop" in listed(team_window), timeout=1500)
    assert "resumed" in states


def test_f5_reloads_a_team_portfolio(team_window, other, qtbot):
    partners.add_partner(other.uow(), Partner(name="Seen on F5"))
    assert "Seen on F5" not in listed(team_window)
    assert QKeySequence("F5") in team_window.actions.refresh.shortcuts()
    team_window.actions.refresh.trigger()
    assert "Seen on F5" in listed(team_window)


def test_closing_the_window_stops_listening(team_window, postgres_server,
                                            team_portfolio_location, qtbot):
    thread = team_window.live.thread
    pid = team_window.live.feed.backend_pid
    team_window.close_portfolio()
    assert thread.isFinished()
    rows = postgres_server.execute(
        f"SELECT count(*) FROM pg_stat_activity WHERE pid = {pid}")
    assert rows[0][0] == 0


def test_what_is_being_typed_survives_someone_elses_change(team_window, other, notify, qtbot):
    added = partners.add_partner(other.uow(), Partner(name="Typed on", organisation="Old"))
    notify("partners", added.id, added.id)
    qtbot.waitUntil(lambda: "Typed on" in listed(team_window), timeout=1000)
    team_window.select_partner(added.id)
    tab = team_window.workspace.tab("overview")
    team_window.activateWindow()
    qtbot.waitUntil(team_window.isActiveWindow, timeout=2000)
    notes = tab.form["notes"]
    notes.text.setFocus()
    qtbot.waitUntil(notes.text.hasFocus, timeout=1000)
    qtbot.keyClicks(notes.text, "Half a thought")
    theirs = partners.get_partner(other.uow(), added.id)
    partners.update_partner(other.uow(), dataclasses.replace(theirs, organisation="New"))
    notify("partners", added.id, added.id)
    qtbot.waitUntil(lambda: tab.form["organisation"].value() == "New", timeout=1000)
    assert notes.value() == "Half a thought"  # their change shows, the typing stays
    tab.form["owner"].line.setFocus()  # leaving the field saves it over the reloaded values
    qtbot.waitUntil(lambda: partners.get_partner(other.uow(), added.id).notes
                    == "Half a thought", timeout=1000)
    assert partners.get_partner(other.uow(), added.id).organisation == "New"
    # once handed on, the field follows others' changes again
    theirs = partners.get_partner(other.uow(), added.id)
    partners.update_partner(other.uow(), dataclasses.replace(theirs, notes="Their notes"))
    notify("partners", added.id, added.id)
    qtbot.waitUntil(lambda: notes.value() == "Their notes", timeout=1000)
