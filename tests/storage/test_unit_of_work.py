"""The unit of work: all of a use case or none of it; every row knows its version and who
changed it last, and when."""

import datetime as dt
import time

import pytest
from sqlalchemy import select

from planner.domain.errors import PlannerError
from planner.domain.model import ChecklistItem, Partner, Stakeholder
from planner.domain.stages import Stage
from planner.storage import PortfolioFile
from planner.storage.models import ChecklistItemRow, PartnerRow, current_user


@pytest.fixture
def file(tmp_path):
    with PortfolioFile(tmp_path / "p.sqlite", create=True) as f:
        yield f


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
    with pytest.raises(PlannerError, match="conflicts with what is stored"):
        with file.unit_of_work() as uow:
            uow.partners.add(Partner("Beta"))
            # The session flushes on add, so the clash on name_key surfaces at once or at commit.
            uow.session.add(PartnerRow(name="ACME", name_key="acme", kind="horizontal",
                                       stage="courtship", tags=[]))
            uow.commit()
    with file.unit_of_work() as uow:
        assert [p.name for p in uow.partners.all()] == ["Acme"]


def test_units_of_work_do_not_nest(file):
    uow = file.unit_of_work()
    with uow:
        with pytest.raises(RuntimeError):
            uow.__enter__()


def test_foreign_keys_are_enforced(file):
    with pytest.raises(PlannerError):
        with file.unit_of_work() as uow:
            uow.stakeholders.add(Stakeholder(999, "Nobody"))
            uow.commit()


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
    assert who == current_user() and who
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


def test_a_read_only_unit_of_work_refuses_to_commit(tmp_path):
    path = tmp_path / "p.sqlite"
    PortfolioFile(path, create=True).close()
    with PortfolioFile(path, read_only=True) as file:
        with pytest.raises(PlannerError, match="read-only"):
            with file.unit_of_work() as uow:
                uow.commit()
