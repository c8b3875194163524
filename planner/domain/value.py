"""Help everyone win (trait 14): the balance of what each side gives."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from planner.domain.model import Side, ValueExchange

# One side giving more than twice what the other gives is lopsided.
LOPSIDED_RATIO = 2.0
# Within this many points of an even split (50% +- 5) both sides give about the same.
EVEN_MARGIN = 0.05


class Verdict(str, Enum):
    """What the balance says, from calm to alarming; the window draws EVEN_MARGIN on its bar."""

    NOTHING = "nothing"  # no value recorded yet
    EVEN = "even"  # within EVEN_MARGIN of half each
    LEANING = "leaning"  # one side gives more, not yet twice as much
    LOPSIDED = "lopsided"  # one side gives more than LOPSIDED_RATIO times the other


@dataclass(frozen=True)
class Balance:
    ours: int
    theirs: int

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
    def verdict(self) -> Verdict:
        if self.total == 0:
            return Verdict.NOTHING
        if self.lopsided is not None:
            return Verdict.LOPSIDED
        if abs(self.our_share - 0.5) <= EVEN_MARGIN:
            return Verdict.EVEN
        return Verdict.LEANING

    @property
    def gives_more(self) -> Side | None:
        """The side that gives more, or None when both give the same."""
        if self.ours == self.theirs:
            return None
        return Side.OURS if self.ours > self.theirs else Side.THEIRS

    def sentence(self) -> str:
        side = self.lopsided
        if self.total == 0:
            return "No value exchanged is recorded yet."
        if side is Side.OURS:
            return (f"Lopsided: we give {self.ours:,} and get {self.theirs:,}. "
                    "Ask what they could bring so both sides win.")
        if side is Side.THEIRS:
            return (f"Lopsided: they give {self.theirs:,} and get {self.ours:,}. "
                    "Ask what we could bring before they feel taken.")
        return f"Balanced: we give {self.ours:,}, they give {self.theirs:,}."


def balance(exchanges: Iterable[ValueExchange]) -> Balance:
    ours = theirs = 0
    for e in exchanges:
        if e.giver is Side.OURS:
            ours += e.worth
        else:
            theirs += e.worth
    return Balance(ours, theirs)
