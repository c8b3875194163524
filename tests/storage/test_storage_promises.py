"""Promises of storage that the mutation run found untested: a partner's history names its own
people and meetings only; a loose file is tightened to owner-only; a refusal names the file
it refused."""

import datetime as dt
import os
import sqlite3
import stat
from dataclasses import replace

import pytest

from planner.domain.errors import NotAPortfolio, NotFound, PlannerError
from planner.domain.model import Meeting, Partner, Side, Stakeholder, ValueExchange
from planner.storage import PortfolioFile, change_notices, database
from planner.storage import history as stored
from planner.storage.file_opening import FileOpening
from planner.storage.location import parse_location


def test_current_names_are_the_partners_own_people_and_meetings(store):
    with store.unit_of_work() as uow:
        acme = uow.partners.add(Partner("Acme"))
        globex = uow.partners.add(Partner("Globex"))
        ada = uow.stakeholders.add(Stakeholder(acme.id, "Ada Lovelace"))
        uow.stakeholders.add(Stakeholder(globex.id, "Grace Hopper"))
        review = uow.meetings.add(Meeting(acme.id, dt.date(2026, 3, 2)))
        uow.meetings.add(Meeting(globex.id, dt.date(2026, 4, 9)))
        uow.commit()
    with store.unit_of_work() as uow:
        people, meetings = stored.current_names(uow.session, acme.id)
    assert people == [(ada.id, "Ada Lovelace")]
    assert meetings == [(review.id, dt.date(2026, 3, 2))]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_file_others_can_read_is_made_owner_only_with_its_companions(tmp_path):
    path = tmp_path / "p.sqlite"
    database.create_owner_only(path)
    wal = path.with_name(path.name + "-wal")
    wal.write_bytes(b"")
    for p in (path, wal):
        os.chmod(p, 0o644)
    old = database.make_owner_only(path)
    assert old is not None and "644" in old
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(wal.stat().st_mode) == 0o600
    assert database.make_owner_only(path) is None  # owner-only already: nothing to tell


def test_a_missing_portfolio_is_refused_by_its_name_and_nothing_is_made(tmp_path):
    path = tmp_path / "nowhere.sqlite"
    with pytest.raises(NotFound) as refused:
        FileOpening(path).refuse_if_not_ours()
    assert str(refused.value) == f"There is no portfolio at {path}."
    assert list(tmp_path.iterdir()) == []


def test_another_programs_database_is_refused_by_its_name_when_opened(tmp_path):
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE notes (text)")
    db.close()
    before = path.read_bytes()
    with pytest.raises(NotAPortfolio) as refused:
        PortfolioFile(path)
    assert str(refused.value) == f"{path} is not a Partner Planner portfolio."
    assert path.read_bytes() == before


def test_value_worth_nothing_is_summed_as_nothing(store):
    """The value-exchange figure sums worth per side: exchanges worth 0 give 0, not 1."""
    with store.unit_of_work() as uow:
        acme = uow.partners.add(Partner("Acme"))
        uow.value.add(ValueExchange(acme.id, Side.OURS, "An introduction", 0,
                                    dt.date(2026, 5, 4)))
        uow.value.add(ValueExchange(acme.id, Side.THEIRS, "A pilot site", 3,
                                    dt.date(2026, 5, 4)))
        uow.commit()
    with store.unit_of_work() as uow:
        figures = uow.partner_figures(dt.date(2026, 6, 1), dt.date(2026, 1, 1))
    worth = {v.giver: v.worth for v in figures[acme.id].value}
    assert worth == {Side.OURS: 0, Side.THEIRS: 3}


def test_an_address_setting_a_team_portfolio_does_not_take_is_one_sentence_without_password():
    with pytest.raises(PlannerError) as refused:
        parse_location("postgresql://ann:secret@db.example.com/alliances?colour=blue")
    assert str(refused.value) == ("postgresql://ann@db.example.com/alliances?colour=blue has the "
                                  "setting 'colour', which a team portfolio address does not "
                                  "take.")


def test_an_undone_removal_comes_back_at_the_version_it_was_removed_at(store):
    with store.unit_of_work() as uow:
        acme = uow.partners.add(Partner("Acme"))
        acme = uow.partners.save(replace(acme, definition="A reseller"))
        acme = uow.partners.save(replace(acme, definition="A reseller in Spain"))
        removed = uow.partners.remove(acme.id, acme.version)
        uow.commit()
    assert removed.version == 3
    with store.unit_of_work() as uow:
        back = uow.partners.add(removed)
        uow.commit()
    assert (back.id, back.version) == (acme.id, 3)
    with store.unit_of_work() as uow:  # so the edits before the removal can be redone
        assert uow.partners.save(replace(back, definition="A distributor")).version == 4


def test_the_fingerprint_moves_when_only_the_wal_index_header_changes(tmp_path):
    """A commit can leave the file's and -wal's size and time as they were (same second,
    WAL reused from its start); the -shm's index header still moves."""
    path = tmp_path / "p.sqlite"
    path.write_bytes(b"\0" * 4096)
    shm = path.with_name(path.name + "-shm")
    shm.write_bytes(b"\1" * 32768)
    before = change_notices.file_fingerprint(path)
    stamp = shm.stat().st_mtime_ns
    shm.write_bytes(b"\2" * 48 + b"\1" * (32768 - 48))
    os.utime(shm, ns=(stamp, stamp))
    assert change_notices.file_fingerprint(path) != before


def test_a_file_whose_revision_cannot_be_read_is_refused_by_its_name(tmp_path):
    """A portfolio whose header is sound but whose alembic_version page is damaged opens
    (nothing reads that page yet); asking its revision, as `planner check` does, is refused
    in one sentence naming the file."""
    path = tmp_path / "p.sqlite"
    PortfolioFile(path, create=True).close()
    with sqlite3.connect(path) as db:
        (page,) = db.execute("SELECT rootpage FROM sqlite_master "
                             "WHERE name = 'alembic_version'").fetchone()
        (size,) = db.execute("PRAGMA page_size").fetchone()
    db.close()
    data = bytearray(path.read_bytes())
    data[(page - 1) * size:page * size] = b"Z" * size
    path.write_bytes(bytes(data))
    opened = PortfolioFile(path, migrate=False)
    try:
        with pytest.raises(NotAPortfolio) as refused:
            opened.schema_revision()
    finally:
        opened.close()
    assert str(refused.value) == (f"{path} cannot be opened as a portfolio: database disk "
                                  "image is malformed.")
