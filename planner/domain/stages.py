"""The four stages of an alliance and Kanter's fifteen traits: the one source of truth."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Stage(str, Enum):
    COURTSHIP = "courtship"
    COMMITMENT = "commitment"
    BRIDGES = "bridges"
    EXIT = "exit"

    @property
    def order(self) -> int:
        return STAGE_ORDER.index(self)

    @property
    def title(self) -> str:
        return self.value.capitalize()

    @property
    def purpose(self) -> str:
        return STAGE_PURPOSE[self]


STAGE_ORDER: tuple[Stage, ...] = (Stage.COURTSHIP, Stage.COMMITMENT, Stage.BRIDGES, Stage.EXIT)

STAGE_PURPOSE = {
    Stage.COURTSHIP: "Choosing a partner with eyes open",
    Stage.COMMITMENT: "Agreeing to work together",
    Stage.BRIDGES: "Running the alliance day to day",
    Stage.EXIT: "Get closer, change course, or leave gracefully",
}


@dataclass(frozen=True)
class Trait:
    number: int
    title: str
    sentence: str
    stage: Stage


# Rosabeth Moss Kanter, "Collaborative Advantage" (HBR), as summarised in the seed articles.
TRAITS: dict[int, Trait] = {
    t.number: t
    for t in (
        Trait(1, "Court carefully", "Be open to romance, but court carefully: balance hopes and "
              "dreams with reality checks.", Stage.COURTSHIP),
        Trait(2, "Know yourself", "Know yourself and build your strengths: the best alliances "
              "join strength to strength.", Stage.COURTSHIP),
        Trait(3, "Compatible values", "Seek compatibility in values, philosophy and goals: it "
              "matters more than the terms of the immediate deal.", Stage.COURTSHIP),
        Trait(4, "Respect the extended family", "Treat the extended family respectfully: win "
              "over the stakeholders on both sides, not only the leaders.", Stage.COMMITMENT),
        Trait(5, "Leader to leader", "Put the lawyers in their place: keep the relationship "
              "leader to leader, not with third-party professionals.", Stage.COMMITMENT),
        Trait(6, "Commit to a first project", "Commit to a first project, to growing together, "
              "and to a graceful exit if conditions change.", Stage.COMMITMENT),
        Trait(7, "Don't count on the contract", "Don't count on the contract: formal agreements "
              "cannot anticipate everything and are read differently.", Stage.COMMITMENT),
        Trait(8, "Communicate face to face", "Keep communicating face to face, with an alliance "
              "ambassador who watches over the relationship.", Stage.BRIDGES),
        Trait(9, "Spread involvement", "Spread involvement: create more ties for more people at "
              "more levels on both sides.", Stage.BRIDGES),
        Trait(10, "Formal bridges", "Build formal bridges: a partnership board, joint teams and "
              "regular reviews.", Stage.BRIDGES),
        Trait(11, "Respect differences", "Respect differences: partners give each other what "
              "they do not have.", Stage.BRIDGES),
        Trait(12, "Teach and learn", "Teach and learn: both sides gain knowledge from working "
              "together.", Stage.BRIDGES),
        Trait(13, "Be ready to change", "Be prepared to change yourself to make the alliance "
              "work.", Stage.BRIDGES),
        Trait(14, "Help everyone win", "Help everyone win: keep the benefits balanced so both "
              "sides gain.", Stage.BRIDGES),
        Trait(15, "Closer, change or exit", "Get closer, change course, or exit gracefully when "
              "the alliance has run its course.", Stage.EXIT),
    )
}


def trait(number: int) -> Trait:
    return TRAITS[number]


def stage_named(text: str) -> Stage:
    """The stage whose name is `text` in any case; ValueError names the four stages."""
    try:
        return Stage(text.strip().lower())
    except (ValueError, AttributeError):
        names = ", ".join(s.value for s in STAGE_ORDER)
        raise ValueError(f"unknown stage {text!r}; use one of {names}") from None
