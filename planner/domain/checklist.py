"""Checklist logic: what counts as done today, progress per stage, what a stage move leaves open.

An item counts as done when it was ticked and, if it recurs, its period has not run out (a
quarterly board met in January is due again in April). An item marked not applicable, or an
alternative closed by the choice of another in its group ("deepen" or "wind down"), leaves the
count altogether. Progress is measured over the partner's current stage and the stages behind
it: the stages ahead are not the partner's job yet.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from planner.domain.model import Cadence, ChecklistItem
from planner.domain.stages import STAGE_ORDER, Stage


@dataclass(frozen=True)
class Progress:
    done: int
    total: int

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.fraction)

    def __str__(self) -> str:
        return f"{self.done}/{self.total}"


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter; held at the
    first or last date there is (a done_on near 9999 is a date a user can type)."""
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    if year > dt.MAXYEAR:
        return dt.date.max
    if year < dt.MINYEAR:
        return dt.date.min
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(date.day, last))


def due_again(item: ChecklistItem) -> dt.date | None:
    """When a recurring item that was done falls due again; None for a one-off or an open one."""
    if item.cadence is None or not item.done or item.done_on is None:
        return None
    return add_months(item.done_on, Cadence(item.cadence).months)


def is_done(item: ChecklistItem, today: dt.date | None = None) -> bool:
    """Ticked, and for a recurring item, ticked within its current period."""
    if not item.done:
        return False
    again = due_again(item)
    return again is None or today is None or today < again


def closed_groups(items: Iterable[ChecklistItem], today: dt.date | None = None) -> set[str]:
    """The choice groups in which one alternative was chosen (ticked)."""
    return {i.choice_group for i in items if i.choice_group and is_done(i, today)}


def counts(item: ChecklistItem, closed: set[str], today: dt.date | None = None) -> bool:
    """Whether an item counts towards progress at all.

    Not applicable: no. An alternative in a group where another was chosen: no. Everything
    else: yes."""
    if item.not_applicable:
        return False
    return not (item.choice_group in closed and not is_done(item, today))


def is_open(item: ChecklistItem, closed: set[str], today: dt.date | None = None) -> bool:
    """Still to do: it counts and is not done (a recurring item due again is open)."""
    return counts(item, closed, today) and not is_done(item, today)


def progress_by_stage(items: Iterable[ChecklistItem],
                      today: dt.date | None = None) -> dict[Stage, Progress]:
    items = list(items)
    closed = closed_groups(items, today)
    tally = {stage: [0, 0] for stage in STAGE_ORDER}
    for item in items:
        if not counts(item, closed, today):
            continue
        tally[item.stage][1] += 1
        if is_done(item, today):
            tally[item.stage][0] += 1
    return {stage: Progress(done, total) for stage, (done, total) in tally.items()}


def stage_progress(items: Iterable[ChecklistItem], stage: Stage,
                   today: dt.date | None = None) -> Progress:
    """Progress over the partner's stage and the stages behind it: what it should have done."""
    by_stage = progress_by_stage(items, today)
    reached = [s for s in STAGE_ORDER if s.order <= stage.order]
    return Progress(sum(by_stage[s].done for s in reached), sum(by_stage[s].total for s in reached))


def stage_progress_of(counts: dict[Stage, tuple[int, int]], items: Iterable[ChecklistItem],
                      stage: Stage, today: dt.date | None = None) -> Progress:
    """`stage_progress` for a portfolio row: one-off, ungrouped, applicable items already
    counted per stage as (done, total); the recurring and grouped ones as items."""
    by_stage = progress_by_stage(items, today)
    reached = [s for s in STAGE_ORDER if s.order <= stage.order]
    return Progress(sum(by_stage[s].done + counts.get(s, (0, 0))[0] for s in reached),
                    sum(by_stage[s].total + counts.get(s, (0, 0))[1] for s in reached))


def overall_progress(items: Iterable[ChecklistItem], today: dt.date | None = None) -> Progress:
    """Every stage at once (an export's figure; the portfolio shows `stage_progress`)."""
    by_stage = progress_by_stage(items, today)
    return Progress(sum(p.done for p in by_stage.values()),
                    sum(p.total for p in by_stage.values()))


@dataclass(frozen=True)
class StageMove:
    """What moving a partner from one stage to another means.

    Moving forward reports the open items of every stage before the target, so the user can
    confirm; moving back is always allowed and reports nothing.
    """

    current: Stage
    target: Stage
    unticked: tuple[ChecklistItem, ...]
    version: int | None = None  # the partner's stored version once moved (for its undo)

    @property
    def forward(self) -> bool:
        return self.target.order > self.current.order

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.unticked)


def plan_stage_move(current: Stage, target: Stage, items: Iterable[ChecklistItem],
                    today: dt.date | None = None) -> StageMove:
    unticked: tuple[ChecklistItem, ...] = ()
    items = list(items)
    if target.order > current.order:
        closed = closed_groups(items, today)
        # A recurring item done once is not a reason to hold a partner back from moving on.
        unticked = tuple(
            sorted(
                (i for i in items if counts(i, closed, today) and not i.done
                 and i.stage.order < target.order),
                key=lambda i: (i.stage.order, i.position),
            )
        )
    return StageMove(current, target, unticked)


def next_stage(stage: Stage) -> Stage | None:
    return STAGE_ORDER[stage.order + 1] if stage.order + 1 < len(STAGE_ORDER) else None
