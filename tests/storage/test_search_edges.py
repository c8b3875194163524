"""The plain (LIKE) search's ranking and snippets, and the history's limit, on both engines:
what a portfolio without a full-text index (SQLite built without FTS5) finds and shows."""

import dataclasses
import datetime as dt
import sqlite3

import pytest

from planner.domain.model import Partner
from planner.services import partners
from planner.services.portfolio import open_portfolio
from planner.storage import history as stored
from planner.storage import search as storage_search
from planner.storage.search import MARK_END, MARK_START, search


@pytest.fixture
def portfolio(any_location, monkeypatch):
    monkeypatch.setattr(storage_search, "index_kind", lambda uow: "plain")
    with open_portfolio(any_location, create=True) as p:
        yield p


def hits(portfolio, text):
    with (uow := portfolio.uow()):
        return search(uow, text, 50)


def test_a_word_in_the_title_weighs_eight_times_a_word_in_the_text(portfolio):
    partners.add_partner(portfolio.uow(), Partner("Alpha", notes="kestrel kestrel kestrel"))
    partners.add_partner(portfolio.uow(), Partner("Kestrel Systems"))
    found = hits(portfolio, "kestrel")
    assert [(h.partner_name, h.rank) for h in found] == [("Kestrel Systems", 8.0),
                                                           ("Alpha", 3.0)]


def test_a_snippet_marks_the_words_and_shows_where_it_was_cut(portfolio):
    start = " ".join(f"w{i}" for i in range(20))
    partners.add_partner(portfolio.uow(), Partner("Alpha", notes=f"{start} kestrel {start}"))
    partners.add_partner(portfolio.uow(), Partner("Kestrel"))
    by_name = {h.partner_name: h.snippet for h in hits(portfolio, "kestrel")}
    assert by_name["Kestrel"] == f"{MARK_START}Kestrel{MARK_END}"  # nothing cut: no dots
    words = " ".join(f"w{i}" for i in range(16, 20))
    after = " ".join(f"w{i}" for i in range(7))
    assert by_name["Alpha"] == f"\u2026 {words} {MARK_START}kestrel{MARK_END} {after} \u2026"


def test_the_history_gives_the_newest_changes_up_to_the_limit(portfolio):
    partner = partners.add_partner(portfolio.uow(), Partner("Alpha"))  # and its checklist
    for notes in ("one", "two"):
        partner = partners.update_partner(portfolio.uow(),
                                          dataclasses.replace(partner, notes=notes))
    since = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    with (uow := portfolio.uow()):
        every = stored.entries(uow.session, partner.id, since=since)
        newest = stored.entries(uow.session, partner.id, since=since, limit=2)
    assert len(every) > 3
    assert [c.id for c in newest] == [c.id for c in every[:2]]
    assert [(c.table, c.kind) for c in newest] == [("partners", "update")] * 2


def test_a_file_made_where_sqlite_had_no_fts5_is_searched_word_inside_word(tmp_path):
    """Migration 0002 makes the index a plain table where SQLite lacks FTS5: such a file
    (its index rebuilt here as that migration builds it) is searched with LIKE, which finds
    a word inside another ("wind" in "Northwind"), and its triggers keep it up to date."""
    path = tmp_path / "portfolio.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        partners.add_partner(portfolio.uow(), Partner("Northwind Logistics"))
    db = sqlite3.connect(path, isolation_level=None)
    db.executescript(
        "BEGIN; CREATE TABLE kept AS SELECT rowid AS r, title, body, partner_id, part "
        "FROM search_index; DROP TABLE search_index; CREATE TABLE search_index (title TEXT, "
        "body TEXT, partner_id INTEGER, part TEXT); INSERT INTO search_index(rowid, title, "
        "body, partner_id, part) SELECT * FROM kept; DROP TABLE kept; COMMIT;")
    db.close()
    with open_portfolio(path) as portfolio:
        partners.add_partner(portfolio.uow(), Partner("Kestrel Systems", notes="wind farms"))
        with (uow := portfolio.uow()):
            assert storage_search.index_kind(uow) == "plain"
        assert [(h.partner_name, h.rank) for h in hits(portfolio, "wind")] == [
            ("Northwind Logistics", 8.0), ("Kestrel Systems", 1.0)]
