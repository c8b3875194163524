"""The entities of a portfolio: plain, immutable dataclasses with no storage behind them.

Every entity carries its storage id (None until stored) and, for children, the id of the
partner it belongs to. Services hand these out; views and briefs read them; edits are made
with `dataclasses.replace` and handed back to a service.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum

from planner.domain.stages import Stage


class Kind(str, Enum):
    """Horizontal: partners at the same level of the value chain; vertical: supplier/customer."""

    HORIZONTAL = "horizontal"
    VERTICAL = "vertical"


class Side(str, Enum):
    OURS = "ours"
    THEIRS = "theirs"

    @property
    def other(self) -> Side:
        return Side.THEIRS if self is Side.OURS else Side.OURS


class Level(str, Enum):
    EXECUTIVE = "executive"
    MANAGEMENT = "management"
    OPERATIONAL = "operational"


LEVEL_ORDER = (Level.EXECUTIVE, Level.MANAGEMENT, Level.OPERATIONAL)


class Strength(str, Enum):
    WEAK = "weak"
    WORKING = "working"
    STRONG = "strong"

    @property
    def weight(self) -> int:
        return {"weak": 1, "working": 2, "strong": 3}[self.value]


class Area(str, Enum):
    STRUCTURE = "structure"
    BUSINESS_MODEL = "business model"
    POLITICS = "politics"
    ORG_CHART = "org chart"
    POLICY = "policy"
    CULTURE = "culture"
    PHILOSOPHY = "philosophy"
    PROCESS = "process"
    CONTRACT = "contract"
    OTHER = "other"


class Rating(str, Enum):
    """Likelihood or impact of a conflict."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def weight(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self.value]


class DifferenceStatus(str, Enum):
    OPEN = "open"
    MANAGED = "managed"
    RESOLVED = "resolved"


class MeetingKind(str, Enum):
    REVIEW = "review"
    BOARD = "board"
    WORKING = "working session"
    CALL = "call"
    SOCIAL = "social"
    OTHER = "other"

    @property
    def face_to_face(self) -> bool:
        """Trait 8 counts meetings in the same room: a review, a board, a dinner; not a call."""
        return self in FACE_TO_FACE_KINDS


# The kinds of meeting held in one room (trait 8). A working session counts too unless its
# place says it was held remotely ("Video call", "Teams", ...).
FACE_TO_FACE_KINDS = frozenset({MeetingKind.REVIEW, MeetingKind.BOARD, MeetingKind.SOCIAL})
REMOTE_PLACES = ("video", "call", "phone", "online", "remote", "teams", "zoom", "webex")


def held_face_to_face(kind: MeetingKind, place: str) -> bool:
    """Whether a meeting of this kind at this place had both sides in one room."""
    if kind in FACE_TO_FACE_KINDS:
        return True
    lowered = place.casefold()
    return kind is MeetingKind.WORKING and not any(word in lowered for word in REMOTE_PLACES)


class Scope(str, Enum):
    """Whether a checklist item is done with the partner or is our own homework."""

    JOINT = "joint"
    INTERNAL = "internal"


class Cadence(str, Enum):
    """How often a recurring checklist item falls due again after it was done."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"
    YEARLY = "yearly"

    @property
    def months(self) -> int:
        return {"monthly": 1, "quarterly": 3, "half-yearly": 6, "yearly": 12}[self.value]


def loaded_version():
    """The stored version an object was read at (None for a new one): a save hands it back
    and is refused when the row has moved on since, so nobody's change is overwritten
    unseen. It is not part of an object's value: two equal objects may be read at two
    versions."""
    return field(default=None, compare=False, repr=False)


class ValueCategory(str, Enum):
    """Contributions are what the alliance runs on; contract payments are what was agreed."""

    CONTRIBUTION = "contribution"
    CONTRACT_PAYMENT = "contract payment"


@dataclass(frozen=True)
class Partner:
    name: str
    stage: Stage = Stage.COURTSHIP
    organisation: str = ""
    kind: Kind = Kind.HORIZONTAL
    definition: str = ""
    unique_result: str = ""
    owner: str = ""
    next_review: dt.date | None = None
    review_place: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    id: int | None = None
    # Fields added after the first release come after `id`, so positional callers still fit.
    created_on: dt.date | None = None
    stage_since: dt.date | None = None  # when the partner entered its current stage
    decision_needed: str = ""  # what the next review must decide
    version: int | None = loaded_version()


@dataclass(frozen=True)
class Stakeholder:
    partner_id: int | None
    name: str
    side: Side = Side.THEIRS
    level: Level = Level.MANAGEMENT
    role: str = ""
    ambassador: bool = False
    email: str = ""
    phone: str = ""
    id: int | None = None
    version: int | None = loaded_version()


@dataclass(frozen=True)
class Tie:
    """Who knows whom: one of our people and one of theirs."""

    partner_id: int | None
    ours_id: int
    theirs_id: int
    strength: Strength = Strength.WORKING
    id: int | None = None
    version: int | None = loaded_version()


@dataclass(frozen=True)
class Difference:
    partner_id: int | None
    area: Area
    ours: str = ""
    theirs: str = ""
    likelihood: Rating = Rating.MEDIUM
    impact: Rating = Rating.MEDIUM
    management: str = ""
    owner: str = ""
    status: DifferenceStatus = DifferenceStatus.OPEN
    question: str = ""
    id: int | None = None
    agreed_with_partner: bool = False  # the way to manage it was agreed with them, not only us
    last_reviewed: dt.date | None = None
    version: int | None = loaded_version()


@dataclass(frozen=True)
class Meeting:
    partner_id: int | None
    date: dt.date
    kind: MeetingKind = MeetingKind.REVIEW
    place: str = ""
    attendee_ids: tuple[int, ...] = ()
    notes: str = ""
    decisions: str = ""
    moment_of_truth: bool = False
    id: int | None = None
    decision_needed: str = ""  # the decision this meeting exists to take
    version: int | None = loaded_version()

    @property
    def face_to_face(self) -> bool:
        return held_face_to_face(self.kind, self.place)


@dataclass(frozen=True)
class Action:
    partner_id: int | None
    text: str
    owner: str = ""
    side: Side = Side.OURS
    due: dt.date | None = None
    done: bool = False
    done_on: dt.date | None = None
    meeting_id: int | None = None
    id: int | None = None
    version: int | None = loaded_version()

    def is_overdue(self, today: dt.date) -> bool:
        return not self.done and self.due is not None and self.due < today


@dataclass(frozen=True)
class ValueExchange:
    partner_id: int | None
    giver: Side
    what: str
    worth: int = 0
    date: dt.date | None = None
    id: int | None = None
    category: ValueCategory = ValueCategory.CONTRIBUTION
    version: int | None = loaded_version()


@dataclass(frozen=True)
class HealthScore:
    dimension: str
    ours: int
    theirs: int | None = None


@dataclass(frozen=True)
class HealthCheck:
    partner_id: int | None
    date: dt.date
    scores: tuple[HealthScore, ...] = ()
    comment: str = ""
    id: int | None = None
    version: int | None = loaded_version()


@dataclass(frozen=True)
class ChecklistItem:
    partner_id: int | None
    stage: Stage
    text: str
    trait: int | None = None
    done: bool = False
    done_on: dt.date | None = None
    note: str = ""
    position: int = 0
    id: int | None = None
    scope: Scope = Scope.JOINT
    cadence: Cadence | None = None  # recurring: done for this period, due again after
    not_applicable: bool = False
    not_applicable_reason: str = ""
    choice_group: str = ""  # alternatives share a group: choosing one closes the others
    version: int | None = loaded_version()


@dataclass(frozen=True)
class PartnerRecord:
    """A partner with everything that belongs to it: what a brief, an export or an undo needs."""

    partner: Partner
    checklist: tuple[ChecklistItem, ...] = ()
    stakeholders: tuple[Stakeholder, ...] = ()
    ties: tuple[Tie, ...] = ()
    differences: tuple[Difference, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    actions: tuple[Action, ...] = ()
    value: tuple[ValueExchange, ...] = ()
    health: tuple[HealthCheck, ...] = ()

    def stakeholder(self, stakeholder_id: int) -> Stakeholder | None:
        return next((s for s in self.stakeholders if s.id == stakeholder_id), None)
