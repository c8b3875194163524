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


@dataclass(frozen=True)
class WebFigures:
    """A partner's web of ties, counted: all its warnings are read from, in the shape storage
    can aggregate for a whole portfolio without loading every person and tie."""

    ours: int = 0  # stakeholders on our side
    theirs: int = 0
    ambassador_sides: frozenset[Side] = frozenset()  # sides that named an ambassador
    # (level of our end, level of their end, number of ties); None: an end nobody knows
    tie_levels: tuple[tuple[Level | None, Level | None, int], ...] = ()
    # (name, ties held) of the people on ties; storage may pass only those holding every tie
    holders: tuple[tuple[str, int], ...] = ()


def web_figures(stakeholders: Sequence[Stakeholder], ties: Sequence[Tie]) -> WebFigures:
    people = {s.id: s for s in stakeholders}
    levels = Counter((_level(people, t.ours_id), _level(people, t.theirs_id)) for t in ties)
    holders = Counter()
    for tie in ties:
        holders[tie.ours_id] += 1
        holders[tie.theirs_id] += 1
    return WebFigures(
        ours=sum(1 for s in stakeholders if s.side is Side.OURS),
        theirs=sum(1 for s in stakeholders if s.side is Side.THEIRS),
        ambassador_sides=frozenset(s.side for s in stakeholders if s.ambassador),
        tie_levels=tuple((a, b, n) for (a, b), n in levels.items()),
        holders=tuple((people[pid].name, n) for pid, n in holders.items() if pid in people),
    )


def web_report(stakeholders: Sequence[Stakeholder], ties: Sequence[Tie]) -> WebReport:
    """Calls out a thin web: no ties, ties only at the top, or one person holding every tie."""
    return web_report_from(web_figures(stakeholders, ties))


def web_report_from(figures: WebFigures) -> WebReport:
    warnings: list[str] = []
    ties = sum(n for _, _, n in figures.tie_levels)
    levels = {level for a, b, _ in figures.tie_levels for level in (a, b) if level is not None}
    if not ties:
        if figures.ours and figures.theirs:
            warnings.append("No ties are recorded: nobody on our side is known to know anyone "
                            "on theirs.")
    else:
        # At the top only: every tie has an executive at one end at least, so nobody below
        # the leaders knows anyone on the other side.
        if all(Level.EXECUTIVE in (a, b) for a, b, _ in figures.tie_levels):
            warnings.append("Ties exist only at the top: if an executive leaves, the "
                            "relationship goes with them. Connect managers and operational teams.")
        for name, count in figures.holders:
            if count == ties and ties >= 2:
                warnings.append(f"{name} holds every tie: spread involvement so the "
                                "alliance does not hang on one person.")
                break
        if len(levels) == 1 and levels != {Level.EXECUTIVE}:
            (only,) = levels
            warnings.append(f"Ties exist only at {only.value} level: connect the leaders too.")
    named = figures.ambassador_sides
    if (figures.ours or figures.theirs) and not named:
        warnings.append("No ambassador is named: someone should watch over the relationship.")
    elif named == {Side.THEIRS} and figures.ours:
        warnings.append("Only their side has named an ambassador: name ours, so someone here "
                        "watches over the relationship too.")
    elif named == {Side.OURS} and figures.theirs:
        warnings.append("Only our side has named an ambassador: ask them to name theirs.")
    return WebReport(ties, frozenset(levels), tuple(warnings))


def _level(people: dict, stakeholder_id: int) -> Level | None:
    person = people.get(stakeholder_id)
    return person.level if person else None


def ambassadors(stakeholders: Sequence[Stakeholder]) -> list[Stakeholder]:
    return [s for s in stakeholders if s.ambassador]


def tie_count(stakeholder_id: int, ties: Sequence[Tie]) -> int:
    return sum(1 for t in ties if stakeholder_id in (t.ours_id, t.theirs_id))
