"""Which meeting a partner brief is for: the next review, or another date and place.

The app's counterpart of `planner brief --date/--place`. The choice is applied by the same
domain rule (`brief_occasion`), so the page the app shows is the page the command prints.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from planner.domain.brief_content import Occasion, long_date
from planner.services import briefs, partners
from planner.ui.session import AppSession

MAX_PLACE = 200


class BriefOccasionDialog(QDialog):
    """The next review (the default), or another meeting on a date at a place."""

    def __init__(self, partner_name: str, default: Occasion, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Brief for a meeting"))
        self.setMinimumWidth(460)
        self.default = default
        title = QLabel(self.tr("Which meeting is the brief on {name} for?").format(
            name=partner_name))
        title.setWordWrap(True)

        self.next_review = QRadioButton(self.tr("The next &review"))
        self.review_details = QLabel(self._default_text(default))
        self.review_details.setTextFormat(Qt.TextFormat.PlainText)  # "Helix & Stone" as typed
        self.review_details.setWordWrap(True)
        self.review_details.setContentsMargins(24, 0, 0, 0)
        self.another = QRadioButton(self.tr("&Another meeting"))
        group = QButtonGroup(self)
        group.addButton(self.next_review)
        group.addButton(self.another)

        self.date = QDateEdit(QDate(default.date))
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dddd d MMMM yyyy")
        self.date.setAccessibleName(self.tr("Meeting date"))
        self.place = QLineEdit(default.place)
        self.place.setMaxLength(MAX_PLACE)
        self.place.setPlaceholderText(self.tr("where you meet, e.g. their office, Leeds"))
        self.place.setAccessibleName(self.tr("Meeting place"))
        form = QFormLayout()
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow(self.tr("&Date:"), self.date)
        form.addRow(self.tr("&Place:"), self.place)
        self.other_fields = QWidget()
        self.other_fields.setLayout(form)

        note = QLabel(self.tr("Overdue is counted on the day you print ({today}); what falls "
                              "due between then and the meeting is marked \u201cdue before "
                              "the meeting\u201d.").format(today=long_date(default.today)))
        note.setWordWrap(True)
        note.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, from the palette

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Preview Brief"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.next_review)
        layout.addWidget(self.review_details)
        layout.addWidget(self.another)
        layout.addWidget(self.other_fields)
        layout.addWidget(note)
        layout.addWidget(buttons)

        self.next_review.setEnabled(default.review)
        (self.next_review if default.review else self.another).setChecked(True)
        self.another.toggled.connect(self._update)
        self._update()

    def _default_text(self, default: Occasion) -> str:
        if not default.review:
            return self.tr("None is booked ahead: choose the date of the meeting.")
        where = f" \u00b7 {default.place}" if default.place else ""
        return f"{long_date(default.date)}{where}"

    def _update(self) -> None:
        self.other_fields.setEnabled(self.another.isChecked())
        if self.another.isChecked():
            self.date.setFocus()

    def choice(self) -> tuple[dt.date | None, str | None]:
        """(None, None) for the next review; otherwise the chosen date and place."""
        if self.next_review.isChecked():
            return None, None
        return self.date.date().toPython(), " ".join(self.place.text().split())


def ask_occasion(parent: QWidget | None, session: AppSession,
                 partner_id: int) -> tuple[dt.date | None, str | None] | None:
    """The user's choice of meeting, or None when they cancel."""
    partner_name = session.call(partners.get_partner, partner_id).name
    default = session.call(briefs.partner_occasion, partner_id, session.today())
    dialog = BriefOccasionDialog(partner_name, default, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choice()
