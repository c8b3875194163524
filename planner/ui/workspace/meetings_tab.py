"""Meetings: the dated log with the actions under each, and every open action on top."""

from __future__ import annotations

from dataclasses import replace
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QSplitter, QVBoxLayout

from planner.domain.model import LEVEL_ORDER, Action, Meeting, MeetingKind, Side
from planner.services import meetings
from planner.ui.workspace.edits import Part, quoted
from planner.ui.workspace.fields import (
    CheckField,
    ChoiceField,
    DateField,
    LineField,
    PeopleField,
    TextField,
)
from planner.ui.workspace.labels import choices, label, short_date, tr
from planner.ui.workspace.record_panel import RecordPanel
from planner.ui.workspace.records import Column, Layout
from planner.ui.workspace.tab import WorkspaceTab

MEETING = Part(tr("meeting"), meetings.record_meeting, meetings.update_meeting,
               meetings.remove_meeting, meetings.restore_meeting,
               lambda m: f"{short_date(m.date)} {label(m.kind).lower()}")
ACTION = Part(tr("action"), meetings.add_action, meetings.update_action,
              meetings.remove_action, meetings.restore_action, lambda a: a.text)


def attendee_order(person):
    """Our people first, then theirs; each side from the top down."""
    return (person.side is not Side.OURS, LEVEL_ORDER.index(person.level), person.name)


class MeetingsTab(WorkspaceTab):
    name = "meetings"

    def __init__(self, session, editor, parent=None):
        super().__init__(session, editor, parent)
        self.stakeholders = []
        self.meetings: list[Meeting] = []
        self.actions: list[Action] = []
        self._by_meeting: dict[int | None, list[Action]] = {}

        self.open_panel = RecordPanel(tr("Open actions"), Layout(self.action_columns()),
                                      noun=tr("action"),
                                      default_sort=(3, Qt.SortOrder.AscendingOrder),
                                      parent=self)
        self.wire(self.open_panel, ACTION, self.action_fields, self._blank_action,
                  from_values=self._action_from_values)
        self.open_panel.toggled.connect(self.complete)

        self.log_panel = RecordPanel(
            tr("Meeting log"),
            Layout(self.meeting_columns(), children=self.actions_of,
                   spans=lambda o: isinstance(o, Action),
                   summary=Column("", self.action_line, checked=lambda a: a.done,
                                  alert=self.overdue, tooltip=self.due_tooltip)),
            noun=tr("meeting"), sortable=False, tree=True, details=self.details, parent=self)
        self.log_panel.add_requested.connect(
            lambda: self.add_by_dialog(MEETING, self.meeting_fields(), self._blank_meeting()))
        self.log_panel.edit_requested.connect(self.edit_from_log)
        self.log_panel.remove_requested.connect(lambda obj: self.log_panel.message.say(
            self.remove(MEETING if isinstance(obj, Meeting) else ACTION, obj)))
        self.log_panel.toggled.connect(self.complete)
        self.add_action_button = QPushButton(tr("Add a&ction…"), self)
        self.add_action_button.setAccessibleName(tr("Add an action to the selected meeting"))
        self.add_action_button.clicked.connect(self.add_action_to_meeting)
        self.log_panel.add_button_widget(self.add_action_button)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.setChildrenCollapsible(False)
        split.addWidget(self.open_panel)
        split.addWidget(self.log_panel)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([200, 300])
        column = QVBoxLayout(self)
        column.addWidget(split)

    @property
    def title(self) -> str:
        return tr("Meetings")

    def load(self) -> None:
        record = self.record()
        self.stakeholders = list(record.stakeholders)
        self.meetings = meetings.newest_first(record.meetings)
        self.actions = meetings.actions_in_order(record.actions)
        self._by_meeting = {}  # each meeting's actions, in order: asked once per meeting row
        for action in self.actions:
            self._by_meeting.setdefault(action.meeting_id, []).append(action)
        self.open_panel.set_records([a for a in self.actions if not a.done])
        self.log_panel.set_records(self.meetings)

    def clear(self) -> None:
        self.meetings, self.actions, self._by_meeting = [], [], {}
        self.open_panel.set_records([])
        self.log_panel.set_records([])

    # what is shown -----------------------------------------------------------------------
    def overdue(self, action: Action) -> bool:
        return action.is_overdue(self.session.today())

    def due_tooltip(self, action: Action) -> str:
        if self.overdue(action):
            days = (self.session.today() - action.due).days
            return tr("Overdue: due {date}, {days} days ago.").format(
                date=short_date(action.due), days=days)
        return tr("Due {date}").format(date=short_date(action.due)) if action.due else ""

    def meeting_of(self, action: Action) -> Meeting | None:
        return next((m for m in self.meetings if m.id == action.meeting_id), None)

    def actions_of(self, obj) -> list[Action]:
        if not isinstance(obj, Meeting):
            return []
        return list(self._by_meeting.get(obj.id, ()))

    def action_columns(self) -> list[Column]:
        return [
            Column(tr("Action"), lambda a: a.text, checked=lambda a: a.done,
                   tooltip=lambda a: a.text, main=True),
            Column(tr("Owner"), lambda a: a.owner),
            Column(tr("Side"), lambda a: label(a.side)),
            Column(tr("Due"), lambda a: short_date(a.due) + (" ⚠" if self.overdue(a) else ""),
                   sort_key=lambda a: (a.due is None, a.due), alert=self.overdue,
                   tooltip=self.due_tooltip),
            Column(tr("From meeting"), lambda a: short_date(
                getattr(self.meeting_of(a), "date", None)) or "—", hidden=True),
        ]

    def names(self, ids) -> str:
        by_id = {s.id: s for s in self.stakeholders}
        return ", ".join(by_id[i].name for i in ids if i in by_id)

    def meeting_columns(self) -> list[Column]:
        return [
            Column(tr("Date"), lambda m: short_date(m.date),
                   strong=lambda m: m.moment_of_truth),
            Column(tr("Kind"), lambda m: label(m.kind)),
            Column(tr("Place"), lambda m: m.place, tooltip=lambda m: m.place, main=True),
            Column(tr("Moment of truth"), lambda m: tr("⚑ yes") if m.moment_of_truth else "",
                   tooltip=lambda m: tr("Something went wrong, and how each side responded "
                                        "defines the relationship.")
                   if m.moment_of_truth else ""),
            Column(tr("Attendees"), lambda m: self.names(m.attendee_ids),
                   tooltip=lambda m: self.names(m.attendee_ids), hidden=True),
        ]

    def action_line(self, action: Action) -> str:
        parts = [action.text]
        if action.owner:
            parts.append(f"{action.owner} ({label(action.side).lower()})")
        if action.due:
            parts.append(tr("due {date}").format(date=short_date(action.due)))
        if action.done and action.done_on:
            parts.append(tr("done {date}").format(date=short_date(action.done_on)))
        return " · ".join(parts)

    def details(self, obj) -> str:
        if isinstance(obj, Action):
            return f"<p>{escape(self.action_line(obj))}</p>"
        by_id = {s.id: s for s in self.stakeholders}
        sides = []
        for side in Side:
            names = [by_id[i].name for i in obj.attendee_ids
                     if i in by_id and by_id[i].side is side]
            sides.append(f"<b>{escape(label(side))}:</b> {escape(', '.join(names) or '—')}")
        truth = (f"<p><b>⚑ {escape(tr('Moment of truth'))}</b></p>"
                 if obj.moment_of_truth else "")
        return (f"<p><b>{short_date(obj.date)}</b> · {escape(label(obj.kind))}"
                f"{' · ' + escape(obj.place) if obj.place else ''}</p>{truth}"
                f"<p>{' &nbsp; '.join(sides)}</p>"
                f"<p><b>{escape(tr('Notes'))}:</b> {escape(obj.notes or '—')}</p>"
                f"<p><b>{escape(tr('Decisions'))}:</b> {escape(obj.decisions or '—')}</p>")

    # editing ------------------------------------------------------------------------------
    def meeting_fields(self):
        attendees = PeopleField("attendee_ids", tr("&Attendees"))
        attendees.set_options([(s.id, f"{s.name} ({label(s.side).lower()}, "
                                      f"{label(s.level).lower()})")
                               for s in sorted(self.stakeholders, key=attendee_order)])
        return [
            DateField("date", tr("&Date"), optional=False),
            ChoiceField("kind", tr("&Kind"), choices(MeetingKind)),
            LineField("place", tr("&Place")),
            attendees,
            TextField("notes", tr("&Notes"), lines=3),
            TextField("decision_needed", tr("Decision &needed"), lines=1,
                      help=tr("The decision this meeting exists to take; the brief puts it "
                              "on the agenda.")),
            TextField("decisions", tr("D&ecisions"), lines=2),
            CheckField("moment_of_truth", tr("Moment of truth"),
                       tr("&Moment of truth: something went wrong and the response mattered")),
        ]

    def action_fields(self):
        return [
            TextField("text", tr("&Action"), lines=2, required=True),
            LineField("owner", tr("&Owner")),
            ChoiceField("side", tr("&Side"), [(Side.OURS, tr("Ours")),
                                              (Side.THEIRS, tr("Theirs"))]),
            DateField("due", tr("D&ue")),
            ChoiceField("meeting_id", tr("From &meeting"), [(None, tr("none"))] + [
                (m.id, f"{short_date(m.date)} {label(m.kind).lower()}") for m in self.meetings]),
            CheckField("done", tr("Done"), tr("&Done")),
        ]

    def _blank_meeting(self) -> Meeting:
        return Meeting(self.partner_id, self.session.today())

    def _blank_action(self, meeting_id: int | None = None) -> Action:
        if meeting_id is None and self.meetings:
            meeting_id = self.meetings[0].id  # newest first: actions come from the last one
        return Action(self.partner_id, "", meeting_id=meeting_id)

    def _action_from_values(self, action: Action, values) -> Action:
        done_on = action.done_on
        if values["done"] and not action.done:
            done_on = self.session.today()
        return replace(action, done_on=done_on if values["done"] else None,
                       **{k: v for k, v in values.items()})

    def add_action_to_meeting(self) -> None:
        current = self.log_panel.current()
        meeting_id = (current.id if isinstance(current, Meeting)
                      else getattr(current, "meeting_id", None))
        self.add_by_dialog(ACTION, self.action_fields(), self._blank_action(meeting_id),
                           from_values=self._action_from_values)

    def edit_from_log(self, obj) -> None:
        if isinstance(obj, Meeting):
            self.edit_by_dialog(MEETING, self.meeting_fields(), obj)
        else:
            self.edit_by_dialog(ACTION, self.action_fields(), obj,
                                from_values=self._action_from_values)

    def complete(self, action, done: bool) -> None:
        if not isinstance(action, Action):
            return
        text = (tr("Mark '{action}' done") if done else tr("Reopen '{action}'")).format(
            action=quoted(action.text))
        uow, today = self.session.uow, self.session.today()
        seen = {"stored": action}  # as in a tick (see checklist_tab.py)

        def complete():
            seen["stored"] = meetings.complete_action(uow(), action.id, done, today,
                                                      seen["stored"].version)

        def reopen():
            loaded = seen["stored"]
            seen["stored"] = meetings.update_action(
                uow(), replace(action, version=loaded.version), loaded=loaded)

        refusal = self.editor.run(text, complete, lambda _: reopen(), self.partner_id)
        self.open_panel.message.say(refusal)
