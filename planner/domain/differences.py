"""The register of differences (seed 003): risk of conflict and the curious question to ask."""

from __future__ import annotations

from collections.abc import Iterable

from planner.domain.model import Area, Difference, DifferenceStatus

HIGH_RISK = 6  # likelihood x impact on a 1-3 scale: medium x high and above


def risk(difference: Difference) -> int:
    """Likelihood times impact, 1 (low x low) to 9 (high x high)."""
    return difference.likelihood.weight * difference.impact.weight


def is_high_risk(difference: Difference) -> bool:
    return risk(difference) >= HIGH_RISK


def is_open(difference: Difference) -> bool:
    return difference.status is DifferenceStatus.OPEN


def unmanaged_high_risk(difference: Difference) -> bool:
    """An open, high-risk difference nobody has agreed how to manage: it needs attention."""
    return is_open(difference) and is_high_risk(difference) and not difference.management.strip()


_AREA_PROMPTS = {
    Area.STRUCTURE: "how their structure shapes who can decide",
    Area.BUSINESS_MODEL: "how they make money from this",
    Area.POLITICS: "whose support they need inside their organisation",
    Area.ORG_CHART: "who on their side really owns this",
    Area.POLICY: "which policy they are bound by, and why it exists",
    Area.CULTURE: "what 'good work' looks like in their culture",
    Area.PHILOSOPHY: "what they believe makes this alliance succeed",
    Area.PROCESS: "what their process protects them from",
    Area.CONTRACT: "how they read the clause, and what worries them",
    Area.OTHER: "how they see it",
}


def curious_question(difference: Difference) -> str:
    """The question to ask in the room: the user's own, or one built in the spirit of curiosity."""
    if difference.question.strip():
        return difference.question.strip()
    theirs = difference.theirs.strip().rstrip(".")
    prompt = _AREA_PROMPTS[difference.area]
    if theirs:
        return f"They {_lower_first(theirs)}: what data are they looking at, and {prompt}?"
    return f"What are they seeing that we are not: {prompt}?"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def by_risk(differences: Iterable[Difference]) -> list[Difference]:
    """Open first, then managed, then resolved; within each, highest risk first."""
    order = {DifferenceStatus.OPEN: 0, DifferenceStatus.MANAGED: 1, DifferenceStatus.RESOLVED: 2}
    return sorted(differences, key=lambda d: (order[d.status], -risk(d), d.id or 0))
