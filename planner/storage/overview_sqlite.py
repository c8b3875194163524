"""The portfolio list of a file read with plain sqlite3: how a launch fills its table before
SQLAlchemy and the models are even imported (they took a third of a launch).

The same queries as `figures.py`'s SQLAlchemy Core, written as SQL text for SQLite, and the
partners' own columns; each value is turned into the type SQLAlchemy hands back (a date, a
bool, an enum member), so that `figures_rows.FiguresBuilder` makes the same figures from
either. tests/storage/test_overview_sqlite.py holds every query to the Core one's rows, and
the summaries to the same, on the sample and on generated portfolios full of edge cases.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from enum import Enum

from planner.domain.model import (
    FACE_TO_FACE_KINDS,
    Cadence,
    DifferenceStatus,
    Kind,
    Level,
    MeetingKind,
    Partner,
    Rating,
    Side,
    ValueCategory,
)
from planner.domain.stages import Stage
from planner.storage.figures_rows import FiguresBuilder, PartnerFigures, as_date

_FACE_TO_FACE = sorted(k.value for k in FACE_TO_FACE_KINDS)


def _member(enum: type[Enum]) -> Callable:
    """An enum's member by stored value: calling the enum takes ten times as long, which at
    tens of thousands of values was a quarter of the list's reading."""
    return {m.value: m for m in enum}.__getitem__


_STAGE, _KIND, _LEVEL, _SIDE = (_member(Stage), _member(Kind), _member(Level),
                                _member(Side))
_RATING, _CADENCE, _MEETING, _CATEGORY = (_member(Rating), _member(Cadence),
                                          _member(MeetingKind), _member(ValueCategory))

# name: (SQL, what turns each column of a row into the value SQLAlchemy gives), in the order
# of figures_rows.QUERY_NAMES. Parameters: :today, :since, and the constants in PARAMETERS.
QUERIES: dict[str, tuple[str, tuple]] = {
    "checklist_counts": ("""
        SELECT partner_id, stage, sum(CASE WHEN done IS 1 THEN 1 ELSE 0 END), count(*)
        FROM checklist_items
        WHERE cadence IS NULL AND choice_group = '' AND not_applicable IS 0
        GROUP BY partner_id, stage""", (None, _STAGE, None, None)),
    "checklist_items": ("""
        SELECT partner_id, stage, done, done_on, cadence, not_applicable, choice_group
        FROM checklist_items
        WHERE NOT (cadence IS NULL AND choice_group = '')""",
        (None, _STAGE, bool, as_date, _CADENCE, bool, None)),
    "last_meetings": (f"""
        SELECT partners.id,
               (SELECT max(date) FROM meetings WHERE partner_id = partners.id),
               (SELECT max(date) FROM meetings WHERE partner_id = partners.id
                AND date <= :today AND kind IN ({", ".join(
                    f":f2f{i}" for i in range(len(_FACE_TO_FACE)))}))
        FROM partners""", (None, as_date, as_date)),
    "working_sessions": ("""
        SELECT partner_id, date, kind, place FROM meetings
        WHERE kind = :working AND date <= :today""", (None, as_date, _MEETING, None)),
    "actions": ("""
        SELECT partner_id, count(*), sum(CASE WHEN due < :today THEN 1 ELSE 0 END), min(due)
        FROM actions WHERE done IS 0 GROUP BY partner_id""", (None, None, None, as_date)),
    "value": ("""
        SELECT partner_id, giver, category, sum(worth) FROM value_exchanges
        WHERE date >= :since GROUP BY partner_id, giver, category""",
        (None, _SIDE, _CATEGORY, None)),
    "differences": ("""
        SELECT partner_id, likelihood, impact, CASE WHEN management = '' THEN 0 ELSE 1 END,
               count(*)
        FROM differences WHERE status = :open
        GROUP BY partner_id, likelihood, impact, CASE WHEN management = '' THEN 0 ELSE 1 END
        """, (None, _RATING, _RATING, None, None)),
    "sides": ("""
        SELECT partner_id, side, count(*), sum(CASE WHEN ambassador IS 1 THEN 1 ELSE 0 END)
        FROM stakeholders GROUP BY partner_id, side""", (None, _SIDE, None, None)),
    "tie_levels": ("""
        SELECT ties.partner_id, ours.level, theirs.level, count(*)
        FROM ties LEFT OUTER JOIN stakeholders AS ours ON ours.id = ties.ours_id
                  LEFT OUTER JOIN stakeholders AS theirs ON theirs.id = ties.theirs_id
        GROUP BY ties.partner_id, ours.level, theirs.level""", (None, _LEVEL, _LEVEL, None)),
    "tie_holders": ("""
        SELECT stakeholders.partner_id, stakeholders.name, count(*)
        FROM (SELECT ours_id AS person FROM ties UNION ALL SELECT theirs_id FROM ties) AS ends
             JOIN stakeholders ON stakeholders.id = ends.person
        GROUP BY stakeholders.id, stakeholders.partner_id, stakeholders.name
        HAVING count(*) >= 2 AND count(*) = (
            SELECT count(*) FROM ties WHERE ties.partner_id = stakeholders.partner_id)""",
        (None, None, None)),
    "health_totals": ("""
        SELECT health_checks.partner_id, health_checks.id, health_checks.date,
               sum(health_scores.ours), count(*), sum(health_scores.theirs),
               count(health_scores.theirs)
        FROM health_checks JOIN health_scores ON health_scores.check_id = health_checks.id
        GROUP BY health_checks.id, health_checks.partner_id, health_checks.date
        ORDER BY health_checks.partner_id, health_checks.date, health_checks.id""",
        (None, None, as_date, None, None, None, None)),
}

PARAMETERS = {"working": MeetingKind.WORKING.value, "open": DifferenceStatus.OPEN.value,
              **{f"f2f{i}": kind for i, kind in enumerate(_FACE_TO_FACE)}}


def _scores_sql(count: int) -> str:
    return ("SELECT check_id, dimension, ours, theirs FROM health_scores "
            f"WHERE check_id IN ({', '.join('?' * count)}) ORDER BY check_id, position")


def query_rows(connection: sqlite3.Connection, name: str, today: dt.date,
               value_since: dt.date) -> list[tuple]:
    """The rows of one of the list's queries, typed as SQLAlchemy types them."""
    sql, kinds = QUERIES[name]
    parameters = {key: value for key, value in
                  {**PARAMETERS, "today": today.isoformat(),
                   "since": value_since.isoformat()}.items() if f":{key}" in sql}
    return _typed(connection.execute(sql, parameters).fetchall(), kinds)


def _typed(rows: list[tuple], kinds: tuple) -> list[tuple]:
    made = [(i, kind) for i, kind in enumerate(kinds) if kind is not None]
    if not made:
        return rows
    out = []
    for row in rows:
        values = list(row)
        for i, kind in made:
            if values[i] is not None or kind is _tags:
                values[i] = kind(values[i])
        out.append(tuple(values))
    return out


def partner_figures(connection: sqlite3.Connection, today: dt.date,
                    value_since: dt.date) -> dict[int, PartnerFigures]:
    """`figures.partner_figures`, read with plain sqlite3 (inside the caller's transaction)."""
    build = FiguresBuilder(today, value_since)
    for name in QUERIES:
        build.add(name, query_rows(connection, name, today, value_since))
    for ids in build.wanted():
        build.add("health_scores", connection.execute(_scores_sql(len(ids)), ids).fetchall())
    return build.figures()


# the partners themselves: each Partner field the partners table has a column for -----------

def _tags(text) -> tuple[str, ...]:
    return tuple(json.loads(text) or ()) if text is not None else ()


# How a column's stored value becomes the field's, by the field's annotation; any other
# annotation (text, numbers) is taken as stored.
_FIELD_TYPES: dict[str, Callable] = {"Stage": _STAGE, "Kind": _KIND, "dt.date | None": as_date,
                                     "tuple[str, ...]": _tags}


def partners(connection: sqlite3.Connection) -> list[Partner]:
    """Every partner in id order, as `PartnerRepository.for_partners()` reads them."""
    columns = {row[1] for row in connection.execute("PRAGMA table_info(partners)")}
    fields = [f for f in dataclasses.fields(Partner) if f.name in columns]
    names = [f.name for f in fields]
    sql = f"SELECT {', '.join(names)} FROM partners ORDER BY id"
    kinds = tuple(_FIELD_TYPES.get(f.type) for f in fields)
    return [Partner(**dict(zip(names, row, strict=True)))
            for row in _typed(connection.execute(sql).fetchall(), kinds)]


@dataclasses.dataclass(frozen=True)
class ListReading:
    """What a window opens with, read in one transaction (the same snapshot): the partners,
    their figures, and the portfolio's own settings (stored values and versions by key)."""

    partners: list[Partner]
    figures: dict[int, PartnerFigures]
    settings: dict[str, str]
    setting_versions: dict[str, int]


def read_overview(connection: sqlite3.Connection, today: dt.date,
                  value_since: dt.date) -> ListReading:
    connection.execute("BEGIN")
    try:
        settings = connection.execute(
            "SELECT key, value, version FROM portfolio_settings").fetchall()
        return ListReading(partners(connection),
                           partner_figures(connection, today, value_since),
                           {key: value for key, value, _ in settings},
                           {key: version for key, _, version in settings})
    finally:
        connection.execute("ROLLBACK")  # nothing was written: a read ends without a commit
