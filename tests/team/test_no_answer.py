"""A team portfolio whose server stops answering: every call fails with one sentence
(ServerUnreachable), nothing half-saved, and the same open portfolio works again once the
server is back, without reopening. Real server, real sockets: the network is a relay the test
cuts, and a server restart is the server ending the portfolio's own connections."""

import dataclasses
import os

import pytest

from planner.domain.errors import ServerUnreachable
from planner.domain.model import Partner
from planner.services.partners import add_partner, list_partners, update_partner
from planner.services.portfolio import open_portfolio
from tests.team.relay import Relay


@pytest.fixture
def relayed(postgres_server, team_portfolio_location):
    """The test's team portfolio reached through a relay the test can cut."""
    relay = Relay(team_portfolio_location.host, team_portfolio_location.port)
    location = dataclasses.replace(team_portfolio_location, host="127.0.0.1", port=relay.port)
    yield relay, location.with_password(team_portfolio_location.password)
    relay.close()


def terminate_backends(server, database):
    server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                   f"WHERE datname = '{database}' AND pid <> pg_backend_pid()")


def test_a_restarted_server_is_one_sentence_then_works_again(postgres_server,
                                                            team_portfolio_location):
    with open_portfolio(team_portfolio_location) as portfolio:
        acme = add_partner(portfolio.uow(), Partner("Acme"))
        terminate_backends(postgres_server, team_portfolio_location.database)
        # the pool's pre-ping notices the dead connection and quietly opens a new one
        assert [p.name for p in list_partners(portfolio.uow())] == ["Acme"]
        renamed = dataclasses.replace(acme, name="Acme Industries")
        assert update_partner(portfolio.uow(), renamed).name == "Acme Industries"


def test_a_network_that_goes_away_refuses_reads_and_edits_then_comes_back(relayed):
    relay, location = relayed
    with open_portfolio(location) as portfolio:
        acme = add_partner(portfolio.uow(), Partner("Acme"))
        relay.cut()
        with pytest.raises(ServerUnreachable, match=r"^The server does not answer \(.*\); "
                                                    r"nothing was saved\.$"):
            list_partners(portfolio.uow())
        with pytest.raises(ServerUnreachable):
            update_partner(portfolio.uow(), dataclasses.replace(acme, name="Lost"))
        relay.restore()
        assert [p.name for p in list_partners(portfolio.uow())] == ["Acme"]
        update_partner(portfolio.uow(), dataclasses.replace(acme, name="Kept"))
        assert [p.name for p in list_partners(portfolio.uow())] == ["Kept"]


def test_a_connection_cut_in_the_middle_of_a_save_saves_nothing(relayed, monkeypatch):
    relay, location = relayed
    with open_portfolio(location) as portfolio:
        acme = add_partner(portfolio.uow(), Partner("Acme"))
        from planner.storage import unit_of_work

        real_commit = unit_of_work.Session.commit

        def cut_then_commit(session):
            relay.cut()  # the change is flushed to the server; the COMMIT never arrives
            return real_commit(session)

        monkeypatch.setattr(unit_of_work.Session, "commit", cut_then_commit)
        with pytest.raises(ServerUnreachable):
            update_partner(portfolio.uow(), dataclasses.replace(acme, name="Half"))
        monkeypatch.undo()
        relay.restore()
        assert [p.name for p in list_partners(portfolio.uow())] == ["Acme"]


def test_every_connection_is_bounded_by_the_timeouts_and_keepalives_in_force(
        team_portfolio_location):
    """What bounds every call, read back from a live connection: the server's timeouts as
    the session has them, and TCP keepalives on its socket (a silent server is noticed 10 s
    after the last packet, then probed every 5 s, given up after 3 probes)."""
    import socket

    from planner.storage.server import make_server_engine

    engine = make_server_engine(team_portfolio_location)
    try:
        with engine.connect() as connection:
            shown = {name: connection.exec_driver_sql(f"SHOW {name}").scalar() for name in (
                "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout",
                "application_name")}
            assert shown == {"statement_timeout": "30s", "lock_timeout": "5s",
                             "idle_in_transaction_session_timeout": "1min",
                             "application_name": "Partner Planner"}
            raw = connection.connection.driver_connection
            with socket.socket(fileno=os.dup(raw.pgconn.socket)) as sock:
                assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
                assert [sock.getsockopt(socket.IPPROTO_TCP, option) for option in (
                    socket.TCP_KEEPIDLE, socket.TCP_KEEPINTVL, socket.TCP_KEEPCNT)] == [10, 5, 3]
            assert raw.info.get_parameters()["connect_timeout"] == "5"
    finally:
        engine.dispose()
