"""Who may read and who may edit a team portfolio (`planner grant`).

A team portfolio has readers (they see everything and change nothing: their app opens it
read-only, and the server refuses their changes whatever the app does) and editors (they
change partners and everything about them, but never the schema: only the owner or a
superuser migrates). The database roles behind this live in `storage.server_roles`.
"""

from __future__ import annotations

from planner.domain.errors import InvalidValue, PlannerError
from planner.domain.quoting import shown
from planner.storage import server_roles
from planner.storage.location import Location, ServerLocation, parse_location
from planner.storage.server_roles import EDIT, READ, Access, Person

__all__ = ["READ", "EDIT", "Access", "Person", "grant_access", "revoke_access",
           "who_has_access"]

MAX_ROLE_BYTES = 63


def _team_location(location: Location | str) -> ServerLocation:
    found = parse_location(location)
    if not isinstance(found, ServerLocation):
        raise PlannerError(f"{shown(found)} is a portfolio file: whoever can open the file can "
                           "edit it; roles are for team portfolios (postgresql://...).")
    return found


def _role_name(role: str) -> str:
    if not role or not role.strip() or "\x00" in role:
        raise InvalidValue("Name the database login to give access to.")
    if len(role.encode()) > MAX_ROLE_BYTES:
        raise InvalidValue(f"The role name '{shown(role)}' is longer than the "
                           f"{MAX_ROLE_BYTES} bytes PostgreSQL allows.")
    return role


def grant_access(location: Location | str, role: str, level: str, *,
                 password: str | None = None) -> None:
    """Make the login `role` a reader (READ) or an editor (EDIT) of the team portfolio, in one
    transaction; with `password`, create the login first. Only the portfolio's owner or a
    superuser may; everyone else gets one sentence and nothing changes."""
    if level not in (READ, EDIT):
        raise InvalidValue("Access is either read or edit.")
    if password is not None and not password:
        raise InvalidValue("A new login needs a password.")
    server_roles.change_access_at(_team_location(location), _role_name(role), level,
                                  password=password)


def revoke_access(location: Location | str, role: str) -> None:
    """Take the login `role` out of the portfolio's readers and editors."""
    server_roles.change_access_at(_team_location(location), _role_name(role), None)


def who_has_access(location: Location | str) -> Access:
    """Who can edit and who can only read the team portfolio, and why."""
    return server_roles.access_at(_team_location(location))
