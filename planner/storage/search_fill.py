"""Filling the search index once for whole partners inserted in bulk (an import, the sample,
the undo of a removal), instead of one trigger program per inserted row.

On SQLite the index rows are written by the AFTER INSERT triggers of migration 0002 (see
search.py). For a bulk insert those triggers are dropped inside the writing transaction, the
rows go in, and each trigger's own INSERT ... SELECT then runs once over the new partners' rows
(the trigger's statement with `FROM <table> AS new` added), before the triggers are created
again from the very text they were stored with. The index ends with the same rows as if every
trigger had fired; all of it is one transaction, so a failure leaves triggers and index as they
were. A trigger of a shape this does not recognise is left to fire row by row.

On PostgreSQL the triggers stay: an editor of a team portfolio does not own its tables and
may not drop or disable their triggers.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator

from sqlalchemy.orm import Session

_INDEX_INSERT = re.compile(
    r"(INSERT INTO search_index\s*\([^()]*\)\s*SELECT\s(?:(?!\bWHERE\b|\bFROM\b).)+?)"
    r"(?:\s+WHERE\s+((?:(?!\bSELECT\b|\bFROM\b).)+))?",
    re.DOTALL | re.IGNORECASE)
_TRIGGER = re.compile(r"^CREATE TRIGGER \S+ AFTER INSERT ON (\w+) BEGIN\s(.*)\sEND$",
                      re.DOTALL | re.IGNORECASE)


def _fills(table: str, trigger_sql: str) -> list[str] | None:
    """The trigger's statements as INSERT ... SELECT over the rows of some partners, with a
    `{partners}` placeholder for their ids; None when the trigger is not of the known shape."""
    found = _TRIGGER.match(trigger_sql.strip())
    if found is None or found.group(1) != table or not _quotes_are_plain(found.group(2)):
        return None
    owner = "new.id" if table == "partners" else "new.partner_id"
    fills = []
    for statement in filter(None, (s.strip() for s in found.group(2).split(";"))):
        parts = _INDEX_INSERT.fullmatch(statement)
        if parts is None:
            return None
        select, condition = parts.groups()
        where = f"{owner} IN ({{partners}})" + (f" AND ({condition})" if condition else "")
        fills.append(f"{select} FROM {table} AS new WHERE {where}")
    return fills or None


def _quotes_are_plain(body: str) -> bool:
    """No semicolon inside a quoted string, so splitting the body on ';' finds statements."""
    return all(";" not in literal for literal in re.findall(r"'(?:[^']|'')*'", body))


@contextlib.contextmanager
def indexed_once(session: Session) -> Iterator[Callable[[list[int]], None]]:
    """Within the block, rows inserted into the indexed tables are not indexed one by one;
    call the function it yields with the ids of the partners inserted (whole, every part of
    them new) to index them all at once. The triggers are back when the block ends."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield lambda partner_ids: None
        return
    triggers = connection.exec_driver_sql(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND name LIKE 'search\\_%\\_insert' ESCAPE '\\' ORDER BY name").all()
    suspended = []
    for name, table, sql in triggers:
        fills = _fills(table, sql)
        if fills is not None:
            suspended.append((name, sql, fills))
    for name, _sql, _statements in suspended:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')

    def fill(partner_ids: list[int]) -> None:
        if not partner_ids:
            return
        ids = ", ".join(str(int(i)) for i in partner_ids)
        for _name, _sql, statements in suspended:
            for statement in statements:
                connection.exec_driver_sql(statement.replace("{partners}", ids))

    try:
        yield fill
    finally:
        for _name, sql, _statements in suspended:
            connection.exec_driver_sql(sql)
