"""The listener behind live changes, against the real PostgreSQL server: notices in the
triggers' format arrive with their table, row, partner and sender; a terminated backend is
reconnected; stopping closes the connection; the change feed leaves out this process's own
commits; a read-only file's feed follows its writer."""

from __future__ import annotations

import json
import threading
import time

import psycopg
import pytest

from planner.domain.model import Partner
from planner.services import partners
from planner.services.live_changes import EVERYTHING, change_feed, refresh_scope
from planner.services.portfolio import open_portfolio
from planner.storage.change_notices import Notice, NoticeListener, parse_payload
from planner.storage.location import ServerLocation


def test_payloads_in_the_triggers_format_and_anything_else():
    assert parse_payload('{"table": "actions", "id": 7, "partner": 3}', 42) == Notice(
        table="actions", row=7, partner=3, sender=42)
    assert parse_payload('{"table": "portfolio_settings", "id": 1, "partner": null}') == \
        Notice(table="portfolio_settings", row=1, partner=None)
    assert parse_payload('{"table": "partners", "id": "12", "partner": "12"}').partner == 12
    for junk in ("", "not json", "[1, 2]", '{"partner": true}', '{"partner": "x"}', "null"):
        notice = parse_payload(junk)
        assert notice.kind == "change" and notice.partner is None, junk
        assert refresh_scope(notice) == EVERYTHING  # unknown extent: reload everything


def test_what_each_notice_asks_the_window_to_reload():
    assert refresh_scope(Notice(partner=5)) == 5
    assert refresh_scope(Notice(partner=None)) == EVERYTHING
    assert refresh_scope(Notice(kind="resumed")) == EVERYTHING
    assert refresh_scope(Notice(kind="listening")) == EVERYTHING
    assert refresh_scope(Notice(kind="lost")) is None


class Running:
    """A generator of notices iterated on a thread of its own, as the window does."""

    def __init__(self, generator_for):
        self.stop = threading.Event()
        self.seen: list[Notice] = []
        self._generator_for = generator_for

    def __enter__(self):
        def run():
            for notice in self._generator_for(self.stop.is_set):
                self.seen.append(notice)
        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        return self

    def wait_for(self, condition, timeout=5.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition(self.seen):
                return
            time.sleep(0.02)
        raise AssertionError(f"not seen in {timeout} s: {self.seen}")

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join(5)
        assert not self.thread.is_alive()


def kinds(seen):
    return [n.kind for n in seen if n.kind != "change"]


def send(location: ServerLocation, *payloads: str) -> int:
    with psycopg.connect(**location.connect_arguments(), autocommit=True) as connection:
        for payload in payloads:
            connection.execute("SELECT pg_notify('planner_changes', %s)", (payload,))
        return connection.info.backend_pid


def test_notices_arrive_with_their_sender(team_portfolio_location):
    listener = NoticeListener(team_portfolio_location)
    with Running(listener.notices) as running:
        running.wait_for(lambda seen: kinds(seen) == ["listening"])
        sender = send(team_portfolio_location,
                      json.dumps({"table": "differences", "id": 4, "partner": 2}))
        running.wait_for(lambda seen: len(seen) == 2)
    assert running.seen[1] == Notice(table="differences", row=4, partner=2, sender=sender)


def test_a_terminated_backend_is_reconnected_and_stopping_closes(team_portfolio_location,
                                                                 postgres_server):
    listener = NoticeListener(team_portfolio_location)
    with Running(listener.notices) as running:
        running.wait_for(lambda seen: kinds(seen) == ["listening"])
        first = listener.backend_pid
        postgres_server.execute(f"SELECT pg_terminate_backend({first})")
        running.wait_for(lambda seen: kinds(seen) == ["listening", "lost", "resumed"])
        second = listener.backend_pid
        assert second not in (None, first) and listener.connections == 2
        send(team_portfolio_location, json.dumps({"table": "actions", "id": 1,
                                                  "partner": 1}))
        running.wait_for(lambda seen: seen[-1].table == "actions")
    assert listener.backend_pid is None
    alive = postgres_server.execute(
        f"SELECT count(*) FROM pg_stat_activity WHERE pid IN ({first}, {second})")
    assert alive[0][0] == 0


def test_a_server_that_does_not_answer_is_retried_quietly_until_stopped(postgres_server):
    admin = postgres_server.admin
    nowhere = ServerLocation(host="127.0.0.1", port=1, database="none", user="nobody")
    assert admin.port != 1
    listener = NoticeListener(nowhere)
    with Running(listener.notices) as running:
        running.wait_for(lambda seen: kinds(seen) == ["lost"])
        time.sleep(1.0)  # several retries, each with a longer wait
        assert kinds(running.seen) == ["lost"]  # said once, not once per retry
        started = time.monotonic()
    assert time.monotonic() - started < 1.0  # stopping does not wait out the backoff
    assert listener.connections == 0


def test_the_feed_leaves_out_this_processs_own_commits(team_portfolio_location):
    with open_portfolio(team_portfolio_location) as mine, \
            open_portfolio(team_portfolio_location) as theirs:
        feed = change_feed(mine)
        with Running(feed.notices) as running:
            running.wait_for(lambda seen: kinds(seen) == ["listening"])
            for portfolio, name in ((mine, "Mine"), (theirs, "Theirs")):
                added = partners.add_partner(portfolio.uow(), Partner(name=name))
                payload = json.dumps({"table": "partners", "id": added.id,
                                      "partner": added.id})
                # sent from the connection that committed, as the trigger does
                with portfolio.storage.engine.connect() as connection:
                    connection.exec_driver_sql(
                        "SELECT pg_notify('planner_changes', %(p)s)", {"p": payload})
                    connection.commit()
            running.wait_for(lambda seen: any(n.kind == "change" for n in seen))
            time.sleep(0.5)
        changes = [n for n in running.seen if n.kind == "change"]
        theirs_id = partners.find_partner(mine.uow(), "Theirs").id
        # (with migration 0006's triggers, each added partner's checklist rows too)
        assert {n.partner for n in changes} == {theirs_id}


def test_a_file_opened_for_writing_has_no_feed_and_a_read_only_one_follows(tmp_path):
    path = tmp_path / "p.sqlite"
    with open_portfolio(path, create=True) as writer:
        assert change_feed(writer) is None
        with open_portfolio(path, read_only=True) as reader:
            feed = change_feed(reader)
            with Running(feed.notices) as running:
                running.wait_for(lambda seen: kinds(seen) == ["listening"])
                partners.add_partner(writer.uow(), Partner(name="Seen"))
                running.wait_for(lambda seen: len(seen) >= 2, timeout=2.0)
                assert refresh_scope(running.seen[1]) == EVERYTHING
                time.sleep(0.3)  # (a poll between the WAL's write and its index's may
                settled = len(running.seen)  # see the commit twice)
                partners.list_partners(reader.uow())  # reading, as the window does
                time.sleep(0.6)
                assert len(running.seen) == settled  # no commit, no notice


@pytest.mark.parametrize("commits", [1, 5])
def test_every_commit_moves_the_file_fingerprint(tmp_path, commits):
    from planner.storage.change_notices import file_fingerprint

    path = tmp_path / "p.sqlite"
    with open_portfolio(path, create=True) as writer:
        seen = {file_fingerprint(path)}
        for n in range(commits):
            partners.add_partner(writer.uow(), Partner(name=f"P{n}"))
            seen.add(file_fingerprint(path))
        assert len(seen) == commits + 1
