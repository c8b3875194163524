"""The unit of work, on both engines (a file and a team portfolio): all of a use case or none
of it; every row knows its version and who changed it last, and when; a stale save is
refused."""

import datetime as dt
import time

import pytest
from sqlalchemy import select

from planner.domain.errors import PlannerError
from planner.domain.model import ChecklistItem, Partner, Stakeholder
from planner.domain.stages import Stage
from planner.storage import PortfolioFile
from planner.storage.location import ServerLocation
from planner.storage.models import ChecklistItemRow, PartnerRow, current_user
from planner.storage.server import ServerDatabase
from tests.storage.conftest import open_store


@pytest.fixture
def file(store):
    """Named for history: a PortfolioFile, or a ServerDatabase on the test server."""
    return store


def count_partners(file):
    with file.unit_of_work() as uow:
        return uow.partners.count()


def test_commit_keeps_the_work(file):
    with file.unit_of_work() as uow:
        uow.partners.add(Partner("Acme"))
        uow.commit()
    assert count_partners(file) == 1


def test_leaving_without_commit_rolls_back(file):
    with file.unit_of_work() as uow:
        uow.partners.add(Partner("Acme"))
    assert count_partners(file) == 0


def test_an_exception_rolls_back_all_of_it(file):
    with pytest.raises(RuntimeError):
        with file.unit_of_work() as uow:
            partner = uow.partners.add(Partner("Acme"))
            uow.checklist.add(ChecklistItem(partner.id, Stage.COURTSHIP, "Court carefully", 1))
            raise RuntimeError("power cut")
    with file.unit_of_work() as uow:
        assert uow.partners.count() == 0
        assert uow.checklist.count() == 0


def test_a_failed_commit_rolls_back_and_says_why(file):
    with file.unit_of_work() as uow:
        uow.partners.add(Partner("Acme"))
        uow.commit()
    with pytest.raises(PlannerError, match="conflicts with what is stored") as refused:
        with file.unit_of_work() as uow:
            uow.partners.add(Partner("Beta"))
            # The session flushes on add, so the clash on name_key surfaces at once or at commit.
            uow.session.add(PartnerRow(name="ACME", name_key="acme", kind="horizontal",
                                       stage="courtship", tags=[]))
            uow.commit()
    one_sentence(refused.value)
    with file.unit_of_work() as uow:
        assert [p.name for p in uow.partners.all()] == ["Acme"]


def test_units_of_work_do_not_nest(file):
    uow = file.unit_of_work()
    with uow:
        with pytest.raises(RuntimeError):
            uow.__enter__()


def one_sentence(error: PlannerError) -> None:
    """What a user sees: one printable line of bounded length (a server's errors come with
    DETAIL and CONTEXT lines, which never reach them)."""
    message = str(error)
    assert message and "\n" not in message and len(message) <= 300, message
    assert message.endswith("."), message


def test_foreign_keys_are_enforced(file):
    with pytest.raises(PlannerError) as refused:
        with file.unit_of_work() as uow:
            uow.stakeholders.add(Stakeholder(999, "Nobody"))
            uow.commit()
    one_sentence(refused.value)


def test_removing_a_partner_cascades(file):
    with file.unit_of_work() as uow:
        partner = uow.partners.add(Partner("Acme"))
        uow.checklist.add(ChecklistItem(partner.id, Stage.COURTSHIP, "Court carefully", 1))
        uow.stakeholders.add(Stakeholder(partner.id, "Ada"))
        uow.commit()
    with file.unit_of_work() as uow:
        uow.partners.remove(partner.id)
        uow.commit()
    with file.unit_of_work() as uow:
        assert uow.checklist.count() == 0 and uow.stakeholders.count() == 0


def audit(file, row_class, row_id):
    with file.unit_of_work() as uow:
        row = uow.session.scalar(select(row_class).where(row_class.id == row_id))
        return row.version, row.changed_by, row.changed_at


def test_version_increments_and_who_and_when_are_recorded(file):
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    with file.unit_of_work() as uow:
        partner = uow.partners.add(Partner("Acme"))
        item = uow.checklist.add(ChecklistItem(partner.id, Stage.COURTSHIP, "Court", 1))
        uow.commit()
    version, who, when = audit(file, PartnerRow, partner.id)
    assert version == 1
    # a file's rows carry the person logged in; a team portfolio's, the database user
    saver = file.location.user if isinstance(file, ServerDatabase) else current_user()
    assert who == saver and who
    assert before <= when <= dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=1)

    time.sleep(1.05)  # changed_at has whole seconds
    for expected in (2, 3):
        with file.unit_of_work() as uow:
            current = uow.partners.get(partner.id)
            uow.partners.save(Partner(**{**current.__dict__, "owner": f"Owner {expected}"}))
            uow.commit()
        version, who, later = audit(file, PartnerRow, partner.id)
        assert version == expected
        assert later > when

    with file.unit_of_work() as uow:
        uow.checklist.save(ChecklistItem(**{**item.__dict__, "done": True}))
        uow.commit()
    assert audit(file, ChecklistItemRow, item.id)[0] == 2


def test_saving_unchanged_values_does_not_bump_the_version(file):
    with file.unit_of_work() as uow:
        partner = uow.partners.add(Partner("Acme", tags=("a",)))
        uow.commit()
    with file.unit_of_work() as uow:
        uow.partners.save(uow.partners.get(partner.id))
        uow.commit()
    assert audit(file, PartnerRow, partner.id)[0] == 1


def test_a_stale_edit_is_refused(file):
    with file.unit_of_work() as uow:
        partner = uow.partners.add(Partner("Acme"))
        uow.commit()
    second = file.unit_of_work()
    with second:
        row = second.session.get(PartnerRow, partner.id)  # read at version 1
        second.session.commit()  # ...and the read transaction ends; the row stays in memory
        with file.unit_of_work() as first:
            first.partners.save(Partner(**{**partner.__dict__, "owner": "Ann"}))
            first.commit()
        row.owner = "Bob"
        with pytest.raises(PlannerError, match="changed this in the meantime"):
            second.commit()
    with file.unit_of_work() as uow:
        assert uow.partners.get(partner.id).owner == "Ann"


def test_a_read_only_unit_of_work_refuses_to_commit(any_location):
    if not isinstance(any_location, ServerLocation):
        PortfolioFile(any_location, create=True).close()
    file = open_store(any_location, read_only=True)
    try:
        with pytest.raises(PlannerError, match="read-only"):
            with file.unit_of_work() as uow:
                uow.partners.add(Partner("Acme"))
                uow.commit()
        with file.unit_of_work() as uow:
            assert uow.partners.count() == 0
    finally:
        file.close()


def plant_failure(store, table: str, when: str) -> None:
    """A failure planted in the database itself: inserting a row that meets `when` aborts."""
    with store.engine.begin() as connection:
        if isinstance(store, ServerDatabase):
            connection.exec_driver_sql(
                "CREATE FUNCTION fail_midway() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'the disk refused the write'; END $$")
            connection.exec_driver_sql(f"CREATE TRIGGER fail_midway BEFORE INSERT ON {table} "
                                       f"FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION "
                                       "fail_midway()")
        else:
            connection.exec_driver_sql(
                f"CREATE TRIGGER fail_midway BEFORE INSERT ON {table} WHEN {when} "
                "BEGIN SELECT RAISE(ABORT, 'the disk refused the write'); END")


def every_count(store) -> dict[str, int]:
    """Rows in every table, the search index's and the change history's included."""
    from planner.storage.portfolio_file import count_rows

    counts = count_rows(store.engine)
    with store.engine.connect() as connection:
        counts["search_index"] = connection.exec_driver_sql(
            "SELECT count(*) FROM search_index").scalar()
    return counts


def test_a_failure_midway_through_many_partners_leaves_nothing(file):
    """The sample's eight partners in one unit of work; the database refuses the last
    checklist row of the seventh, after six whole partners and most of the seventh were
    written inside the transaction. Nothing stays: no row, no index entry, no history."""
    from planner.services import portfolio_io

    records = portfolio_io.sample_records(dt.date(2026, 6, 1))
    last = records[6].checklist[-1].text.replace("'", "''")
    # the seventh partner is the seventh row of an empty portfolio on both engines
    plant_failure(file, "checklist_items", f"NEW.partner_id = 7 AND NEW.text = '{last}'")
    before = every_count(file)
    assert set(before.values()) == {0}
    with pytest.raises(PlannerError, match="the disk refused the write") as refused:
        with file.unit_of_work() as uow:
            uow.insert_records(records)
            uow.commit()
    one_sentence(refused.value)
    assert every_count(file) == before
    with file.unit_of_work() as uow:  # and the storage still takes what it is given
        uow.insert_records(records[:6])
        uow.commit()
    assert every_count(file)["partners"] == 6


@pytest.mark.parametrize("how", ["save", "remove"])
def test_a_record_at_an_old_version_is_refused_not_overwritten(file, how):
    """A partner or a checklist item someone saved since it was loaded: saving or removing
    what was loaded (its version behind) is an EditConflict, and their change stays."""
    from planner.domain.errors import EditConflict

    with file.unit_of_work() as uow:
        partner = uow.partners.add(Partner("Acme"))
        item = uow.checklist.add(ChecklistItem(partner.id, Stage.COURTSHIP, "Court", 1))
        uow.commit()
    with file.unit_of_work() as uow:
        uow.partners.save(Partner(**{**partner.__dict__, "owner": "Ann"}))
        uow.checklist.save(ChecklistItem(**{**item.__dict__, "note": "Ann's note"}))
        uow.commit()
    for repository, loaded, change in (("partners", partner, {"owner": "Bob"}),
                                       ("checklist", item, {"note": "Bob's note"})):
        with pytest.raises(EditConflict, match="Someone else changed this"):
            with file.unit_of_work() as uow:
                if how == "save":
                    getattr(uow, repository).save(loaded.__class__(**{**loaded.__dict__,
                                                                      **change}))
                else:
                    getattr(uow, repository).remove(loaded.id, loaded.version)
                uow.commit()
    with file.unit_of_work() as uow:
        assert uow.partners.get(partner.id).owner == "Ann"
        assert uow.checklist.get(item.id).note == "Ann's note"
        assert uow.partners.get(partner.id).version == uow.checklist.get(item.id).version == 2


@pytest.mark.parametrize("write", ["a text with a NUL", "a group past its column"])
def test_a_value_the_server_cannot_store_is_one_sentence(team_portfolio_location, write):
    """Below the services, which keep values within what both engines hold: what a server
    still refuses (SQLite stores a NUL and any length) is a PlannerError sentence, not its
    traceback, and nothing is written."""
    file = ServerDatabase.open(team_portfolio_location)
    try:
        refuses(file, write)
    finally:
        file.close()


def refuses(file, write):
    with pytest.raises(PlannerError) as refused:
        with file.unit_of_work() as uow:
            if write == "a text with a NUL":
                uow.settings.put("name", "Alli\x00ances")
            else:
                partner = uow.partners.add(Partner("Acme"))
                uow.checklist.add(ChecklistItem(partner.id, Stage.EXIT, "Leave", None,
                                                choice_group="g" * 61))
            uow.commit()
    message = str(refused.value)
    assert message.startswith("The change holds a value the portfolio cannot store (")
    assert message.endswith("; it was not saved.") and "\n" not in message
    assert len(message) < 250
    with file.unit_of_work() as uow:
        assert uow.partners.count() == 0 and uow.settings.get("name") is None


def test_a_change_the_server_refuses_at_commit_is_its_sentence_once(team_portfolio_location,
                                                                     postgres_server):
    """A rule of the server's owner checked at commit (a deferred trigger raising
    insufficient_privilege) refuses the change in the server's words, without their full
    stop doubled, and nothing is written."""
    postgres_server.execute(
        "CREATE FUNCTION office_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        "RAISE EXCEPTION 'Only the alliance office adds partners.' "
        "USING ERRCODE = 'insufficient_privilege'; END $$",
        "CREATE CONSTRAINT TRIGGER office_only AFTER INSERT ON partners "
        "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION office_only()",
        database=team_portfolio_location.database)
    assert refusal_of_adding_a_partner(team_portfolio_location) == (
        "The server refused the change (Only the alliance office adds partners); it was not "
        "saved.")


def refusal_of_adding_a_partner(location) -> str:
    """What adding a partner on that team portfolio is refused with; nothing is written."""
    file = ServerDatabase.open(location)
    try:
        with pytest.raises(PlannerError) as refused:
            with file.unit_of_work() as uow:
                uow.partners.add(Partner("Acme"))
                uow.commit()
        assert count_partners(file) == 0
        return str(refused.value)
    finally:
        file.close()


LONG = "Partners wait for the steering committee " * 6  # 246 characters


@pytest.mark.parametrize("words, said", [
    (LONG, LONG[:200]),  # cut
    (" ", "no answer"),  # no words: none of psycopg's (its CONTEXT line) instead
])
def test_a_trigger_that_raises_is_its_first_line_cut_at_200_characters(
        team_portfolio_location, postgres_server, words, said):
    """A trigger of the server's owner that raises (PL/pgSQL's RAISE) refuses the change as
    SQLite's RAISE(ABORT) does: one sentence, the server's first line at most 200 characters,
    its detail and context left out."""
    postgres_server.execute(
        "CREATE FUNCTION committee_first() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"RAISE EXCEPTION '{words}' USING DETAIL = 'Ask Ann.'; END $$",
        "CREATE TRIGGER committee_first BEFORE INSERT ON partners "
        "FOR EACH ROW EXECUTE FUNCTION committee_first()",
        database=team_portfolio_location.database)
    assert refusal_of_adding_a_partner(team_portfolio_location) == (
        f"The change could not be saved: {said}.")
