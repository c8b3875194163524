"""What storage hands back in an order comes back in the same order on both engines, whatever
collation the server's database was created with: a server is often made with its operating
system's locale (en_US.UTF-8, ICU), where SQLite compares code points."""

import contextlib
import uuid

import pytest

from planner.domain.model import Partner
from planner.domain.names import name_key
from tests.storage.conftest import open_store

NAMES = ("zulu", "Émile", "alpha", "_x", "Ångström", "Beta", "beta 2", "ärger", "Z9", "10 Co",
         "9 Co", "Œuvre", "日本", "Ωmega")


@pytest.fixture
def icu_team_location(postgres_server):
    """An empty database whose default collation is ICU's English, as many servers' are."""
    name = f"t_icu_{uuid.uuid4().hex[:10]}"
    postgres_server.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 "
                            "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'")
    yield postgres_server.location(name)
    with contextlib.suppress(Exception):
        postgres_server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def names_in(location, **options):
    store = open_store(location, **options)
    try:
        with store.unit_of_work() as uow:
            for name in NAMES:
                uow.partners.add(Partner(name))
            uow.commit()
        with store.unit_of_work() as uow:
            return uow.partners.names()
    finally:
        store.close()


def test_partner_names_come_in_one_order_on_both_engines(tmp_path, icu_team_location):
    on_file = names_in(tmp_path / "p.sqlite", create=True)
    on_team = names_in(icu_team_location, create=True)
    assert on_file == sorted(NAMES, key=name_key)  # the name keys' code points
    assert on_team == on_file


def test_who_changed_a_partner_comes_in_one_order_on_both_engines(tmp_path, icu_team_location):
    import datetime as dt

    from sqlalchemy import insert

    from planner.storage import history
    from planner.storage.models import ChangeRow

    found = []
    for location, options in ((tmp_path / "p.sqlite", {"create": True}),
                              (icu_team_location, {"create": True})):
        store = open_store(location, **options)
        try:
            with store.unit_of_work() as uow:
                uow.session.execute(insert(ChangeRow), [
                    {"changed_at": dt.datetime(2026, 6, 1), "changed_by": who,
                     "table_name": "partners", "record_id": 1, "partner_id": 1,
                     "kind": "update", "label": "Acme", "fields": {}}
                    for who in ("zoe", "Émile", "_svc", "ann", "Bob")])
                found.append(history.people(uow.session, 1, since=dt.datetime(2026, 1, 1)))
        finally:
            store.close()
    assert found[0] == sorted(["zoe", "Émile", "_svc", "ann", "Bob"])
    assert found[1] == found[0]
