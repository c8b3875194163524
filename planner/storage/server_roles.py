"""Who may read and who may edit a team portfolio: two group roles per database.

Each team portfolio has a readers' group (SELECT on its tables, nothing else) and an editors'
group (SELECT, INSERT, UPDATE, DELETE on its data tables and USAGE on their sequences); a
person's login is made a member of one of them. Neither group may change the schema: no
CREATE on it, no table of it owned, no TRIGGER, TRUNCATE or REFERENCES; only the portfolio's
owner (or a superuser) migrates. The groups are named after the database
(`planner_<database>_readers`), since roles belong to the whole server and two portfolios on
one server must not share them.

Every change of access is one transaction: the groups, their privileges and the membership
change together or not at all. Tables a later migration creates get the same privileges twice
over: through the owner's default privileges, and through `grant_privileges` run at the end of
every migration (a superuser who migrates owns the new tables, and default privileges follow
the owner, not the database).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import text

from planner.domain.errors import NotFound, PlannerError
from planner.domain.quoting import shown

MAX_IDENTIFIER = 63  # bytes: PostgreSQL cuts longer names silently
READ, EDIT = "read", "edit"
EDITOR_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
ALWAYS_READ_ONLY = frozenset({"alembic_version"})  # only a migration changes it
ROLES_LOCK = 0x50506C72  # pg_advisory_xact_lock key while changing access ("PPlr")


def quoted(name: str) -> str:
    """An identifier as SQL text, whatever characters it holds."""
    return '"' + name.replace('"', '""') + '"'


def _within(prefix: str, middle: str, suffix: str) -> str:
    """prefix + middle + suffix in at most 63 bytes: a middle too long is cut (on a character
    boundary) and followed by a hash of it, so two long names still differ."""
    name = prefix + middle + suffix
    if len(name.encode()) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.sha256(middle.encode()).hexdigest()[:8]
    room = MAX_IDENTIFIER - len((prefix + suffix).encode()) - len(digest) - 1
    cut = middle.encode()[:room].decode(errors="ignore")
    return f"{prefix}{cut}_{digest}{suffix}"


def group_names(database: str) -> tuple[str, str]:
    """The readers' and the editors' group of the team portfolio in `database`."""
    return (_within("planner_", database, "_readers"), _within("planner_", database, "_editors"))


@dataclass(frozen=True)
class Person:
    """A login role that may use the portfolio, and why (owner, superuser, editor, ...)."""

    name: str
    why: str


@dataclass(frozen=True)
class Access:
    owner: str
    editors: tuple[Person, ...]
    readers: tuple[Person, ...]


def _run(connection, statement: str) -> None:
    """A statement with names in it, sent as it is (no bind parameters: a name may hold a
    colon or a percent sign)."""
    connection.exec_driver_sql(statement)


def _scalar(connection, sql: str, **values):
    return connection.execute(text(sql), values).scalar()


def portfolio_owner(connection) -> str:
    """Who owns the portfolio's tables (who ran `planner init`, as a rule)."""
    return _scalar(connection,
                   "SELECT pg_get_userbyid(c.relowner) FROM pg_class c "
                   "WHERE c.oid = to_regclass(quote_ident(current_schema()) || "
                   "'.alembic_version')")


def is_superuser(connection) -> bool:
    return bool(_scalar(connection,
                        "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))


def acts_as(connection, role: str) -> bool:
    """Whether the connected user is `role` or may act as it (a member), or a superuser."""
    return bool(_scalar(connection,
                        "SELECT pg_has_role(current_user, :role, 'USAGE')", role=role))


def may_migrate(connection, *, empty: bool) -> bool:
    """Whether the connected user may change the schema: a superuser, the owner of the
    portfolio's tables, or (for a database without tables yet) whoever may create tables."""
    if is_superuser(connection):
        return True
    if empty:
        return bool(_scalar(connection,
                            "SELECT has_schema_privilege(current_schema(), 'CREATE')"))
    return acts_as(connection, portfolio_owner(connection))


def groups_exist(connection) -> bool:
    readers, editors = group_names(_scalar(connection, "SELECT current_database()"))
    found = _scalar(connection, "SELECT count(*) FROM pg_roles WHERE rolname IN (:r, :e)",
                    r=readers, e=editors)
    return found == 2


# Privileges -----------------------------------------------------------------------------

def _relations(connection, kinds: str) -> list[tuple[str, bool]]:
    """The schema's relations of these kinds (pg_class.relkind letters), each with whether
    the connected user may grant on it (its owner, a member of the owner, a superuser)."""
    rows = connection.execute(text(
        "SELECT c.relname, pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = ANY(:kinds) ORDER BY c.relname"),
        {"kinds": list(kinds)})
    return [(name, bool(ours)) for name, ours in rows]


def _regrant(connection, relation: str, grants: dict[str, str | None]) -> None:
    """Take back whatever the groups hold on one relation ("TABLE x"), then grant each its
    own privileges (None: nothing)."""
    _run(connection, f"REVOKE ALL ON {relation} FROM {', '.join(grants)}")
    for group, privileges in grants.items():
        if privileges:
            _run(connection, f"GRANT {privileges} ON {relation} TO {group}")


def grant_privileges(connection) -> None:
    """Give both groups exactly their privileges on every table and sequence of the schema
    (what someone granted them beyond that is taken back), and make the owner's future tables
    and sequences come with them. Tables the connected user may not grant on are left."""
    database = _scalar(connection, "SELECT current_database()")
    readers, editors = (quoted(g) for g in group_names(database))
    schema = quoted(_scalar(connection, "SELECT current_schema()"))
    _no_schema_changes_for_everyone(connection, schema)
    if _scalar(connection, "SELECT pg_has_role(current_user, d.datdba, 'USAGE') "
                           "FROM pg_database d WHERE d.datname = current_database()"):
        # PUBLIC may connect by default; a server that took that back lets the groups in
        _run(connection, f"GRANT CONNECT ON DATABASE {quoted(database)} "
                         f"TO {readers}, {editors}")
    if _scalar(connection, "SELECT pg_has_role(current_user, n.nspowner, 'USAGE') "
                           "FROM pg_namespace n WHERE n.nspname = current_schema()"):
        _run(connection, f"GRANT USAGE ON SCHEMA {schema} TO {readers}, {editors}")
    for table, ours in _relations(connection, "rpvf"):
        if ours:
            edits = "SELECT" if table in ALWAYS_READ_ONLY else EDITOR_TABLE_PRIVILEGES
            _regrant(connection, f"TABLE {schema}.{quoted(table)}",
                     {readers: "SELECT", editors: edits})
    for sequence, ours in _relations(connection, "S"):
        if ours:
            _regrant(connection, f"SEQUENCE {schema}.{quoted(sequence)}",
                     {readers: None, editors: "USAGE, SELECT"})
    owner = portfolio_owner(connection)
    if owner and acts_as(connection, owner):
        default = f"ALTER DEFAULT PRIVILEGES FOR ROLE {quoted(owner)} IN SCHEMA {schema}"
        _run(connection, f"{default} GRANT SELECT ON TABLES TO {readers}")
        _run(connection, f"{default} GRANT {EDITOR_TABLE_PRIVILEGES} ON TABLES "
                         f"TO {editors}")
        _run(connection, f"{default} GRANT USAGE, SELECT ON SEQUENCES TO {editors}")


def grant_privileges_if_shared(connection) -> None:
    """After a migration: when the portfolio is shared (its groups exist), its new tables get
    the groups' privileges in the same transaction."""
    if groups_exist(connection):
        grant_privileges(connection)


def _no_schema_changes_for_everyone(connection, schema: str) -> None:
    """PostgreSQL before 15 lets everyone (PUBLIC) create tables in the public schema; a
    reader could then change the schema. Take that back, or refuse to share."""
    if not _scalar(connection, "SELECT has_schema_privilege('public', current_schema(), "
                               "'CREATE')"):
        return
    if not _scalar(connection, "SELECT pg_has_role(current_user, n.nspowner, 'USAGE') "
                               "FROM pg_namespace n WHERE n.nspname = current_schema()"):
        raise PlannerError(f"Everyone may create tables in the schema {schema} of this "
                           "database, so a reader could change it; ask a superuser to run "
                           f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC first.")
    _run(connection, f"REVOKE CREATE ON SCHEMA {schema} FROM PUBLIC")


# Membership -----------------------------------------------------------------------------

def _ensure_groups(connection, owner: str) -> None:
    readers, editors = group_names(_scalar(connection, "SELECT current_database()"))
    missing = [g for g in (readers, editors) if not _scalar(
        connection, "SELECT count(*) FROM pg_roles WHERE rolname = :g", g=g)]
    if not missing:
        return
    if not (is_superuser(connection) or _scalar(
            connection, "SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user")):
        raise PlannerError("Sharing this portfolio needs two new group roles, and you may not "
                           "create roles; run this once as a superuser (the owner can manage "
                           "access from then on), or ask for CREATEROLE.")
    for group in missing:
        _run(connection, f"CREATE ROLE {quoted(group)} NOLOGIN")
    if is_superuser(connection) and not _role_is_superuser(connection, owner):
        # so that the owner, without CREATEROLE, can add and remove people later
        for group in missing:
            _run(connection, f"GRANT {quoted(group)} TO {quoted(owner)} "
                             "WITH ADMIN OPTION")


def _role_is_superuser(connection, role: str) -> bool:
    return bool(_scalar(connection, "SELECT rolsuper FROM pg_roles WHERE rolname = :r",
                        r=role))


def _member_of(connection, role: str, group: str) -> bool:
    return bool(_scalar(connection,
                        "SELECT count(*) FROM pg_auth_members m "
                        "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member "
                        "WHERE g.rolname = :g AND r.rolname = :r", g=group, r=role))


def _remove_member(connection, role: str, group: str) -> None:
    if not _member_of(connection, role, group):
        return
    if _scalar(connection, "SELECT current_setting('server_version_num')::int") >= 160000:
        # since PostgreSQL 16 a membership is one per grantor, each revoked by its own name
        grantors = connection.execute(text(
            "SELECT pg_get_userbyid(m.grantor) FROM pg_auth_members m "
            "JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member "
            "WHERE g.rolname = :g AND r.rolname = :r"), {"g": group, "r": role}).scalars()
        for grantor in list(grantors):
            _run(connection, f"REVOKE {quoted(group)} FROM {quoted(role)} "
                             f"GRANTED BY {quoted(grantor)}")
    else:
        _run(connection, f"REVOKE {quoted(group)} FROM {quoted(role)}")
    if _member_of(connection, role, group):
        raise PlannerError(f"{shown(role)} could not be removed from {shown(group)}; ask a "
                           "superuser to try again.")


def _check_role(connection, role: str, owner: str, groups: tuple[str, str]) -> None:
    found = connection.execute(text("SELECT rolname, rolsuper FROM pg_roles "
                                    "WHERE rolname = :r"), {"r": role}).first()
    if found is None:
        similar = _scalar(connection, "SELECT rolname FROM pg_roles WHERE lower(rolname) = "
                                      "lower(:r) ORDER BY rolname LIMIT 1", r=role)
        if similar is not None:
            raise NotFound(f"There is no role {shown(role)} on this server, but there is "
                           f"{shown(similar)} (role names are case-sensitive); use that name.")
        raise NotFound(f"There is no role {shown(role)} on this server; create a login for "
                       f"them first (a superuser can run: CREATE ROLE {shown(quoted(role))} "
                       "LOGIN PASSWORD '...'), or add --create.")
    if role in groups:
        raise PlannerError(f"{shown(role)} is one of this portfolio's own groups; name a "
                           "person's login instead.")
    if found.rolsuper:
        raise PlannerError(f"{shown(role)} is a superuser and can always read and edit every "
                           "database on this server; nothing was changed.")
    if _scalar(connection, "SELECT pg_has_role(:r, :o, 'USAGE')", r=role, o=owner):
        raise PlannerError(f"{shown(role)} owns this portfolio and can always edit it; "
                           "nothing was changed.")


def _refuse_unless_manager(connection, owner: str) -> None:
    if is_superuser(connection) or acts_as(connection, owner):
        return
    me = _scalar(connection, "SELECT current_user")
    raise PlannerError(f"Only the portfolio's owner ({shown(owner)}) or a superuser can "
                       f"change who may read or edit it; you are connected as {shown(me)}.")


def create_login(connection, role: str, password: str) -> None:
    """A new login role with this password; the password is sent only as a SCRAM verifier,
    so it appears in no statement and no server log."""
    if not (is_superuser(connection) or _scalar(
            connection, "SELECT rolcreaterole FROM pg_roles WHERE rolname = current_user")):
        raise PlannerError(f"You may not create roles on this server; ask a superuser to "
                           f"create the login {shown(role)}.")
    if _scalar(connection, "SELECT count(*) FROM pg_roles WHERE rolname = :r", r=role):
        raise PlannerError(f"The role {shown(role)} exists already; leave out --create.")
    raw = connection.connection.dbapi_connection
    verifier = raw.pgconn.encrypt_password(password.encode(), role.encode(),
                                           b"scram-sha-256").decode()
    _run(connection, f"CREATE ROLE {quoted(role)} LOGIN PASSWORD "
                     f"'{verifier.replace(chr(39), chr(39) * 2)}'")


def change_access(connection, role: str, level: str | None, *,
                  password: str | None = None) -> None:
    """Make `role` a reader (READ), an editor (EDIT) or neither (None), in the caller's
    transaction; with `password`, create the login first."""
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ROLES_LOCK})
    owner = portfolio_owner(connection)
    _refuse_unless_manager(connection, owner)
    groups = group_names(_scalar(connection, "SELECT current_database()"))
    if password is not None:
        create_login(connection, role, password)
    _check_role(connection, role, owner, groups)
    if level is None and not any(_member_of(connection, role, g) for g in groups):
        return  # nothing to take back: no group to create for it
    _ensure_groups(connection, owner)
    grant_privileges(connection)
    readers, editors = groups
    wanted = {READ: readers, EDIT: editors}.get(level)
    for group in groups:
        if group != wanted:
            _remove_member(connection, role, group)
    if wanted is not None and not _member_of(connection, role, wanted):
        _run(connection, f"GRANT {quoted(wanted)} TO {quoted(role)}")


def access(connection) -> Access:
    """Who can edit and who can only read the portfolio, by what the server allows each
    login (not only by the groups), and why."""
    owner = portfolio_owner(connection)
    readers, editors = group_names(_scalar(connection, "SELECT current_database()"))
    rows = connection.execute(text(
        "SELECT r.rolname, r.rolsuper, pg_has_role(r.oid, :owner, 'USAGE'), "
        "has_table_privilege(r.oid, t.oid, 'INSERT'), "
        "has_table_privilege(r.oid, t.oid, 'SELECT'), "
        "EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "        WHERE m.member = r.oid AND g.rolname = :editors), "
        "EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        "        WHERE m.member = r.oid AND g.rolname = :readers) "
        "FROM pg_roles r, (SELECT to_regclass(quote_ident(current_schema()) || '.partners') "
        "AS oid) t "
        "WHERE r.rolcanlogin AND has_database_privilege(r.oid, current_database(), 'CONNECT') "
        "ORDER BY r.rolname"), {"owner": owner, "editors": editors, "readers": readers})
    can_edit, can_read = [], []
    for name, superuser, owns, insert, select, editor, reader in rows:
        why = ("superuser" if superuser else "owner" if owns else "editor" if editor
               else "reader" if reader else "granted directly")
        if insert:
            can_edit.append(Person(name, why))
        elif select:
            can_read.append(Person(name, why))
    return Access(owner, tuple(can_edit), tuple(can_read))


# On a location ----------------------------------------------------------------------------

def _connected(location, work):
    """Run `work(connection)` in one transaction on the team portfolio at `location`, after
    refusing a database that is not a portfolio; the server's refusals become sentences."""
    from sqlalchemy.exc import DBAPIError

    from planner.storage import server

    engine = server.make_server_engine(location)
    try:
        with engine.begin() as connection:
            server.refuse_if_not_ours(connection, location, create=False)
            return work(connection)
    except DBAPIError as error:
        if getattr(getattr(error, "orig", None), "sqlstate", None) == "42501":
            raise PlannerError(f"The server refused: {server.reason(error)}; nothing was "
                               "changed.") from None
        raise server.unreachable(location, error) from None
    finally:
        engine.dispose()


def change_access_at(location, role: str, level: str | None, *,
                     password: str | None = None) -> None:
    _connected(location, lambda c: change_access(c, role, level, password=password))


def access_at(location) -> Access:
    return _connected(location, access)
