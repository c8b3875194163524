"""Differences: the register, riskiest first, each with the curious question to ask."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout

from planner.domain.differences import by_risk, curious_question, is_high_risk, is_open, risk
from planner.domain.model import Area, Difference, DifferenceStatus, Rating
from planner.services import differences
from planner.ui.workspace.edits import Part
from planner.ui.workspace.fields import CheckField, ChoiceField, DateField, LineField, TextField
from planner.ui.workspace.labels import choices, label, tr
from planner.ui.workspace.record_panel import RecordPanel
from planner.ui.workspace.records import Column, Layout
from planner.ui.workspace.tab import WorkspaceTab

DIFFERENCE = Part(tr("difference"), differences.record_difference,
                  differences.update_difference, differences.remove_difference,
                  differences.restore_difference,
                  lambda d: f"{label(d.area)}: {d.theirs or d.ours}")

_STATUS_ORDER = {DifferenceStatus.OPEN: 0, DifferenceStatus.MANAGED: 1,
                 DifferenceStatus.RESOLVED: 2}


def _high_open(d: Difference) -> bool:
    return is_open(d) and is_high_risk(d)


def both_ways(d: Difference) -> str:
    """The difference itself: how we work, and beneath it how they work."""
    return tr("We: {ours}\nThey: {theirs}").format(ours=d.ours, theirs=d.theirs)


def columns() -> list[Column]:
    return [
        Column(tr("Area"), lambda d: label(d.area)),
        Column(tr("Risk"), lambda d: str(risk(d)), sort_key=lambda d: -risk(d),
               alert=_high_open,
               tooltip=lambda d: tr("Likelihood × impact, 1 to 9; 6 and above is high")),
        Column(tr("Status"), lambda d: label(d.status),
               sort_key=lambda d: (_STATUS_ORDER[d.status], -risk(d))),
        Column(tr("Difference"), both_ways, tooltip=both_ways, main=True),
        Column(tr("How we work"), lambda d: d.ours, tooltip=lambda d: d.ours, hidden=True),
        Column(tr("How they work"), lambda d: d.theirs, tooltip=lambda d: d.theirs,
               hidden=True),
        Column(tr("Likelihood"), lambda d: label(d.likelihood),
               sort_key=lambda d: -d.likelihood.weight, hidden=True),
        Column(tr("Impact"), lambda d: label(d.impact), sort_key=lambda d: -d.impact.weight,
               hidden=True),
        Column(tr("Agreed way to manage it"), lambda d: d.management or tr("— none agreed"),
               tooltip=lambda d: d.management, alert=lambda d: _high_open(d) and not
               d.management.strip(), main=True),
        Column(tr("Owner"), lambda d: d.owner, hidden=True),
        Column(tr("Question to ask"), curious_question, tooltip=curious_question, hidden=True),
    ]


def details(d: Difference) -> str:
    rows = [(tr("How we work"), d.ours), (tr("How they work"), d.theirs),
            (tr("Agreed way to manage it"), d.management or tr("none agreed yet")),
            (tr("Owner"), d.owner or "—")]
    body = "".join(f"<p><b>{escape(k)}:</b> {escape(v)}</p>" for k, v in rows)
    return (f"<p><b>{escape(label(d.area))}</b> · {escape(tr('risk'))} {risk(d)} · "
            f"{escape(label(d.status))}</p>{body}"
            f"<p><b>{escape(tr('Ask'))}:</b> <i>{escape(curious_question(d))}</i></p>")


def fields():
    return [
        ChoiceField("area", tr("&Area"), choices(Area)),
        TextField("ours", tr("How &we work"), lines=2),
        TextField("theirs", tr("How &they work"), lines=2),
        ChoiceField("likelihood", tr("&Likelihood of conflict"), choices(Rating)),
        ChoiceField("impact", tr("&Impact"), choices(Rating)),
        TextField("management", tr("Agreed way to &manage it"), lines=2),
        LineField("owner", tr("&Owner")),
        ChoiceField("status", tr("&Status"), choices(DifferenceStatus)),
        CheckField("agreed_with_partner", tr("Agreed"),
                   tr("The way to manage it was agreed &with the partner")),
        DateField("last_reviewed", tr("Last re&viewed")),
        TextField("question", tr("&Question to ask"), lines=2,
                  help=tr("Leave empty to get a curious question built from how they work.")),
    ]


class DifferencesTab(WorkspaceTab):
    name = "differences"

    def __init__(self, session, editor, parent=None):
        super().__init__(session, editor, parent)
        self.intro = QLabel(tr("Differences nobody talks about end alliances. Record them, agree "
                               "how to manage each, and go in curious."), self)
        self.intro.setWordWrap(True)
        self.panel = RecordPanel(tr("Register of differences"), Layout(columns()),
                                 noun=tr("difference"), details=details,
                                 default_sort=(1, Qt.SortOrder.AscendingOrder), parent=self)
        self.wire(self.panel, DIFFERENCE, fields,
                  lambda: Difference(self.partner_id, Area.CULTURE))
        column = QVBoxLayout(self)
        column.addWidget(self.intro)
        column.addWidget(self.panel, 1)

    @property
    def title(self) -> str:
        return tr("Differences")

    def load(self) -> None:
        self.panel.set_records(by_risk(self.record().differences))

    def clear(self) -> None:
        self.panel.set_records([])
