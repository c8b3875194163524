"""What an error carries to the window that shows it, and what a record compares by."""

import dataclasses
import datetime as dt

from planner.domain.attention import PartnerSummary
from planner.domain.checklist import Progress
from planner.domain.errors import (
    EditConflict,
    ImportProblem,
    PasswordRefused,
    PortfolioDamaged,
    PortfolioLocked,
)
from planner.domain.model import Partner, PartnerRecord, Stakeholder
from planner.domain.templates import health_dimensions, unknown_dimension


def test_an_import_problem_names_where_it_is():
    problem = ImportProblem("must be a list", "$.partners[2].tags")
    assert str(problem) == "$.partners[2].tags: must be a list"
    assert problem.where == "$.partners[2].tags"
    assert str(ImportProblem("not JSON")) == "$: not JSON"
    assert ImportProblem("not JSON").where == "$"
    assert str(ImportProblem("the file is empty", "")) == "the file is empty"


def test_a_lock_says_who_holds_it_and_nobody_when_unknown():
    locked = PortfolioLocked("Open elsewhere.", user="ann", host="desk-7", since="09:30")
    assert str(locked) == "Open elsewhere."
    assert (locked.user, locked.host, locked.since) == ("ann", "desk-7", "09:30")
    unknown = PortfolioLocked("Open elsewhere.")
    assert (unknown.user, unknown.host, unknown.since) == ("", "", "")


def test_damage_edit_conflicts_and_refused_passwords_carry_what_the_dialog_needs():
    damaged = PortfolioDamaged("Damaged.", backups=("b1", "b2"))
    assert str(damaged) == "Damaged." and damaged.backups == ("b1", "b2")
    assert PortfolioDamaged("Damaged.").backups == ()
    current = Partner("Acme", id=4)
    conflict = EditConflict("Changed by Ben.", item_id=4, current=current)
    assert str(conflict) == "Changed by Ben."
    assert (conflict.item_id, conflict.current) == (4, current)
    assert (EditConflict("Removed.").item_id, EditConflict("Removed.").current) == (None, None)
    refused = PasswordRefused("Wrong password.", supplied=True)
    assert str(refused) == "Wrong password." and refused.supplied is True


def test_a_records_version_is_not_part_of_its_value():
    read_at_3 = Partner("Acme", id=1, version=3)
    assert read_at_3 == Partner("Acme", id=1, version=4)
    assert read_at_3 != Partner("Acme Ltd", id=1, version=3)
    assert "version" not in repr(read_at_3)
    assert Partner("Acme").version is None
    assert Stakeholder(1, "Ann").version is None
    assert dataclasses.replace(read_at_3, version=None) == read_at_3


def test_a_partners_record_finds_a_person_by_id():
    ann, ben = Stakeholder(1, "Ann", id=10), Stakeholder(1, "Ben", id=11)
    record = PartnerRecord(Partner("Acme", id=1), stakeholders=(ann, ben))
    assert record.stakeholder(11) is ben
    assert record.stakeholder(10) is ann
    assert record.stakeholder(12) is None
    assert PartnerRecord(Partner("Acme")).stakeholder(10) is None


def test_days_since_the_last_meeting():
    summary = PartnerSummary(Partner("Acme"), Progress(0, 0),
                             last_meeting=dt.date(2026, 5, 1))
    assert summary.days_since_meeting(dt.date(2026, 5, 11)) == 10
    assert summary.days_since_meeting(dt.date(2026, 5, 1)) == 0
    assert PartnerSummary(Partner("Acme"), Progress(0, 0)).days_since_meeting(
        dt.date(2026, 5, 11)) is None


def test_an_unknown_dimension_is_refused_with_the_known_ones_named():
    keys = [d.key for d in health_dimensions()]
    assert unknown_dimension("trust") == (
        f"'trust' is not a health dimension; use one of {', '.join(keys)}")
    assert unknown_dimension("t" * 41) == (
        f"'{'t' * 39}\u2026' is not a health dimension; use one of {', '.join(keys)}")
