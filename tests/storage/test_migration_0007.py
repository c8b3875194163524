"""Migration 0007 widens a team portfolio's columns to what a file holds (a name key three
times its name, a 254-character email, a worth past 32 bits) and leaves a file's schema as it
is; its downgrade narrows them again, or, when a value would not fit, changes nothing."""

import pytest

from planner.domain.model import Partner, Side, ValueExchange
from planner.services.portfolio import open_portfolio
from planner.storage.database import head_revision
from tests.storage.old_revisions import connected, is_team, migrate, objects, revision_of


def column_types(location) -> dict[str, str]:
    if not is_team(location):
        with connected(location) as connection:
            return {f"{table}.{row[1]}": row[2] for table in ("partners", "stakeholders",
                                                              "value_exchanges")
                    for row in connection.exec_driver_sql(f"PRAGMA table_info({table})")}
    with connected(location) as connection:
        return {f"{t}.{c}": f"{d}({n})" if n else d for t, c, d, n in connection.exec_driver_sql(
            "SELECT table_name, column_name, data_type, character_maximum_length "
            "FROM information_schema.columns WHERE table_schema = current_schema()")}


def test_up_and_down_on_both_engines(any_empty_location):
    location = any_empty_location
    with open_portfolio(location, create=True):
        pass
    at_head = column_types(location)
    tables = objects(location)["table"]
    migrate(location, "0006", down=True)
    at_0006 = column_types(location)
    if is_team(location):
        assert [at_0006[k] for k in ("partners.name_key", "stakeholders.email",
                                     "value_exchanges.worth")] == [
            "character varying(200)", "character varying(200)", "integer"]
        assert [at_head[k] for k in ("partners.name_key", "stakeholders.email",
                                     "value_exchanges.worth")] == [
            "character varying(600)", "character varying(254)", "bigint"]
    else:
        assert at_0006 == at_head  # a file's columns already hold it all
    assert objects(location)["table"] == tables
    migrate(location, "head")
    assert column_types(location) == at_head


def test_a_downgrade_that_would_cut_a_value_changes_nothing(team_location):
    from planner.services import partners, value

    with open_portfolio(team_location, create=True) as portfolio:
        acme = partners.add_partner(portfolio.uow(), Partner("Acme"))
        value.record_exchange(portfolio.uow(), ValueExchange(acme.id, Side.OURS, "A licence",
                                                             3_000_000_000))
    before = column_types(team_location)
    with pytest.raises(Exception, match="out of range"):
        migrate(team_location, "0006", down=True)
    assert column_types(team_location) == before
    assert revision_of(team_location) == head_revision()
