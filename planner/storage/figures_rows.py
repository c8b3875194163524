"""The figures behind the portfolio table, made from the rows of the list's grouped queries.

The queries exist twice, once per way of reading: SQLAlchemy Core in `figures.py` (both
engines; every read after the launch) and plain SQL text in `overview_sqlite.py` (a file, at
launch, before SQLAlchemy is imported). Both hand their rows, with the same values of the same
types, to one `FiguresBuilder`, so what the rows mean is written once, here; tests/storage
holds the two sets of queries to the same rows over many portfolios. No SQLAlchemy here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from planner.domain.health import CheckTotals
from planner.domain.model import (
    Area,
    ChecklistItem,
    Difference,
    HealthCheck,
    HealthScore,
    Rating,
    Side,
    ValueExchange,
    held_face_to_face,
)
from planner.domain.people import WebFigures
from planner.domain.stages import Stage

IDS_AT_ONCE = 500  # bound parameters per statement: well inside every engine's limit

# The list's queries, in the order they are run and handed to `FiguresBuilder.add`; the
# scores of the chosen health checks come last, asked for by id (`FiguresBuilder.wanted`).
QUERY_NAMES = ("checklist_counts", "checklist_items", "last_meetings", "working_sessions",
               "actions", "value", "differences", "sides", "tie_levels", "tie_holders",
               "health_totals")


@dataclass
class PartnerFigures:
    # One-off items without alternatives, counted per stage as (done, total), not applicable
    # ones left out; the rest (recurring or grouped) as items, for the rules that need dates.
    checklist_counts: dict = field(default_factory=dict)
    checklist: list[ChecklistItem] = field(default_factory=list)
    last_meeting: dt.date | None = None
    last_face_to_face: dt.date | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    most_overdue_days: int = 0
    # Open differences grouped by ratings and whether a way to manage them is agreed: one
    # stand-in difference per group (area and texts left out) and how many it stands for.
    open_differences: list[tuple[Difference, int]] = field(default_factory=list)
    # Every scored check's totals, oldest first; the latest scored and latest joint checks
    # with their scores.
    health: list[CheckTotals] = field(default_factory=list)
    latest_check: HealthCheck | None = None
    joint_check: HealthCheck | None = None
    # What each side gave since the value window's start, one exchange per side and category.
    value: list[ValueExchange] = field(default_factory=list)
    web: WebFigures = field(default_factory=WebFigures)


def as_date(value) -> dt.date | None:
    """A date from an aggregate over a CASE: SQLite may hand back its ISO text."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


class FiguresBuilder:
    """Every partner's figures, from the rows of each query (see QUERY_NAMES) in turn."""

    def __init__(self, today: dt.date, value_since: dt.date):
        self.today = today
        self.value_since = value_since
        self._figures: dict[int, PartnerFigures] = defaultdict(PartnerFigures)
        self._people: dict[int, dict] = defaultdict(lambda: {
            "ours": 0, "theirs": 0, "named": set(), "levels": [], "holders": []})
        self._wanted: dict[int, tuple[int, dt.date]] = {}  # check id: partner, date
        self._chosen: list[tuple[PartnerFigures, int, int | None]] = []
        self._scores: dict[int, list[HealthScore]] = defaultdict(list)

    def add(self, name: str, rows) -> None:
        getattr(self, f"_{name}")(rows)

    def figures(self) -> dict[int, PartnerFigures]:
        for pid, p in self._people.items():
            self._figures[pid].web = WebFigures(p["ours"], p["theirs"], frozenset(p["named"]),
                                                tuple(p["levels"]), tuple(p["holders"]))
        checks = {check_id: HealthCheck(pid, date, tuple(self._scores[check_id]), id=check_id)
                  for check_id, (pid, date) in self._wanted.items()}
        for f, latest_id, joint_id in self._chosen:
            f.latest_check = checks[latest_id]
            f.joint_check = checks[joint_id] if joint_id is not None else None
        return self._figures

    # checklist -----------------------------------------------------------------------------
    def _checklist_counts(self, rows) -> None:
        for pid, stage, done, total in rows:
            self._figures[pid].checklist_counts[Stage(stage)] = (done or 0, total)

    def _checklist_items(self, rows) -> None:
        for pid, stage, ticked, done_on, cadence, not_applicable, group in rows:
            self._figures[pid].checklist.append(ChecklistItem(
                pid, stage, "", done=ticked, done_on=done_on, cadence=cadence,
                not_applicable=not_applicable, choice_group=group))

    # meetings and actions ------------------------------------------------------------------
    def _last_meetings(self, rows) -> None:
        for pid, last_met, last_face_to_face in rows:
            if last_met is not None:
                self._figures[pid].last_meeting = as_date(last_met)
                self._figures[pid].last_face_to_face = as_date(last_face_to_face)

    def _working_sessions(self, rows) -> None:
        # a working session counts when its place does not say it was remote
        for pid, date, kind, place in rows:
            f = self._figures[pid]
            if held_face_to_face(kind, place) and (f.last_face_to_face is None
                                                   or date > f.last_face_to_face):
                f.last_face_to_face = date

    def _actions(self, rows) -> None:
        for pid, count, late, earliest in rows:
            f = self._figures[pid]
            f.open_actions = count
            f.overdue_actions = late or 0
            if late and earliest is not None:
                f.most_overdue_days = (self.today - earliest).days

    # value and differences -----------------------------------------------------------------
    def _value(self, rows) -> None:
        for pid, giver, category, worth in rows:
            # int(): a server sums a BIGINT column as NUMERIC, which arrives as a Decimal
            self._figures[pid].value.append(ValueExchange(
                pid, giver, "", int(worth or 0), self.value_since, category=category))

    def _differences(self, rows) -> None:
        for pid, likelihood, impact, is_managed, count in rows:
            stand_in = Difference(pid, Area.OTHER, likelihood=Rating(likelihood),
                                  impact=Rating(impact),
                                  management="agreed" if is_managed else "")
            self._figures[pid].open_differences.append((stand_in, count))

    # the web of people: who is on each side, which sides named an ambassador, the levels at
    # a tie's two ends, and whoever is on every one of a partner's ties --------------------
    def _sides(self, rows) -> None:
        for pid, side, count, ambassadors in rows:
            side = Side(side)
            self._people[pid]["ours" if side is Side.OURS else "theirs"] = count
            if ambassadors:
                self._people[pid]["named"].add(side)

    def _tie_levels(self, rows) -> None:
        for pid, level_ours, level_theirs, count in rows:
            self._people[pid]["levels"].append((level_ours, level_theirs, count))

    def _tie_holders(self, rows) -> None:
        for pid, name, count in rows:
            self._people[pid]["holders"].append((name, count))

    # health ----------------------------------------------------------------------------------
    def _health_totals(self, rows) -> None:
        """Every scored check's totals per side (oldest first); then the ids of each
        partner's latest scored check and latest joint check, whose scores come next."""
        for pid, check_id, date, ours, count, theirs, theirs_count in rows:
            totals = CheckTotals(date, check_id, ours or 0, count, theirs or 0, theirs_count)
            self._figures[pid].health.append(totals)
        for pid, f in self._figures.items():
            if not f.health:
                continue
            latest = f.health[-1]
            joint = latest if latest.joint else next(
                (t for t in reversed(f.health) if t.joint), None)
            self._wanted[latest.id] = (pid, latest.date)
            if joint is not None:
                self._wanted[joint.id] = (pid, joint.date)
            self._chosen.append((f, latest.id, joint.id if joint is not None else None))

    def wanted(self) -> list[list[int]]:
        """The ids of the checks whose scores `health_scores` rows must bring, in chunks."""
        ids = sorted(self._wanted)
        return [ids[start:start + IDS_AT_ONCE] for start in range(0, len(ids), IDS_AT_ONCE)]

    def _health_scores(self, rows) -> None:
        """(check id, dimension, ours, theirs), in each check's order."""
        for check_id, dimension, ours, theirs in rows:
            self._scores[check_id].append(HealthScore(dimension, ours, theirs))
