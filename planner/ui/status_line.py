"""The two lasting notes at the right of the status bar: how the portfolio is open (whose
sign-in, read-only) and how many partners it holds and how many need attention."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from planner.domain.attention import Level
from planner.ui.look import spacing


class SessionMode(QLabel):
    """Who is signed in to a team portfolio, and "Read-only" when the window cannot change
    the portfolio (a reader, or a file open elsewhere); hidden when there is nothing to say."""

    def __init__(self):
        super().__init__()
        self.setContentsMargins(0, 0, spacing(self, 2), 0)

    def show_session(self, session) -> None:
        parts, tip = [], ""
        if session is not None:
            portfolio = session.portfolio
            if portfolio.is_team and portfolio.location.user:
                parts.append(self.tr("Signed in as {0}").format(portfolio.location.user))
            if session.read_only:
                parts.append(self.tr("Read-only"))
                tip = self.tr("You can read this portfolio, export it and print briefs; "
                              "changing it is not open to you here.")
        self.setText(" \u00b7 ".join(parts))
        self.setToolTip(tip)
        self.setVisible(bool(parts))


class PartnerCounts(QLabel):
    """"8 partners · 2 need you now · 1 to keep an eye on"; empty when nothing is open."""

    def show_counts(self, levels: list[Level | None]) -> None:
        """`levels`: each partner's most pressing level of attention (None: none needed)."""
        count = len(levels)
        text = (self.tr("No partners yet") if not count else self.tr("1 partner")
                if count == 1 else self.tr("{0} partners").format(count))
        now, watch = levels.count(Level.NOW), levels.count(Level.WATCH)
        if now:
            text += " \u00b7 " + self.tr("{0} need you now").format(now)
        if watch:
            text += " \u00b7 " + self.tr("{0} to keep an eye on").format(watch)
        self.setText(text)
