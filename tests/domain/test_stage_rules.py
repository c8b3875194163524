"""Stage rules: what a move forward leaves unticked, and that moving back is free."""

import pytest

from planner.domain.checklist import next_stage, plan_stage_move
from planner.domain.model import ChecklistItem
from planner.domain.stages import STAGE_ORDER, TRAITS, Stage, stage_named


def item(stage, position, done=False, item_id=None):
    return ChecklistItem(1, stage, f"{stage.value} {position}", None, done, position=position,
                         id=item_id if item_id is not None else stage.order * 100 + position)


ITEMS = [
    item(Stage.BRIDGES, 0),
    item(Stage.COMMITMENT, 1),
    item(Stage.COURTSHIP, 2),
    item(Stage.COURTSHIP, 0, done=True),
    item(Stage.COMMITMENT, 0),
    item(Stage.COURTSHIP, 1),
    item(Stage.EXIT, 0),
]


def test_forward_reports_unticked_items_of_earlier_stages_in_order():
    move = plan_stage_move(Stage.COURTSHIP, Stage.BRIDGES, ITEMS)
    assert move.forward
    assert move.needs_confirmation
    assert [(i.stage, i.position) for i in move.unticked] == [
        (Stage.COURTSHIP, 1), (Stage.COURTSHIP, 2),
        (Stage.COMMITMENT, 0), (Stage.COMMITMENT, 1),
    ]


def test_forward_one_stage_reports_only_the_current_stage():
    move = plan_stage_move(Stage.COURTSHIP, Stage.COMMITMENT, ITEMS)
    assert [(i.stage, i.position) for i in move.unticked] == [
        (Stage.COURTSHIP, 1), (Stage.COURTSHIP, 2)]


def test_forward_with_everything_ticked_needs_no_confirmation():
    done = [item(s, 0, done=True) for s in STAGE_ORDER]
    move = plan_stage_move(Stage.COURTSHIP, Stage.EXIT, done)
    assert move.forward and not move.needs_confirmation and move.unticked == ()


def test_back_reports_nothing():
    move = plan_stage_move(Stage.EXIT, Stage.COURTSHIP, ITEMS)
    assert not move.forward
    assert move.unticked == ()
    assert not move.needs_confirmation


def test_same_stage_reports_nothing():
    move = plan_stage_move(Stage.BRIDGES, Stage.BRIDGES, ITEMS)
    assert not move.forward and move.unticked == ()


def test_stages_are_ordered_and_named():
    assert [s.order for s in STAGE_ORDER] == [0, 1, 2, 3]
    assert next_stage(Stage.COURTSHIP) is Stage.COMMITMENT
    assert next_stage(Stage.EXIT) is None
    assert stage_named("  Bridges ") is Stage.BRIDGES
    with pytest.raises(ValueError, match="courtship, commitment, bridges, exit"):
        stage_named("dating")


def test_traits_are_fifteen_and_each_belongs_to_a_stage():
    assert sorted(TRAITS) == list(range(1, 16))
    assert {t.stage for t in TRAITS.values()} == set(STAGE_ORDER)
