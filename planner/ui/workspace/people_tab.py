"""People: the extended family on both sides, the map of who knows whom, and the ties."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget

from planner.domain.model import LEVEL_ORDER, Level, Side, Stakeholder, Strength, Tie
from planner.domain.people import tie_count, web_report
from planner.services import people
from planner.ui.workspace.edits import Part
from planner.ui.workspace.fields import CheckField, ChoiceField, LineField
from planner.ui.workspace.labels import choices, label, tr
from planner.ui.workspace.record_panel import MessageLine, RecordPanel
from planner.ui.workspace.records import Column, Layout
from planner.ui.workspace.relationship_map import RelationshipMap
from planner.ui.workspace.tab import WorkspaceTab

STAKEHOLDER = Part(tr("stakeholder"), people.add_stakeholder, people.update_stakeholder,
                   people.remove_stakeholder, people.restore_stakeholder, lambda s: s.name)


def stakeholder_columns(ties) -> list[Column]:
    return [
        Column(tr("Name"), lambda s: ("★ " if s.ambassador else "") + s.name, main=True,
               sort_key=lambda s: s.name.casefold(),
               tooltip=lambda s: tr("Ambassador") if s.ambassador else ""),
        Column(tr("Side"), lambda s: label(s.side)),
        Column(tr("Level"), lambda s: label(s.level),
               sort_key=lambda s: (LEVEL_ORDER.index(s.level), s.side.value, s.name)),
        Column(tr("Role"), lambda s: s.role, tooltip=lambda s: s.role, main=True),
        Column(tr("Ties"), lambda s: str(tie_count(s.id, ties())),
               sort_key=lambda s: tie_count(s.id, ties())),
    ]


def stakeholder_fields():
    return [
        LineField("name", tr("&Name"), required=True),
        ChoiceField("side", tr("&Side"), [(Side.OURS, tr("Ours")), (Side.THEIRS, tr("Theirs"))]),
        ChoiceField("level", tr("&Level"), choices(Level)),
        LineField("role", tr("&Role")),
        CheckField("ambassador", tr("Ambassador"), tr("&Ambassador: watches over the "
                                                       "relationship")),
        LineField("email", tr("E&mail")),
        LineField("phone", tr("&Phone")),
    ]


class PeopleTab(WorkspaceTab):
    name = "people"

    def __init__(self, session, editor, parent=None):
        super().__init__(session, editor, parent)
        self.stakeholders: list[Stakeholder] = []
        self.ties: list[Tie] = []
        self.tie_part = Part(tr("tie"), people.add_tie, people.update_tie, people.remove_tie,
                             people.restore_tie, self.tie_name)

        self.people_panel = RecordPanel(
            tr("Stakeholders"), Layout(stakeholder_columns(lambda: self.ties)),
            noun=tr("stakeholder"), default_sort=(2, Qt.SortOrder.AscendingOrder), parent=self)
        self.wire(self.people_panel, STAKEHOLDER, stakeholder_fields,
                  lambda: Stakeholder(self.partner_id, ""))

        self.map = RelationshipMap(self)
        self.map.tie_requested.connect(self.tie_dragged)
        self.map.strength_requested.connect(self.change_strength)
        self.map.remove_requested.connect(lambda tie: self.map_message.say(
            self.remove(self.tie_part, tie)))
        self.web = MessageLine(self)
        self.web.setAccessibleName(tr("How thin the web of ties is"))
        self.map_message = MessageLine(self)
        map_box = QWidget(self)
        map_column = QVBoxLayout(map_box)
        map_column.setContentsMargins(0, 0, 0, 0)
        map_column.addWidget(self.map, 1)
        map_column.addWidget(self.web)
        map_column.addWidget(self.map_message)

        self.ties_panel = RecordPanel(
            tr("Ties"), Layout([
                Column(tr("Ours"), lambda t: self.person_name(t.ours_id), main=True),
                Column(tr("Theirs"), lambda t: self.person_name(t.theirs_id), main=True),
                Column(tr("Strength"), lambda t: label(t.strength),
                       sort_key=lambda t: -t.strength.weight),
            ]), noun=tr("tie"), parent=self)
        self.wire(self.ties_panel, self.tie_part, self.tie_fields, self._blank_tie)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        for widget, stretch in ((self.people_panel, 2), (map_box, 4), (self.ties_panel, 1)):
            split.addWidget(widget)
            split.setStretchFactor(split.indexOf(widget), stretch)
        split.setSizes([150, 400, 110])
        column = QVBoxLayout(self)
        column.addWidget(split)

    @property
    def title(self) -> str:
        return tr("People")

    def load(self) -> None:
        record = self.record()
        self.stakeholders, self.ties = list(record.stakeholders), list(record.ties)
        self.people_panel.set_records(self.stakeholders)
        self.ties_panel.set_records(self.ties)
        self.map.set_people(self.stakeholders, self.ties)
        report = web_report(self.stakeholders, self.ties)
        if report.thin:
            self.web.say("⚠ " + "\n⚠ ".join(report.warnings))
        else:
            self.web.say(None)
        self.map.setAccessibleDescription(
            tr("{people} people, {ties} ties.").format(people=len(self.stakeholders),
                                                       ties=len(self.ties))
            + (" " + " ".join(report.warnings) if report.thin else ""))

    def clear(self) -> None:
        self.stakeholders, self.ties = [], []
        self.people_panel.set_records([])
        self.ties_panel.set_records([])
        self.map.set_people([], [])
        self.web.say(None)

    # ties ---------------------------------------------------------------------------------
    def person_name(self, person_id: int) -> str:
        return next((s.name for s in self.stakeholders if s.id == person_id), "?")

    def tie_name(self, tie: Tie) -> str:
        return f"{self.person_name(tie.ours_id)} – {self.person_name(tie.theirs_id)}"

    def _side_choices(self, side: Side):
        return [(s.id, f"{s.name} ({label(s.level).lower()})")
                for s in self.stakeholders if s.side is side]

    def tie_fields(self):
        return [
            ChoiceField("ours_id", tr("&Our person"), self._side_choices(Side.OURS)),
            ChoiceField("theirs_id", tr("&Their person"), self._side_choices(Side.THEIRS)),
            ChoiceField("strength", tr("&Strength"), choices(Strength)),
        ]

    def _blank_tie(self) -> Tie:
        ours = next((s.id for s in self.stakeholders if s.side is Side.OURS), 0)
        theirs = next((s.id for s in self.stakeholders if s.side is Side.THEIRS), 0)
        return Tie(self.partner_id, ours, theirs)

    def tie_dragged(self, ours_id: int, theirs_id: int) -> None:
        tie = Tie(self.partner_id, ours_id, theirs_id)
        self.map_message.say(self.add(self.tie_part, tie))

    def change_strength(self, tie: Tie, strength: Strength) -> None:
        if strength is tie.strength:
            return
        text = tr("Make the tie {name} {strength}").format(name=self.tie_name(tie),
                                                           strength=label(strength).lower())
        self.map_message.say(self.update(self.tie_part, tie, replace(tie, strength=strength),
                                         text))
