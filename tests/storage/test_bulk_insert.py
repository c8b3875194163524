"""Whole partners inserted in bulk on SQLite (records.insert_columns: column by column, each
bind processor called once per distinct value, many rows per statement) store exactly what
SQLAlchemy's own INSERT stores for the same rows: every value and its SQLite type, every
id, in every table, the search index and the history included."""

import dataclasses
import datetime as dt
import sqlite3

import pytest
from sqlalchemy import insert

from planner.domain.model import ChecklistItem
from planner.domain.stages import Stage
from planner.services import portfolio_io
from planner.services.portfolio import open_portfolio
from planner.storage import records

TODAY = dt.date(2026, 6, 1)
STAMP = dt.datetime(2026, 6, 1, 9, 30, 15)


def through_sqlalchemy(session, table, columns):
    """The reference: SQLAlchemy's INSERT of one dictionary per row."""
    names = list(columns)
    session.execute(insert(table), [dict(zip(names, values, strict=True))
                                    for values in zip(*columns.values(), strict=True)])


def mixed_records():
    """The sample's partners, one of them with values a bind processor must tell apart
    although Python takes them for equal (True and 1, 1 and 1.0) in the same column."""
    sample = portfolio_io.sample_records(TODAY)
    first = sample[0]
    odd = [dataclasses.replace(item, done=done, trait=trait, done_on=TODAY if done else None)
           for item, done, trait in zip(first.checklist[:4], (True, 1, False, 0),
                                        (1, 1.0, 2, None), strict=True)]
    odd.append(ChecklistItem(None, Stage.EXIT, "Close \u00b7 the \U0001F680 loop", 3,
                             position=99))
    return [dataclasses.replace(first, checklist=tuple(odd) + first.checklist[4:]),
            *sample[1:]]


def stored(path):
    """Every row of every table with each value's SQLite type, history stamps aside."""
    connection = sqlite3.connect(path)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' "
            "AND name NOT LIKE 'search_index_%' ORDER BY name")]
        out = {}
        for table in tables:
            columns = [c[1] for c in connection.execute(f'PRAGMA table_info("{table}")')]
            typed = ", ".join(f'"{c}", typeof("{c}")' for c in columns
                              if (table, c) not in {("changes", "transaction_id"),
                                                    ("changes", "changed_at")})
            out[table] = connection.execute(
                f'SELECT {typed} FROM "{table}" ORDER BY rowid').fetchall()
        return out
    finally:
        connection.close()


def insert_all(path, monkeypatch, *, reference: bool, batch=None):
    with monkeypatch.context() as patch:
        patch.setattr(records, "utc_now", lambda: STAMP)
        if reference:
            patch.setattr(records, "insert_columns", through_sqlalchemy)
        _insert_all(path, batch)
    assert records.insert_columns is not through_sqlalchemy


def _insert_all(path, batch):
    with open_portfolio(path, create=True) as portfolio:
        uow = portfolio.uow()
        with uow:
            chunks = [mixed_records()] if batch is None else [
                mixed_records()[i:i + batch] for i in range(0, 8, batch)]
            for chunk in chunks:
                uow.insert_records(chunk)
            uow.commit()


@pytest.mark.parametrize("batch", [None, 3], ids=["one batch", "batches of three"])
def test_a_bulk_insert_stores_what_sqlalchemy_stores(tmp_path, monkeypatch, batch):
    insert_all(tmp_path / "reference.sqlite", monkeypatch, reference=True, batch=batch)
    insert_all(tmp_path / "bulk.sqlite", monkeypatch, reference=False, batch=batch)
    reference, bulk = stored(tmp_path / "reference.sqlite"), stored(tmp_path / "bulk.sqlite")
    assert set(bulk) == set(reference)
    for table in reference:
        assert bulk[table] == reference[table], table
    assert len(bulk["checklist_items"]) > 100 and len(bulk["search_index"]) > 50
    connection = sqlite3.connect(tmp_path / "bulk.sqlite")
    try:  # the first partner's True and 1, 1 and 1.0 went in as integers, as in the reference
        assert connection.execute("SELECT DISTINCT typeof(done), typeof(trait) FROM "
                                  "checklist_items WHERE trait IS NOT NULL").fetchall() == [
            ("integer", "integer")]
    finally:
        connection.close()


def test_rows_beyond_one_statement_go_in_several(tmp_path, monkeypatch):
    """More rows than one statement may bind values for are split over several statements,
    each a power of two rows long (so that SQLite's cache of prepared statements holds a few
    per table, however many rows come); the rows are the same as in one statement."""
    from sqlalchemy import Engine, event

    insert_all(tmp_path / "reference.sqlite", monkeypatch, reference=True)
    statements = []

    def note(conn, cursor, statement, *args):
        if statement.startswith("INSERT INTO checklist_items "):
            rows = statement.count("(") - 1
            statements.append((rows, statement.count("?") // rows))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        with monkeypatch.context() as patch:
            patch.setattr(records, "_bound_values_limit", lambda connection: 100)
            insert_all(tmp_path / "bulk.sqlite", patch, reference=False)
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    assert stored(tmp_path / "bulk.sqlite") == stored(tmp_path / "reference.sqlite")
    assert len(statements) > 10 and max(rows * columns for rows, columns in statements) <= 100
    assert {rows & (rows - 1) for rows, _ in statements} == {0}, statements  # powers of two
