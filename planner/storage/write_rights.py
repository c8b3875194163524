"""Whether a unit of work may change the portfolio at all, asked before anything else about
a change is said.

A reader (a read-only opening, or a database user the server lets only read) who is told
that someone else changed the record, removed it or took its place would reload and try
again, in vain: the sentence that says they may only read wins over every other refusal.
The app's own read-only flag answers at once; the server's roles are asked only when a
change is about to be refused for another reason, so a save costs no extra round trip.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from planner.domain.errors import PlannerError
from planner.storage.history import REFUSE_WRITES

# The sentence a change the server's roles refuse gets (the unit of work puts it here).
NOT_ALLOWED = "planner.not_allowed"
_FALLBACK = "You may only read this portfolio; your change was not saved."
_ASK = text("SELECT has_table_privilege(current_user, :table, :privilege)")


def refuse_if_read_only(session: Session) -> None:
    """Refuse any change in a unit of work opened read-only (or holding its commits)."""
    if reason := session.info.get(REFUSE_WRITES):
        raise PlannerError(reason)


def refuse_if_not_allowed(session: Session, table: str, privilege: str) -> None:
    """Refuse a change the login may not make on `table` (INSERT, UPDATE or DELETE): the
    app's flag first, then, on a server, the roles the database user holds."""
    refuse_if_read_only(session)
    if session.get_bind().dialect.name != "postgresql":
        return  # a file opened for writing may be written
    if not session.scalar(_ASK, {"table": table, "privilege": privilege}):
        raise PlannerError(session.info.get(NOT_ALLOWED) or _FALLBACK)
