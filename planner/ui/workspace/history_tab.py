"""History: who changed what about this partner, newest first, with each field's old and new
value; filterable by person.

One read-only document rather than a table: an entry says what happened in one line that is
never cut ("Changed difference 'Business model'"), who and when beneath it in muted text, and
then each changed field with its old value and its new one, wrapped as long as they are. The
tab reloads when the session says the partner changed (an edit here, or another person's edit
announced by the server), like every other tab.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout

from planner.domain.history import HistoryEntry
from planner.services import history
from planner.ui.look import bold, muted_text, spacing
from planner.ui.workspace.labels import tr
from planner.ui.workspace.tab import WorkspaceTab

ARROW = "\u2192"


def verb(kind: str) -> str:
    return {"create": tr("Added"), "update": tr("Changed"), "delete": tr("Removed")}[kind]


def local_time(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.UTC).astimezone()


def day_heading(day: dt.date, today: dt.date) -> str:
    if day == today:
        return tr("Today")
    if day == today - dt.timedelta(days=1):
        return tr("Yesterday")
    return f"{day:%A} {day.day} {day:%B %Y}"


def entry_html(entry: HistoryEntry, muted: str) -> str:
    """One change: what, who and when, then each field with its old and new value."""
    when = local_time(entry.at)
    head = (f"<p style='margin-top:0.6em; margin-bottom:0'><b>{escape(verb(entry.kind))} "
            f"{escape(entry.record)}</b><br><span style='color:{muted}'>"
            f"{escape(tr('by {who} at {time}').format(who=entry.by, time=f'{when:%H:%M}'))}"
            f"</span></p>")
    if not entry.fields:
        return head
    rows = []
    for change in entry.fields:
        if entry.kind == "update":
            old = escape(change.old) if change.old else f"<i>{escape(tr('empty'))}</i>"
            new = escape(change.new) if change.new else f"<i>{escape(tr('empty'))}</i>"
            value = (f"<span style='color:{muted}'>{_lines(old)}</span> {ARROW} "
                     f"{_lines(new)}")
        else:
            value = _lines(escape(change.new if entry.kind == "create" else change.old))
        rows.append(f"<tr><td style='color:{muted}; padding-right:1em' valign='top'>"
                    f"{escape(change.field)}</td><td valign='top'>{value}</td></tr>")
    return (head + "<table cellspacing='0' cellpadding='1' style='margin-left:1.2em'>"
            + "".join(rows) + "</table>")


def _lines(text: str) -> str:
    return text.replace("\n", "<br>")


def history_html(entries: list[HistoryEntry], muted: str, today: dt.date) -> str:
    parts, day = [], None
    for entry in entries:
        shown = local_time(entry.at).date()
        if shown != day:
            day = shown
            parts.append(f"<h3 style='margin-top:1em; margin-bottom:0'>"
                         f"{escape(day_heading(day, today))}</h3>")
        parts.append(entry_html(entry, muted))
    return "".join(parts)


class HistoryTab(WorkspaceTab):
    name = "history"
    EVERYONE = ""

    def __init__(self, session, editor, parent=None):
        super().__init__(session, editor, parent)
        self.heading = QLabel(tr("Changes to this partner"), self)
        self.heading.setFont(bold(self.heading.font()))
        self.person = QComboBox(self)
        self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.person.setAccessibleName(tr("Show the changes of"))
        person_label = QLabel(tr("Changes &by:"), self)
        person_label.setBuddy(self.person)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.document = QTextBrowser(self)
        self.document.setOpenLinks(False)
        self.document.setAccessibleName(tr("Changes to this partner, newest first"))
        self._entries: list[HistoryEntry] = []

        top = QHBoxLayout()
        top.setSpacing(spacing(self))
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(person_label)
        top.addWidget(self.person)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.summary)
        column.addWidget(self.document, 1)
        self.person.currentIndexChanged.connect(self._person_chosen)

    @property
    def title(self) -> str:
        return tr("History")

    def chosen_person(self) -> str | None:
        return self.person.currentData() or None

    def load(self) -> None:
        chosen = self.chosen_person()
        self._entries, people = self.call(history.history_view, self.partner_id, chosen)
        if chosen is not None and chosen not in people:  # their changes aged out
            chosen = None
            self._entries, people = self.call(history.history_view, self.partner_id)
        self.person.blockSignals(True)
        self.person.clear()
        self.person.addItem(tr("Everyone"), self.EVERYONE)
        for who in people:
            self.person.addItem(who, who)
        self.person.setCurrentIndex(max(self.person.findData(chosen or self.EVERYONE), 0))
        self.person.blockSignals(False)
        self._show()

    def _person_chosen(self, *_args) -> None:
        if self.partner_id is not None:
            self._entries = self.call(history.partner_history, self.partner_id,
                                      self.chosen_person())
            self._show()

    def _show(self) -> None:
        person = self.chosen_person()
        days = self.session.settings().history_days
        if not self._entries:
            self.summary.setText(
                tr("No changes by {who} in the last {days} days.").format(who=person, days=days)
                if person else
                tr("No changes recorded in the last {days} days. Every change to this "
                   "partner will appear here, with who made it.").format(days=days))
        else:
            self.summary.setText(tr("Newest first; changes are kept for {days} days (File > "
                                    "Portfolio Settings).").format(days=days))
        self._render()

    def _render(self) -> None:
        palette = self.document.palette()
        muted = muted_text(palette, palette.color(QPalette.ColorRole.Base)).name()
        self.document.setHtml(history_html(self._entries, muted, self.session.today()))

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._render()  # the muted colour follows light and dark

    def entries(self) -> list[HistoryEntry]:
        return list(self._entries)

    def clear(self) -> None:
        self._entries = []
        self.person.blockSignals(True)
        self.person.clear()
        self.person.blockSignals(False)
        self.summary.clear()
        self.document.clear()
