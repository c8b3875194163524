"""Search finds what an import brings exactly as it finds what is added row by row.

An import fills the search index once per batch of partners (storage/search_fill.py on SQLite)
where every ordinary add fires the index's triggers row by row. The reference here is the same
import with that fill switched off, so every trigger fires as it does for an ordinary add: the
index rows and every hit (partner, part, snippet, rank) must be the same. On both engines."""

import datetime as dt
import sqlite3
from contextlib import contextmanager

import pytest
from sqlalchemy import text

from planner.domain.errors import PlannerError
from planner.domain.model import Partner, Side, Stakeholder
from planner.services import portfolio_io
from planner.services import search as search_service
from planner.services.partners import add_partner, remove_partner
from planner.services.people import add_stakeholder
from planner.services.portfolio import open_portfolio
from planner.storage import records as storage_records

TODAY = dt.date(2026, 6, 1)
QUERIES = ("pilot", "the", "a", "co", "decision", "risk", "partner", "ambassador", "meeting",
           "value", "2026", "e")


@contextmanager
def _row_by_row(_session):
    yield lambda partner_ids: None


def _index(portfolio) -> list[tuple]:
    """The index rows by content (ids differ between two imports of the same records)."""
    with portfolio.uow() as uow:
        rows = uow.session.execute(text(
            "SELECT p.name, s.part, s.title, s.body FROM search_index AS s "
            "JOIN partners AS p ON p.id = s.partner_id")).all()
    return sorted(tuple(row) for row in rows)


def _hits(portfolio, records) -> dict:
    """Every query's hits, best first; hits of equal rank sorted (the reference import's ids
    follow the first one's, and ids order equal ranks)."""
    words = [*QUERIES, records[0].partner.name, records[0].stakeholders[0].name,
             records[1].meetings[0].notes.split()[0]]
    return {q: sorted((-round(h.rank, 9), h.partner_name, h.part, h.snippet)
                       for h in search_service.search(portfolio.uow(), q, limit=500))
            for q in words}


def _remove_all(portfolio) -> None:
    with portfolio.uow() as uow:
        ids = [p.id for p in uow.partners.all()]
    for pid in ids:
        remove_partner(portfolio.uow(), pid)


def test_search_after_an_import_finds_what_row_by_row_adds_find(portfolio, monkeypatch):
    records = portfolio_io.sample_records(TODAY)
    portfolio_io.import_records(portfolio.uow(), records)
    imported = (_index(portfolio), _hits(portfolio, records))
    assert imported[0] and any(imported[1].values())

    _remove_all(portfolio)
    assert _index(portfolio) == []
    with monkeypatch.context() as m:
        m.setattr(storage_records, "indexed_once", _row_by_row)
        portfolio_io.import_records(portfolio.uow(), records)
    assert (_index(portfolio), _hits(portfolio, records)) == imported


def test_after_an_import_ordinary_edits_are_indexed_again(portfolio):
    portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(TODAY))
    acme = add_partner(portfolio.uow(), Partner("Zyxwvut Ltd"))
    add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Quorrin Blevet", Side.THEIRS))
    found = {(h.partner_name, h.part) for h in search_service.search(portfolio.uow(), "zyxwvut")}
    assert found == {("Zyxwvut Ltd", "partner")}
    found = {(h.partner_name, h.part) for h in search_service.search(portfolio.uow(), "quorrin")}
    assert found == {("Zyxwvut Ltd", "stakeholder")}


def _triggers(path) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                                  "ORDER BY name").fetchall()


@pytest.mark.parametrize("fails", [False, True])
def test_the_index_triggers_are_the_same_after_an_import(tmp_path, fails):
    """Dropped and created again inside the import's transaction: there after it commits,
    and after the database refuses the import midway (the last meeting of the last partner,
    once every other row of the batch is in)."""
    path = tmp_path / "p.sqlite"
    records = portfolio_io.sample_records(TODAY)
    with open_portfolio(path, create=True):
        pass
    if fails:
        last = records[-1].meetings[-1].notes.replace("'", "''")
        with sqlite3.connect(path) as connection:
            connection.execute(
                f"CREATE TRIGGER fail_midway BEFORE INSERT ON meetings WHEN new.notes = '{last}' "
                "BEGIN SELECT RAISE(ABORT, 'the disk refused the write'); END")
        connection.close()
    before = _triggers(path)
    assert sum(name.startswith("search_") for name, _sql in before) == 15
    with open_portfolio(path) as portfolio:
        if fails:
            with pytest.raises(PlannerError, match="the disk refused the write"):
                portfolio_io.import_records(portfolio.uow(), records)
            assert _index(portfolio) == []
        else:
            portfolio_io.import_records(portfolio.uow(), records)
            assert len(_index(portfolio)) > len(records)
    assert _triggers(path) == before
