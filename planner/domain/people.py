"""The extended family: who knows whom, and whether the web of ties is too thin (trait 9)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from planner.domain.model import Level, Side, Stakeholder, Tie


@dataclass(frozen=True)
class WebReport:
    ties: int
    levels_with_ties: frozenset[Level]
    warnings: tuple[str, ...]

    @property
    def thin(self) -> bool:
        return bool(self.warnings)


def web_report(stakeholders: Sequence[Stakeholder], ties: Sequence[Tie]) -> WebReport:
    """Calls out a thin web: no ties, ties only at the top, or one person holding every tie."""
    people = {s.id: s for s in stakeholders}
    warnings: list[str] = []
    levels: set[Level] = set()
    for tie in ties:
        for pid in (tie.ours_id, tie.theirs_id):
            if pid in people:
                levels.add(people[pid].level)
    ours = [s for s in stakeholders if s.side is Side.OURS]
    theirs = [s for s in stakeholders if s.side is Side.THEIRS]
    if not ties:
        if ours and theirs:
            warnings.append("No ties are recorded: nobody on our side is known to know anyone "
                            "on theirs.")
    else:
        # At the top only: every tie has an executive at one end at least, so nobody below
        # the leaders knows anyone on the other side.
        if all(Level.EXECUTIVE in (_level(people, t.ours_id), _level(people, t.theirs_id))
               for t in ties):
            warnings.append("Ties exist only at the top: if an executive leaves, the "
                            "relationship goes with them. Connect managers and operational teams.")
        holders = Counter()
        for tie in ties:
            holders[tie.ours_id] += 1
            holders[tie.theirs_id] += 1
        for pid, count in holders.items():
            if count == len(ties) and len(ties) >= 2 and pid in people:
                warnings.append(f"{people[pid].name} holds every tie: spread involvement so the "
                                "alliance does not hang on one person.")
                break
        if len(levels) == 1 and levels != {Level.EXECUTIVE} and len(ties) >= 1:
            (only,) = levels
            warnings.append(f"Ties exist only at {only.value} level: connect the leaders too.")
    named = {s.side for s in stakeholders if s.ambassador}
    if stakeholders and not named:
        warnings.append("No ambassador is named: someone should watch over the relationship.")
    elif named == {Side.THEIRS} and ours:
        warnings.append("Only their side has named an ambassador: name ours, so someone here "
                        "watches over the relationship too.")
    elif named == {Side.OURS} and theirs:
        warnings.append("Only our side has named an ambassador: ask them to name theirs.")
    return WebReport(len(ties), frozenset(levels), tuple(warnings))


def _level(people: dict, stakeholder_id: int) -> Level | None:
    person = people.get(stakeholder_id)
    return person.level if person else None


def ambassadors(stakeholders: Sequence[Stakeholder]) -> list[Stakeholder]:
    return [s for s in stakeholders if s.ambassador]


def tie_count(stakeholder_id: int, ties: Sequence[Tie]) -> int:
    return sum(1 for t in ties if stakeholder_id in (t.ours_id, t.theirs_id))
