"""Checklist items that recur, do not apply, or close each other; progress up to the stage."""

import datetime as dt

from planner.domain.checklist import (
    Progress,
    add_months,
    due_again,
    is_done,
    is_open,
    next_stage,
    plan_stage_move,
    progress_by_stage,
    stage_progress,
    stage_progress_of,
)
from planner.domain.model import Cadence, ChecklistItem
from planner.domain.stages import Stage

TODAY = dt.date(2026, 6, 1)


def item(stage=Stage.BRIDGES, done=False, done_on=None, cadence=None, na=False, group="",
         position=0):
    return ChecklistItem(1, stage, "x", None, done, done_on, position=position,
                         cadence=cadence, not_applicable=na, choice_group=group)


def test_add_months_keeps_the_day_or_the_months_end():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2025, 11, 15), 3) == dt.date(2026, 2, 15)
    assert add_months(dt.date(2026, 12, 1), 12) == dt.date(2027, 12, 1)


def test_a_recurring_item_is_done_for_its_period_then_due_again():
    board = item(done=True, done_on=dt.date(2026, 3, 2), cadence=Cadence.QUARTERLY)
    assert due_again(board) == dt.date(2026, 6, 2)
    assert is_done(board, TODAY)
    assert not is_done(board, dt.date(2026, 6, 2))
    assert due_again(item(done=True, done_on=TODAY)) is None  # a one-off stays done
    assert is_done(item(done=True, done_on=dt.date(2020, 1, 1)), TODAY)


def test_not_applicable_items_leave_the_count():
    items = [item(done=True, done_on=TODAY), item(na=True), item()]
    assert progress_by_stage(items, TODAY)[Stage.BRIDGES] == Progress(1, 2)


def test_choosing_one_alternative_closes_the_other():
    deepen = item(Stage.EXIT, group="direction")
    wind_down = item(Stage.EXIT, group="direction")
    assert progress_by_stage([deepen, wind_down], TODAY)[Stage.EXIT] == Progress(0, 2)
    chosen = item(Stage.EXIT, done=True, done_on=TODAY, group="direction")
    assert progress_by_stage([chosen, wind_down], TODAY)[Stage.EXIT] == Progress(1, 1)


def test_progress_counts_the_current_stage_and_the_stages_behind_it():
    items = ([item(Stage.COURTSHIP, True, TODAY)] * 3 + [item(Stage.COMMITMENT, True, TODAY)]
             + [item(Stage.BRIDGES, True, TODAY), item(Stage.BRIDGES)] + [item(Stage.EXIT)] * 5)
    assert stage_progress(items, Stage.BRIDGES, TODAY) == Progress(5, 6)
    assert stage_progress(items, Stage.COURTSHIP, TODAY) == Progress(3, 3)
    assert stage_progress(items, Stage.EXIT, TODAY) == Progress(5, 11)


def test_an_up_to_date_bridges_partner_reaches_100_percent():
    from planner.services.partners import template_checklist
    items = [ChecklistItem(1, i.stage, i.text, i.trait, i.stage is not Stage.EXIT,
                           TODAY if i.stage is not Stage.EXIT else None, cadence=i.cadence,
                           choice_group=i.choice_group)
             for i in template_checklist(1)]
    assert stage_progress(items, Stage.BRIDGES, TODAY).percent == 100
    # a quarter later the recurring items are due again
    later = stage_progress(items, Stage.BRIDGES, add_months(TODAY, 3))
    assert later.done < later.total


def test_a_stage_move_is_not_held_back_by_closed_or_inapplicable_items():
    items = [item(Stage.COURTSHIP, na=True), item(Stage.COURTSHIP, group="g"),
             item(Stage.COURTSHIP, True, TODAY, group="g"),
             item(Stage.COURTSHIP, True, dt.date(2020, 1, 1), cadence=Cadence.MONTHLY),
             item(Stage.COURTSHIP, position=9)]
    move = plan_stage_move(Stage.COURTSHIP, Stage.COMMITMENT, items, TODAY)
    assert [i.position for i in move.unticked] == [9]


def test_a_portfolio_row_counts_plain_items_apart_and_agrees_with_the_items():
    items = [item(Stage.COURTSHIP, True, TODAY), item(Stage.COURTSHIP),
             item(Stage.BRIDGES, True, dt.date(2026, 1, 1), cadence=Cadence.QUARTERLY),
             item(Stage.BRIDGES, group="g"), item(Stage.BRIDGES, True, TODAY, group="g"),
             item(Stage.EXIT)]
    plain = [i for i in items if i.cadence is None and not i.choice_group]
    counts = {s: (sum(1 for i in plain if i.stage is s and i.done),
                  sum(1 for i in plain if i.stage is s)) for s in Stage}
    special = [i for i in items if i not in plain]
    for stage in Stage:
        assert stage_progress_of(counts, special, stage, TODAY) == \
            stage_progress(items, stage, TODAY)


def test_months_are_added_up_to_the_calendars_first_and_last_years():
    assert add_months(dt.date(9999, 1, 31), 1) == dt.date(9999, 2, 28)
    assert add_months(dt.date(9999, 12, 15), 1) == dt.date.max
    assert add_months(dt.date(1, 3, 31), -1) == dt.date(1, 2, 28)
    assert add_months(dt.date(1, 1, 15), -1) == dt.date.min


def test_a_recurring_item_without_a_date_done_or_not_is_never_due_again():
    assert due_again(item(done=True, done_on=None, cadence=Cadence.QUARTERLY)) is None
    # unticked, a stale date is no longer a tick to count from
    assert due_again(item(done=False, done_on=TODAY, cadence=Cadence.QUARTERLY)) is None
    assert due_again(item(done=True, done_on=TODAY, cadence=Cadence.QUARTERLY)) == \
        dt.date(2026, 9, 1)


def test_an_item_is_open_when_it_counts_and_is_not_done_today():
    lapsed = item(done=True, done_on=dt.date(2026, 1, 1), cadence=Cadence.QUARTERLY)
    assert is_open(lapsed, set(), TODAY)  # due again since April
    assert not is_open(lapsed, set(), dt.date(2026, 3, 31))
    assert not is_open(item(na=True), set(), TODAY)
    assert is_open(item(), set(), TODAY)
    # an alternative whose chosen sibling lapsed: its group is closed by the caller's count,
    # and a lapsed tick no longer makes it count
    chosen_once = item(done=True, done_on=dt.date(2026, 1, 1), cadence=Cadence.QUARTERLY,
                       group="direction")
    assert not is_open(chosen_once, {"direction"}, TODAY)
    assert not is_open(chosen_once, {"direction"}, dt.date(2026, 3, 31))


def test_a_lapsed_choice_reopens_its_alternatives():
    # "Deepen" chosen for one quarter: once it is due again, the group is open again and both
    # alternatives count (nothing done); within the quarter the choice closes the other.
    deepen = item(Stage.EXIT, done=True, done_on=dt.date(2026, 1, 1), cadence=Cadence.QUARTERLY,
                  group="direction")
    wind_down = item(Stage.EXIT, group="direction")
    assert progress_by_stage([deepen, wind_down], TODAY)[Stage.EXIT] == Progress(0, 2)
    assert progress_by_stage([deepen, wind_down], dt.date(2026, 3, 31))[Stage.EXIT] == \
        Progress(1, 1)


def test_the_stage_after_each_stage():
    assert [next_stage(s) for s in Stage] == [Stage.COMMITMENT, Stage.BRIDGES, Stage.EXIT, None]
