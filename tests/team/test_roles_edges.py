"""`planner grant`'s edges on the real server: the owner named as the one to grant, and no
membership made for an owner who is a superuser (who needs none to manage access)."""

from __future__ import annotations

import pytest

from planner.domain.errors import PasswordRefused, PlannerError
from planner.services.team_roles import EDIT, READ, grant_access, who_has_access
from planner.storage.server_roles import group_names
from tests.storage.conftest import untouched


def memberships(server, role):
    return sorted(r[0] for r in server.execute(
        "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
        f"JOIN pg_roles r ON r.oid = m.member WHERE r.rolname = '{role}'"))


def test_the_owner_is_not_granted_what_they_have_and_is_told_so(team_location,
                                                                 owned_by_a_user):
    owner, _ = owned_by_a_user
    with pytest.raises(PlannerError) as refused:
        grant_access(team_location, owner, READ)
    assert str(refused.value) == (f"{owner} owns this portfolio and can always edit it; "
                                  "nothing was changed.")


def test_a_superuser_owner_is_made_a_member_of_no_group(postgres_server, make_user,
                                                        team_portfolio_location, groups_dropped):
    groups_dropped(team_portfolio_location.database)
    editor, _ = make_user("editor")
    grant_access(team_portfolio_location, editor, EDIT)
    readers, editors = group_names(team_portfolio_location.database)
    ours = {readers, editors}
    assert ours.isdisjoint(memberships(postgres_server, team_portfolio_location.user))
    assert memberships(postgres_server, editor) == [editors]


def test_a_grant_with_a_wrong_password_is_the_servers_refusal_in_one_sentence(
        postgres_server, team_portfolio_location, make_user):
    editor, _ = make_user("editor")
    wrong = postgres_server.location(team_portfolio_location.database,
                                     team_portfolio_location.user, "not the password")
    with pytest.raises(PasswordRefused) as refused:
        grant_access(wrong, editor, EDIT)
    assert refused.value.supplied is True
    assert str(refused.value).startswith(f"The server {wrong.host} did not accept the password")


def test_a_database_that_holds_no_portfolio_is_named_and_left_as_it_is(postgres_server,
                                                                       team_location,
                                                                       make_user):
    editor, _ = make_user("editor")
    before = untouched(team_location, postgres_server)
    for attempt in (lambda: grant_access(team_location, editor, EDIT),
                    lambda: who_has_access(team_location)):
        with pytest.raises(PlannerError) as refused:
            attempt()
        assert str(refused.value) == (f"The database {team_location.shown} holds no portfolio "
                                      f"yet; create one with: planner init {team_location.url}")
    assert untouched(team_location, postgres_server) == before
    postgres_server.execute("CREATE TABLE invoices (id integer)",
                            database=team_location.database)
    before = untouched(team_location, postgres_server)
    with pytest.raises(PlannerError) as refused:
        grant_access(team_location, editor, READ)
    assert str(refused.value) == (f"The database {team_location.shown} holds other tables, not "
                                  "a Partner Planner portfolio; it was left as it is.")
    assert untouched(team_location, postgres_server) == before
    assert memberships(postgres_server, editor) == []
