"""Checklist logic: progress per stage and what a stage move leaves unticked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from planner.domain.model import ChecklistItem
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


def progress_by_stage(items: Iterable[ChecklistItem]) -> dict[Stage, Progress]:
    counts = {stage: [0, 0] for stage in STAGE_ORDER}
    for item in items:
        counts[item.stage][1] += 1
        if item.done:
            counts[item.stage][0] += 1
    return {stage: Progress(done, total) for stage, (done, total) in counts.items()}


def overall_progress(items: Iterable[ChecklistItem]) -> Progress:
    items = list(items)
    return Progress(sum(1 for i in items if i.done), len(items))


@dataclass(frozen=True)
class StageMove:
    """What moving a partner from one stage to another means.

    Moving forward reports the unticked items of every stage before the target, so the
    user can confirm; moving back is always allowed and reports nothing.
    """

    current: Stage
    target: Stage
    unticked: tuple[ChecklistItem, ...]

    @property
    def forward(self) -> bool:
        return self.target.order > self.current.order

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.unticked)


def plan_stage_move(current: Stage, target: Stage, items: Iterable[ChecklistItem]) -> StageMove:
    unticked: tuple[ChecklistItem, ...] = ()
    if target.order > current.order:
        unticked = tuple(
            sorted(
                (i for i in items if not i.done and i.stage.order < target.order),
                key=lambda i: (i.stage.order, i.position),
            )
        )
    return StageMove(current, target, unticked)


def next_stage(stage: Stage) -> Stage | None:
    return STAGE_ORDER[stage.order + 1] if stage.order + 1 < len(STAGE_ORDER) else None
