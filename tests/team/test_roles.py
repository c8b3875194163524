"""`planner grant`: readers and editors of a team portfolio, on the real server."""

from __future__ import annotations

import uuid

import pytest

from planner.domain.errors import NotFound, PlannerError
from planner.domain.model import Area, Difference, Partner
from planner.services import partners, portfolio_settings, search
from planner.services.checklist import tick_item
from planner.services.differences import record_difference
from planner.services.portfolio import open_portfolio
from planner.services.team_roles import EDIT, READ, grant_access, revoke_access, who_has_access
from planner.storage.server_roles import MAX_IDENTIFIER, group_names, quoted
from tests.team.conftest import TODAY


def members(server, group):
    return sorted(r[0] for r in server.execute(
        "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        f"JOIN pg_roles r ON r.oid = m.member WHERE g.rolname = '{group}' AND NOT r.rolsuper "
        "AND NOT m.admin_option"))


def role_exists(server, name):
    return bool(server.execute(f"SELECT 1 FROM pg_roles WHERE rolname = '{name}'"))


# Names --------------------------------------------------------------------------------------

def test_group_names_are_per_database_and_fit_postgresql():
    assert group_names("alliances") == ("planner_alliances_readers", "planner_alliances_editors")
    long_a, long_b = "a" * 70 + "x", "a" * 70 + "y"
    for name in (long_a, long_b, "é" * 40, "ümlaut-" * 20):
        for group in group_names(name):
            assert len(group.encode()) <= MAX_IDENTIFIER
            group.encode().decode()  # never cut inside a character
    assert set(group_names(long_a)).isdisjoint(group_names(long_b))
    assert quoted('my "team"') == '"my ""team"""'


def test_a_database_with_an_awkward_name_is_shared(postgres_server, team_template, make_user,
                                                   groups_dropped):
    database = f'Team "Alliances" {uuid.uuid4().hex[:6]} ' + "x" * 30  # 54 bytes
    postgres_server.execute(f"CREATE DATABASE {quoted(database)} TEMPLATE "
                            f"{quoted(team_template)}")
    groups_dropped(database)
    try:
        reader, password = make_user("reader")
        grant_access(postgres_server.location(database), reader, READ)
        readers, _ = group_names(database)
        assert members(postgres_server, readers) == [reader]
        with open_portfolio(postgres_server.location(database, reader, password)) as p:
            assert p.read_only
    finally:
        postgres_server.execute(f"DROP DATABASE IF EXISTS {quoted(database)} WITH (FORCE)")


# Granting -----------------------------------------------------------------------------------

def test_read_edit_and_revoke_move_a_login_between_the_groups(postgres_server, shared_portfolio):
    location, person = shared_portfolio.owner, shared_portfolio.reader_name
    readers, editors = group_names(location.database)
    assert members(postgres_server, readers) == [person]

    grant_access(location, person, EDIT)
    assert members(postgres_server, readers) == []
    assert person in members(postgres_server, editors)
    with open_portfolio(shared_portfolio.reader) as portfolio:
        assert not portfolio.read_only
        partners.add_partner(portfolio.uow(), Partner("Promoted"))

    grant_access(location, person, READ)
    grant_access(location, person, READ)  # twice is the same as once
    assert members(postgres_server, readers) == [person]
    assert person not in members(postgres_server, editors)

    revoke_access(location, person)
    assert person not in members(postgres_server, readers) + members(postgres_server, editors)
    with pytest.raises(PlannerError) as refused:
        open_portfolio(shared_portfolio.reader)
    assert str(refused.value) == (
        f"{person} may not read the team portfolio {location.shown}; ask its owner to run: "
        f"planner grant {shared_portfolio.reader.url} {person} --read")
    revoke_access(location, person)  # nothing left to take: still fine


def test_the_list_says_who_can_edit_and_who_can_only_read(shared_portfolio):
    found = who_has_access(shared_portfolio.owner)
    editors = {p.name: p.why for p in found.editors}
    readers = {p.name: p.why for p in found.readers}
    assert editors[shared_portfolio.editor_name] == "editor"
    assert editors[found.owner] in ("owner", "superuser")
    assert readers == {shared_portfolio.reader_name: "reader"}
    assert shared_portfolio.reader_name not in editors


def test_only_the_owner_or_a_superuser_may_grant(postgres_server, shared_portfolio):
    readers, _ = group_names(shared_portfolio.owner.database)
    with pytest.raises(PlannerError) as refused:
        grant_access(shared_portfolio.editor, shared_portfolio.editor_name, EDIT)
    assert str(refused.value) == (
        f"Only the portfolio's owner ({shared_portfolio.owner.user}) or a superuser can change "
        f"who may read or edit it; you are connected as {shared_portfolio.editor_name}.")
    with pytest.raises(PlannerError, match="Only the portfolio's owner"):
        revoke_access(shared_portfolio.reader, shared_portfolio.reader_name)
    assert members(postgres_server, readers) == [shared_portfolio.reader_name]


@pytest.mark.parametrize("role, says", [
    ("nobody_here_at_all", "There is no role nobody_here_at_all on this server; create a login "
                           "for them first (a superuser can run: CREATE ROLE "
                           "\"nobody_here_at_all\" LOGIN PASSWORD '...'), or add --create."),
])
def test_a_role_that_does_not_exist_is_one_sentence(postgres_server, shared_portfolio, role,
                                                    says):
    with pytest.raises(NotFound) as refused:
        grant_access(shared_portfolio.owner, role, READ)
    assert str(refused.value) == says
    with pytest.raises(NotFound, match="but there is reader_.*case-sensitive"):
        grant_access(shared_portfolio.owner, shared_portfolio.reader_name.upper(), EDIT)


def test_owners_superusers_and_the_groups_themselves_are_not_granted(shared_portfolio):
    owner = shared_portfolio.owner
    with pytest.raises(PlannerError, match="is a superuser and can always read and edit"):
        grant_access(owner, owner.user, READ)
    readers, _ = group_names(owner.database)
    with pytest.raises(PlannerError, match="one of this portfolio's own groups") as refused:
        grant_access(owner, readers, EDIT)
    assert str(refused.value).endswith("own groups; name a person's login instead.")


def test_a_file_has_no_roles(tmp_path):
    with pytest.raises(PlannerError, match="is a portfolio file: whoever can open the file"):
        grant_access(tmp_path / "p.sqlite", "ann", READ)


def test_a_new_login_is_created_with_its_password(postgres_server, shared_portfolio):
    name, password = f"newcomer_{uuid.uuid4().hex[:8]}", "correct horse"
    try:
        grant_access(shared_portfolio.owner, name, READ, password=password)
        location = postgres_server.location(shared_portfolio.owner.database, name, password)
        with open_portfolio(location) as portfolio:
            assert portfolio.read_only
        logged = postgres_server.execute(f"SELECT rolpassword FROM pg_authid "
                                         f"WHERE rolname = '{name}'")
        assert logged[0][0].startswith("SCRAM-SHA-256$")
        with pytest.raises(PlannerError, match="exists already; leave out --create"):
            grant_access(shared_portfolio.owner, name, EDIT, password="another")
    finally:
        postgres_server.execute(f'DROP ROLE IF EXISTS "{name}"')


def test_two_portfolios_on_one_server_do_not_share_readers(postgres_server, shared_portfolio,
                                                           team_template, groups_dropped):
    from tests.team_server import _new_database

    other = _new_database(postgres_server, team_template)
    groups_dropped(other)
    try:
        grant_access(postgres_server.location(other), shared_portfolio.editor_name, READ)
        assert set(group_names(other)).isdisjoint(group_names(shared_portfolio.owner.database))
        reader_elsewhere = postgres_server.location(other, shared_portfolio.reader.user,
                                                    shared_portfolio.reader.password)
        with pytest.raises(PlannerError, match="may not read the team portfolio"):
            open_portfolio(reader_elsewhere)
        editor_elsewhere = postgres_server.location(other, shared_portfolio.editor.user,
                                                    shared_portfolio.editor.password)
        with open_portfolio(editor_elsewhere) as portfolio:
            assert portfolio.read_only  # an editor there, a reader here
        with open_portfolio(shared_portfolio.editor) as portfolio:
            assert not portfolio.read_only
    finally:
        postgres_server.execute(f'DROP DATABASE IF EXISTS "{other}" WITH (FORCE)')


# Owners who are not superusers --------------------------------------------------------------

def test_an_owner_without_createrole_manages_access_once_a_superuser_began(
        postgres_server, make_user, team_location, owned_by_a_user):
    owner, as_owner = owned_by_a_user
    reader, _ = make_user("reader")
    editor, _ = make_user("editor")
    readers, editors = group_names(team_location.database)

    with pytest.raises(PlannerError, match="you may not create roles; run this once as a "
                                           "superuser"):
        grant_access(as_owner, reader, READ)
    assert not role_exists(postgres_server, readers)

    grant_access(team_location, reader, READ)  # the superuser, once
    grant_access(as_owner, editor, EDIT)  # from then on the owner
    revoke_access(as_owner, reader)
    assert members(postgres_server, editors) == [editor]
    assert members(postgres_server, readers) == []
    assert who_has_access(as_owner).owner == owner


def test_a_refused_grant_changes_nothing_at_all(postgres_server, make_user, team_location,
                                                groups_dropped):
    """PostgreSQL before 15 let everyone create tables in the public schema; an owner who may
    not take that back is refused, and the groups made on the way are gone again."""
    database = team_location.database
    groups_dropped(database)
    owner, owner_password = make_user("owner")
    postgres_server.execute(f'ALTER ROLE "{owner}" CREATEROLE')
    postgres_server.execute(f'GRANT CREATE ON SCHEMA public TO "{owner}"', database=database)
    as_owner = postgres_server.location(database, owner, owner_password)
    open_portfolio(as_owner, create=True).close()
    postgres_server.execute("GRANT CREATE ON SCHEMA public TO PUBLIC", database=database)
    reader, _ = make_user("reader")

    with pytest.raises(PlannerError, match=r"^Everyone may create tables in the schema "
                                           r"\"public\" .* REVOKE CREATE ON SCHEMA"):
        grant_access(as_owner, reader, READ)
    assert not role_exists(postgres_server, group_names(database)[0])
    assert not role_exists(postgres_server, group_names(database)[1])

    grant_access(team_location, reader, READ)  # a superuser may take it back, and does
    assert postgres_server.execute("SELECT has_schema_privilege('public', 'public', 'CREATE')",
                                   database=database) == [(False,)]


# Editors ------------------------------------------------------------------------------------

def test_an_editor_edits_through_the_services(shared_portfolio):
    with open_portfolio(shared_portfolio.editor) as portfolio:
        assert not portfolio.read_only
        added = partners.add_partner(portfolio.uow(), Partner("Zephyrquartz Edited"))
        record = partners.partner_record(portfolio.uow(), added.id)
        tick_item(portfolio.uow(), record.checklist[0].id, True, TODAY)
        record_difference(portfolio.uow(), Difference(added.id, Area.CULTURE, "Fast", "Slow"))
        portfolio_settings.update_settings(portfolio.uow(), name="Shared")
        assert [h.partner_id for h in search.search(portfolio.uow(), "Zephyrquartz")] == [added.id]
        removed = partners.remove_partner(portfolio.uow(), added.id)
        partners.restore_partner(portfolio.uow(), removed)
        assert partners.partner_record(portfolio.uow(), added.id).checklist[0].done
    with open_portfolio(shared_portfolio.reader) as portfolio:
        assert portfolio_settings.read_settings(portfolio.uow()).name == "Shared"
        changed_by = partners.get_partner(portfolio.uow(), added.id)
        assert changed_by.name == "Zephyrquartz Edited"


def _portfolio_at(server, location, revision):
    from alembic import command

    from planner.storage import database
    from planner.storage.server import make_server_engine

    engine = make_server_engine(location)
    try:
        with engine.begin() as connection:
            command.upgrade(database.alembic_config(connection), revision)
    finally:
        engine.dispose()


def test_only_the_owner_migrates_and_the_new_tables_are_shared(postgres_server, make_user,
                                                               team_location, groups_dropped):
    database = team_location.database
    groups_dropped(database)
    _portfolio_at(postgres_server, team_location, "0002")  # before portfolio_settings
    reader, reader_password = make_user("reader")
    editor, editor_password = make_user("editor")
    grant_access(team_location, reader, READ)
    grant_access(team_location, editor, EDIT)
    expected = (f"The team portfolio {team_location.shown} needs an update to this version of "
                f"Partner Planner that only its owner ({team_location.user}) or a superuser can "
                "make; ask the owner to open it first with this version.")
    for who, password in ((editor, editor_password), (reader, reader_password)):
        with pytest.raises(PlannerError) as refused:
            open_portfolio(postgres_server.location(database, who, password))
        assert str(refused.value) == expected
    assert postgres_server.execute("SELECT version_num FROM alembic_version",
                                   database=database) == [("0002",)]

    # Another superuser migrates: the new table is theirs, so the owner's default privileges
    # do not cover it; the grant at the end of the migration does.
    admin, admin_password = make_user("admin")
    postgres_server.execute(f'ALTER ROLE "{admin}" SUPERUSER')
    try:
        open_portfolio(postgres_server.location(database, admin, admin_password)).close()
        with open_portfolio(postgres_server.location(database, editor, editor_password)) as p:
            assert not p.read_only
            portfolio_settings.update_settings(p.uow(), name="Migrated")
        with open_portfolio(postgres_server.location(database, reader, reader_password)) as p:
            assert p.read_only
            assert portfolio_settings.read_settings(p.uow()).name == "Migrated"
    finally:
        postgres_server.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def test_tables_the_owner_creates_later_come_with_the_privileges(postgres_server,
                                                                 shared_portfolio):
    database = shared_portfolio.owner.database
    readers, editors = group_names(database)
    postgres_server.execute("CREATE TABLE later (id serial PRIMARY KEY, note text)",
                            database=database)
    try:
        rows = postgres_server.execute(
            f"SELECT has_table_privilege('{editors}', 'later', 'INSERT'), "
            f"has_table_privilege('{readers}', 'later', 'SELECT'), "
            f"has_table_privilege('{readers}', 'later', 'INSERT'), "
            f"has_sequence_privilege('{editors}', 'later_id_seq', 'USAGE')", database=database)
        assert rows == [(True, True, False, True)]
    finally:
        postgres_server.execute("DROP TABLE later", database=database)


# The command --------------------------------------------------------------------------------

def test_the_command_grants_lists_and_refuses_in_one_line(run_cli, postgres_server,
                                                          shared_portfolio):
    url = shared_portfolio.owner.url
    env = {"PGPASSWORD": shared_portfolio.owner.password}
    listed = run_cli("grant", url, env=env)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0] == f"Owner: {shared_portfolio.owner.user}"
    assert lines[lines.index("Can only read:") + 1].split() == [shared_portfolio.reader_name,
                                                                "reader"]
    assert [shared_portfolio.editor_name, "editor"] in [line.split() for line in lines]

    done = run_cli("grant", url, shared_portfolio.reader_name, "--edit", env=env)
    assert (done.returncode, done.stdout) == (
        0, f"Made {shared_portfolio.reader_name} an editor of this team portfolio.\n")

    refused = run_cli("grant", url, "ghost_of_nobody", "--read", env=env)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.startswith("planner: error: There is no role ghost_of_nobody")
    assert len(refused.stderr.splitlines()) == 1

    bare = run_cli("grant", url, shared_portfolio.reader_name, env=env)
    assert (bare.returncode, bare.stderr) == (
        1, f"planner: error: Say what {shared_portfolio.reader_name} may do: add --read, "
           "--edit or --revoke.\n")


def test_the_command_creates_a_login_with_a_password_from_stdin(run_cli, postgres_server,
                                                                shared_portfolio):
    name = f"piped_{uuid.uuid4().hex[:8]}"
    env = {"PGPASSWORD": shared_portfolio.owner.password}
    try:
        made = run_cli("grant", shared_portfolio.owner.url, name, "--read", "--create",
                       input="s3cret pass\n", env=env)
        assert made.returncode == 0, made.stderr
        assert made.stdout == f"Created the login and made {name} a reader of this team " \
                              "portfolio.\n"
        location = postgres_server.location(shared_portfolio.owner.database, name,
                                            "s3cret pass")
        with open_portfolio(location) as portfolio:
            assert portfolio.read_only
    finally:
        postgres_server.execute(f'DROP ROLE IF EXISTS "{name}"')
