"""Checklist items: add your own, tick, untick, edit, remove and restore."""

import dataclasses

import pytest

from planner.domain.checklist import progress_by_stage
from planner.domain.errors import InvalidValue, NotFound
from planner.domain.model import Cadence, ChecklistItem, Scope
from planner.domain.stages import Stage
from planner.services.checklist import (
    add_item,
    checklist,
    mark_not_applicable,
    remove_item,
    restore_item,
    tick_item,
    update_item,
)
from tests.services.conftest import TODAY


def stage_items(portfolio, partner_id, stage):
    return [i for i in checklist(portfolio.uow(), partner_id) if i.stage is stage]


def test_add_goes_to_the_end_of_its_stage(portfolio, acme):
    before = stage_items(portfolio, acme.id, Stage.BRIDGES)
    item = add_item(portfolio.uow(), ChecklistItem(acme.id, Stage.BRIDGES, " Joint lab day ", 12))
    assert item.id is not None and item.text == "Joint lab day"
    assert item.position == before[-1].position + 1
    assert stage_items(portfolio, acme.id, Stage.BRIDGES)[-1] == item


def test_tick_and_untick(portfolio, acme):
    first = checklist(portfolio.uow(), acme.id)[0]
    ticked = tick_item(portfolio.uow(), first.id, True, TODAY)
    assert ticked.done and ticked.done_on == TODAY
    assert checklist(portfolio.uow(), acme.id)[0] == ticked
    unticked = tick_item(portfolio.uow(), first.id, False, TODAY)
    assert not unticked.done and unticked.done_on is None


def test_update_text_trait_and_note(portfolio, acme):
    item = checklist(portfolio.uow(), acme.id)[0]
    changed = dataclasses.replace(item, text="Agree the shared definition", trait=3,
                                  note="Draft sent to Rajesh")
    assert update_item(portfolio.uow(), changed) == changed


def test_an_undone_item_has_no_date_done(portfolio, acme):
    item = checklist(portfolio.uow(), acme.id)[0]
    stored = update_item(portfolio.uow(), dataclasses.replace(item, done_on=TODAY))
    assert stored.done_on is None


@pytest.mark.parametrize("change, message", [
    ({"text": "  "}, "checklist item is required"),
    ({"text": "x" * 501}, "one line"),
    ({"trait": 16}, "1 to 15"),
    ({"trait": 0}, "1 to 15"),
    ({"stage": "courtship"}, "four stages"),
])
def test_invalid_items_are_refused(portfolio, acme, change, message):
    item = checklist(portfolio.uow(), acme.id)[0]
    with pytest.raises(InvalidValue, match=message):
        update_item(portfolio.uow(), dataclasses.replace(item, **change))
    assert checklist(portfolio.uow(), acme.id)[0] == item


def test_an_item_cannot_move_to_another_partner(portfolio, acme):
    from planner.domain.model import Partner
    from planner.services.partners import add_partner

    beta = add_partner(portfolio.uow(), Partner("Beta"))
    item = checklist(portfolio.uow(), acme.id)[0]
    with pytest.raises(InvalidValue, match="another partner"):
        update_item(portfolio.uow(), dataclasses.replace(item, partner_id=beta.id))


def test_remove_and_restore(portfolio, acme):
    before = checklist(portfolio.uow(), acme.id)
    removed = remove_item(portfolio.uow(), before[3].id)
    assert removed == before[3]
    assert before[3] not in checklist(portfolio.uow(), acme.id)
    with pytest.raises(NotFound):
        remove_item(portfolio.uow(), before[3].id)
    assert restore_item(portfolio.uow(), removed) == removed
    assert checklist(portfolio.uow(), acme.id) == before


def test_an_item_needs_a_partner(portfolio):
    with pytest.raises(NotFound):
        add_item(portfolio.uow(), ChecklistItem(99, Stage.EXIT, "Say thank you", 15))


def test_a_new_partner_gets_scopes_cadences_and_groups_from_the_template(portfolio, acme):
    items = checklist(portfolio.uow(), acme.id)
    board = next(i for i in items if "partnership board with both sponsors" in i.text)
    assert board.cadence is Cadence.QUARTERLY and board.scope is Scope.JOINT
    walk_away = next(i for i in items if "walk-away" in i.text)
    assert walk_away.scope is Scope.INTERNAL and walk_away.cadence is None
    direction = [i for i in items if i.choice_group == "direction"]
    assert len(direction) == 2 and {i.stage for i in direction} == {Stage.EXIT}


def test_not_applicable_needs_a_reason_and_can_be_taken_back(portfolio, acme):
    first = checklist(portfolio.uow(), acme.id)[0]
    with pytest.raises(InvalidValue, match="Say why"):
        mark_not_applicable(portfolio.uow(), first.id, "  ")
    marked = mark_not_applicable(portfolio.uow(), first.id, " We partner with them already ")
    assert marked.not_applicable and marked.not_applicable_reason == "We partner with them already"
    back = mark_not_applicable(portfolio.uow(), first.id, None)
    assert not back.not_applicable and back.not_applicable_reason == ""


def test_choosing_one_alternative_closes_the_other_in_the_progress(portfolio, acme):
    items = checklist(portfolio.uow(), acme.id)
    before = progress_by_stage(items, TODAY)[Stage.EXIT]
    deepen = next(i for i in items if i.choice_group == "direction")
    tick_item(portfolio.uow(), deepen.id, True, TODAY)
    after = progress_by_stage(checklist(portfolio.uow(), acme.id), TODAY)[Stage.EXIT]
    assert (after.done, after.total) == (1, before.total - 1)
