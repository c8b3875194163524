"""The register of differences (seed 003): risk of conflict and the curious question to ask."""

from __future__ import annotations

from collections.abc import Iterable

from planner.domain.model import Area, Difference, DifferenceStatus, Rating

HIGH_RISK = 6  # likelihood x impact on a 1-3 scale: medium x high and above


def risk(difference: Difference) -> int:
    """Likelihood times impact, 1 (low x low) to 9 (high x high)."""
    return difference.likelihood.weight * difference.impact.weight


def is_high_risk(difference: Difference) -> bool:
    """Likely enough and bad enough, or high-impact however unlikely ("what if one of us is
    acquired?"): either way it needs an agreed way to manage it."""
    return risk(difference) >= HIGH_RISK or difference.impact is Rating.HIGH


def is_open(difference: Difference) -> bool:
    return difference.status is DifferenceStatus.OPEN


def unmanaged_high_risk(difference: Difference) -> bool:
    """An open, high-risk difference nobody has agreed how to manage: it needs attention."""
    return is_open(difference) and is_high_risk(difference) and not difference.management.strip()


# One real question per area, asked in the spirit of curiosity (seed 003): what data are they
# looking at, what is their reasoning? Whole sentences, so nothing is spliced into them.
AREA_QUESTIONS = {
    Area.STRUCTURE: "Who on their side can decide this, and what does their structure make "
                    "hard for them?",
    Area.BUSINESS_MODEL: "How does this alliance make money for them, and what would make it "
                         "worth more to them?",
    Area.POLITICS: "Whose support do they need inside their organisation, and what does that "
                   "person need to see?",
    Area.ORG_CHART: "Who on their side really owns this, and who else must agree?",
    Area.POLICY: "Which policy binds them here, and what risk does it protect them from?",
    Area.CULTURE: "What does good work look like on their side, and where does our way of "
                  "working grate?",
    Area.PHILOSOPHY: "What do they believe makes this alliance succeed, and where do we see "
                     "it differently?",
    Area.PROCESS: "What does their process protect them from, and what would changing it "
                  "cost them?",
    Area.CONTRACT: "How do they read this part of the agreement, and what worries them about "
                   "our reading?",
    Area.OTHER: "What data are they looking at, and what is their reasoning?",
}


def curious_question(difference: Difference) -> str:
    """The question to ask in the room: the user's own, or the area's question."""
    return difference.question.strip() or AREA_QUESTIONS[difference.area]


def by_risk(differences: Iterable[Difference]) -> list[Difference]:
    """Open first, then managed, then resolved; within each, highest risk first."""
    order = {DifferenceStatus.OPEN: 0, DifferenceStatus.MANAGED: 1, DifferenceStatus.RESOLVED: 2}
    return sorted(differences, key=lambda d: (order[d.status], -risk(d), d.id or 0))
