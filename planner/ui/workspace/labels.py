"""What the workspace calls each enum value on screen: one place, translated at call time."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QCoreApplication

from planner.domain.model import (
    Area,
    Cadence,
    DifferenceStatus,
    Kind,
    Level,
    MeetingKind,
    Rating,
    Scope,
    Side,
    Strength,
    ValueCategory,
)
from planner.domain.stages import Stage

_LABELS: dict[Enum, str] = {
    Side.OURS: "Ours",
    Side.THEIRS: "Theirs",
    Level.EXECUTIVE: "Executive",
    Level.MANAGEMENT: "Management",
    Level.OPERATIONAL: "Operational",
    Strength.WEAK: "Weak",
    Strength.WORKING: "Working",
    Strength.STRONG: "Strong",
    Rating.LOW: "Low",
    Rating.MEDIUM: "Medium",
    Rating.HIGH: "High",
    DifferenceStatus.OPEN: "Open",
    DifferenceStatus.MANAGED: "Managed",
    DifferenceStatus.RESOLVED: "Resolved",
    Kind.HORIZONTAL: "Horizontal (same level of the value chain)",
    Kind.VERTICAL: "Vertical (supplier or customer)",
    MeetingKind.REVIEW: "Review",
    MeetingKind.BOARD: "Board",
    MeetingKind.WORKING: "Working session",
    MeetingKind.CALL: "Call",
    MeetingKind.SOCIAL: "Social",
    MeetingKind.OTHER: "Other",
    Area.STRUCTURE: "Structure",
    Area.BUSINESS_MODEL: "Business model",
    Area.POLITICS: "Politics",
    Area.ORG_CHART: "Org chart",
    Area.POLICY: "Policy",
    Area.CULTURE: "Culture",
    Area.PHILOSOPHY: "Philosophy",
    Area.PROCESS: "Process",
    Area.CONTRACT: "Contract",
    Area.OTHER: "Other",
    Stage.COURTSHIP: "Courtship",
    Stage.COMMITMENT: "Commitment",
    Stage.BRIDGES: "Bridges",
    Stage.EXIT: "Exit",
    Scope.JOINT: "With the partner",
    Scope.INTERNAL: "Internal (our homework)",
    Cadence.MONTHLY: "Monthly",
    Cadence.QUARTERLY: "Quarterly",
    Cadence.HALF_YEARLY: "Every half-year",
    Cadence.YEARLY: "Yearly",
    ValueCategory.CONTRIBUTION: "Contribution",
    ValueCategory.CONTRACT_PAYMENT: "Contract payment (fee, commission)",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("PartnerWorkspace", text)


def label(value: Enum) -> str:
    return QCoreApplication.translate("Labels", _LABELS[value])


def choices(enum_class: type[Enum]) -> list[tuple[Enum, str]]:
    return [(member, label(member)) for member in enum_class]


def short_date(date) -> str:
    """Dates as ISO text: unambiguous in every locale and sortable by eye."""
    return date.isoformat() if date else ""
