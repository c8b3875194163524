"""Partners: add, edit, unique names, remove and restore exactly, stage moves, the overview."""

import dataclasses
import datetime as dt

import pytest

from planner.domain.errors import DuplicateName, InvalidValue, NotFound
from planner.domain.model import Partner
from planner.domain.stages import STAGE_ORDER, Stage
from planner.domain.templates import full_template
from planner.services import checklist as checklist_service
from planner.services.partners import (
    add_partner,
    find_partner,
    get_partner,
    list_partners,
    move_to_stage,
    partner_names,
    partner_record,
    plan_move,
    remove_partner,
    restore_partner,
    update_partner,
)
from planner.services.portfolio_io import import_records, sample_records
from tests.services.conftest import TODAY


def test_add_partner_starts_with_the_template_checklist(portfolio):
    partner = add_partner(portfolio.uow(), Partner("  Acme   Corp ", tags=("b", " a ", "b", "")))
    assert partner.id is not None
    assert partner.name == "Acme Corp"
    assert partner.tags == ("b", "a")
    items = checklist_service.checklist(portfolio.uow(), partner.id)
    assert [(i.stage, i.text, i.trait) for i in items] == [
        (t.stage, t.text, t.trait) for t in full_template()]
    assert not any(i.done for i in items)
    for stage in STAGE_ORDER:
        positions = [i.position for i in items if i.stage is stage]
        assert positions == list(range(len(positions)))


def test_update_partner(portfolio, acme):
    changed = dataclasses.replace(acme, owner="Hannah", next_review=dt.date(2026, 7, 1),
                                  definition="Joint analytics for manufacturers")
    stored = update_partner(portfolio.uow(), changed)
    assert stored == changed
    assert get_partner(portfolio.uow(), acme.id) == changed


def test_names_are_unique_ignoring_case_and_spaces(portfolio, acme):
    with pytest.raises(DuplicateName, match="'Acme' is already in the portfolio"):
        add_partner(portfolio.uow(), Partner("  ACME "))
    beta = add_partner(portfolio.uow(), Partner("Beta"))
    with pytest.raises(DuplicateName):
        update_partner(portfolio.uow(), dataclasses.replace(beta, name="acme"))
    # Renaming a partner to another case of its own name is fine.
    assert update_partner(portfolio.uow(), dataclasses.replace(acme, name="ACME")).name == "ACME"
    assert find_partner(portfolio.uow(), "  acme") == dataclasses.replace(acme, name="ACME")
    assert partner_names(portfolio.uow()) == ["ACME", "Beta"]


@pytest.mark.parametrize("change, message", [
    ({"name": "   "}, "partner name is required"),
    ({"name": None}, "^The partner name is required\\.$"),
    ({"name": "x" * 201}, "too long"),
    ({"stage": "courtship"}, "four stages"),
    ({"kind": "diagonal"}, "horizontal or vertical"),
    ({"next_review": "2026-07-01"}, "real date"),
])
def test_invalid_partners_are_refused(portfolio, change, message):
    with pytest.raises(InvalidValue, match=message):
        add_partner(portfolio.uow(), dataclasses.replace(Partner("Acme"), **change))
    assert list_partners(portfolio.uow()) == []


def test_texts_left_unset_are_saved_empty(portfolio):
    """A caller that leaves a text unset (None, as an empty field may come) saves it empty,
    never as some placeholder, and a field nobody filled reads back as nothing."""
    texts = ("organisation", "owner", "review_place", "notes", "decision_needed")
    added = add_partner(portfolio.uow(), dataclasses.replace(
        Partner("Acme"), **dict.fromkeys(texts)))
    assert [getattr(added, name) for name in texts] == [""] * len(texts)
    stored = get_partner(portfolio.uow(), added.id)
    assert [getattr(stored, name) for name in texts] == [""] * len(texts)


def test_remove_and_restore_a_partner_exactly(portfolio):
    import_records(portfolio.uow(), sample_records(TODAY))
    partner = list_partners(portfolio.uow())[0]
    before = partner_record(portfolio.uow(), partner.id)
    assert before.stakeholders and before.ties and before.meetings and before.actions

    removed = remove_partner(portfolio.uow(), partner.id)
    assert removed == before
    with pytest.raises(NotFound):
        partner_record(portfolio.uow(), partner.id)

    restored = restore_partner(portfolio.uow(), removed)
    assert restored == before.partner
    assert partner_record(portfolio.uow(), partner.id) == before


def test_restore_refuses_a_name_taken_since(portfolio, acme):
    removed = remove_partner(portfolio.uow(), acme.id)
    add_partner(portfolio.uow(), Partner("acme"))
    with pytest.raises(DuplicateName):
        restore_partner(portfolio.uow(), removed)


def test_restore_never_overwrites_a_partner_that_took_its_id_since(tmp_path):
    # SQLite hands the highest removed id to the next partner added: the undo of the removal
    # must leave that partner alone and say so, not fail on the database's key
    from planner.domain.errors import EditConflict
    from planner.services.portfolio import open_portfolio

    with open_portfolio(tmp_path / "p.sqlite", create=True) as portfolio:
        acme = add_partner(portfolio.uow(), Partner("Acme"))
        removed = remove_partner(portfolio.uow(), acme.id)
        globex = add_partner(portfolio.uow(), Partner("Globex"))
        assert globex.id == acme.id
        with pytest.raises(EditConflict, match=r"^\S+ added 'Globex' at \d\d:\d\d in the "
                                               r"place this partner had; it was not put back\.$"):
            restore_partner(portfolio.uow(), removed)
        assert [p.name for p in list_partners(portfolio.uow())] == ["Globex"]


def test_removing_a_missing_partner_says_so(portfolio):
    with pytest.raises(NotFound, match="no longer exists"):
        remove_partner(portfolio.uow(), 42)


def test_move_forward_past_unticked_items_needs_confirmation(portfolio, acme):
    move = move_to_stage(portfolio.uow(), acme.id, Stage.BRIDGES)
    assert move.needs_confirmation
    unticked_stages = {i.stage for i in move.unticked}
    assert unticked_stages == {Stage.COURTSHIP, Stage.COMMITMENT}
    assert get_partner(portfolio.uow(), acme.id).stage is Stage.COURTSHIP
    assert plan_move(portfolio.uow(), acme.id, Stage.BRIDGES) == move

    move_to_stage(portfolio.uow(), acme.id, Stage.BRIDGES, confirmed=True)
    assert get_partner(portfolio.uow(), acme.id).stage is Stage.BRIDGES


def test_move_forward_with_everything_ticked_needs_no_confirmation(portfolio, acme):
    for item in checklist_service.checklist(portfolio.uow(), acme.id):
        if item.stage is Stage.COURTSHIP:
            checklist_service.tick_item(portfolio.uow(), item.id, True, TODAY)
    move = move_to_stage(portfolio.uow(), acme.id, Stage.COMMITMENT)
    assert not move.needs_confirmation
    assert get_partner(portfolio.uow(), acme.id).stage is Stage.COMMITMENT


def test_move_back_is_free(portfolio, acme):
    move_to_stage(portfolio.uow(), acme.id, Stage.EXIT, confirmed=True)
    move = move_to_stage(portfolio.uow(), acme.id, Stage.COMMITMENT)
    assert not move.forward and not move.needs_confirmation
    assert get_partner(portfolio.uow(), acme.id).stage is Stage.COMMITMENT
