"""Help everyone win (trait 14): the balance of what each side gives.

The verdict reads a rolling window (the last two quarters by default), because a ledger that
was balanced for two years and turned lopsided last quarter reads "balanced" all-time. Contract
payments (fees, referral commissions) are what was agreed and are shown apart: the balance that
tells whether both sides win is the one of contributions.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from planner.domain.model import Side, ValueCategory, ValueExchange

# One side giving more than twice what the other gives is lopsided.
LOPSIDED_RATIO = 2.0
# Within this many points of an even split (50% +- 5) both sides give about the same.
EVEN_MARGIN = 0.05


class Lean(str, Enum):
    """What the balance says, from calm to alarming; the window draws EVEN_MARGIN on its bar."""

    NOTHING = "nothing"  # no value recorded yet
    EVEN = "even"  # within EVEN_MARGIN of half each
    LEANING = "leaning"  # one side gives more, not yet twice as much
    LOPSIDED = "lopsided"  # one side gives more than LOPSIDED_RATIO times the other
# The verdict looks at this many quarters back from today.
WINDOW_QUARTERS = 2


@dataclass(frozen=True)
class Balance:
    """Contributions each side gave; contract payments apart (never part of the verdict)."""

    ours: int
    theirs: int
    paid_ours: int = 0
    paid_theirs: int = 0

    @property
    def total(self) -> int:
        return self.ours + self.theirs

    @property
    def our_share(self) -> float:
        return self.ours / self.total if self.total else 0.5

    @property
    def lopsided(self) -> Side | None:
        """The side that gives far more than it gets, or None when balanced."""
        if self.ours > LOPSIDED_RATIO * self.theirs and self.ours > 0:
            return Side.OURS
        if self.theirs > LOPSIDED_RATIO * self.ours and self.theirs > 0:
            return Side.THEIRS
        return None

    @property
    def lean(self) -> Lean:
        if self.total == 0:
            return Lean.NOTHING
        if self.lopsided is not None:
            return Lean.LOPSIDED
        if abs(self.our_share - 0.5) <= EVEN_MARGIN:
            return Lean.EVEN
        return Lean.LEANING

    @property
    def gives_more(self) -> Side | None:
        """The side that gives more, or None when both give the same."""
        if self.ours == self.theirs:
            return None
        return Side.OURS if self.ours > self.theirs else Side.THEIRS

    def sentence(self, span: str = "") -> str:
        """The verdict in words; `span` ("over the last 2 quarters") says what it covers."""
        side = self.lopsided
        over = f" {span}" if span else ""
        if self.total == 0:
            return f"No contribution is recorded{over or ' yet'}."
        if side is Side.OURS:
            return (f"Lopsided{over}: we give {self.ours:,} and get {self.theirs:,}. "
                    "Ask what they could bring so both sides win.")
        if side is Side.THEIRS:
            return (f"Lopsided{over}: they give {self.theirs:,} and get {self.ours:,}. "
                    "Ask what we could bring before they feel taken.")
        if self.lean is Lean.LEANING:
            who = "We" if self.gives_more is Side.OURS else "They"
            return f"{who} give more{over}: we give {self.ours:,}, they give {self.theirs:,}."
        return f"Even{over}: we give {self.ours:,}, they give {self.theirs:,}."


def balance(exchanges: Iterable[ValueExchange], since: dt.date | None = None) -> Balance:
    """What each side contributed (and paid, apart), all-time or from `since` on.

    Undated exchanges count all-time only: nobody knows whether they fall in a window."""
    ours = theirs = paid_ours = paid_theirs = 0
    for e in exchanges:
        if since is not None and (e.date is None or e.date < since):
            continue
        payment = e.category is ValueCategory.CONTRACT_PAYMENT
        if e.giver is Side.OURS:
            if payment:
                paid_ours += e.worth
            else:
                ours += e.worth
        elif payment:
            paid_theirs += e.worth
        else:
            theirs += e.worth
    return Balance(ours, theirs, paid_ours, paid_theirs)


def window_start(today: dt.date, quarters: int = WINDOW_QUARTERS) -> dt.date:
    """The first day of the rolling window: `quarters` times three months before today."""
    months = today.year * 12 + today.month - 1 - 3 * quarters
    year, month = divmod(months, 12)
    if year < dt.MINYEAR:  # a window reaching before the calendar starts with it
        return dt.date.min
    day = min(today.day, _days_in(year, month + 1))
    return dt.date(year, month + 1, day)


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


@dataclass(frozen=True)
class Verdict:
    """Whether both sides win: the window decides, the all-time total stands beside it."""

    window: Balance
    all_time: Balance
    since: dt.date
    quarters: int

    @property
    def lopsided(self) -> Side | None:
        return self.window.lopsided

    def sentence(self) -> str:
        span = "over the last quarter" if self.quarters == 1 else \
            f"over the last {self.quarters} quarters"
        if self.window.total == 0 and self.all_time.total:
            return (f"Nothing exchanged {span}; all-time we give {self.all_time.ours:,}, "
                    f"they give {self.all_time.theirs:,}.")
        return self.window.sentence(span)


def verdict(exchanges: Iterable[ValueExchange], today: dt.date,
            quarters: int = WINDOW_QUARTERS) -> Verdict:
    """The value verdict: the balance of contributions over the rolling window."""
    exchanges = list(exchanges)
    since = window_start(today, quarters)
    return Verdict(balance(exchanges, since), balance(exchanges), since, quarters)
