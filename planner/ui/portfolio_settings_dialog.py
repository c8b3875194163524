"""File > Portfolio Settings: the name people call the portfolio by, its currency, and how long
it keeps the history of changes.

All live in the portfolio (see services.portfolio_settings), so a copy on another laptop
keeps them. The change is one undoable edit; a refusal stays in the dialog, next to the form.
"""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import EditConflict
from planner.services.portfolio_settings import (
    MAX_HISTORY_DAYS,
    read_settings,
    update_settings,
)
from planner.ui.look import spacing
from planner.ui.session import AppSession
from planner.ui.workspace.edits import Editor
from planner.ui.workspace.record_panel import MessageLine

COMMON_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "JPY", "CNY", "CAD", "AUD", "SEK", "NOK",
                     "DKK", "PLN", "INR", "SGD", "HKD", "BRL", "ZAR", "NZD", "MXN", "KRW")


class PortfolioSettingsDialog(QDialog):
    def __init__(self, session: AppSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Portfolio Settings"))
        self.before = session.call(read_settings)
        self.name = QLineEdit(self.before.name)
        self.name.setPlaceholderText(self.tr("e.g. EMEA technology alliances"))
        self.name.setMaxLength(120)
        self.name.setClearButtonEnabled(True)
        self.currency = QComboBox()
        self.currency.setEditable(True)
        self.currency.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        codes = list(COMMON_CURRENCIES)
        if self.before.currency not in codes:
            codes.insert(0, self.before.currency)
        self.currency.addItems(codes)
        self.currency.setCurrentText(self.before.currency)
        self.currency.setValidator(QRegularExpressionValidator(
            QRegularExpression("[A-Za-z]{0,3}"), self))
        self.currency.setToolTip(self.tr(
            "The three-letter code (ISO 4217) of the currency value exchanged is counted in."))
        self.history_days = QSpinBox()
        self.history_days.setRange(1, MAX_HISTORY_DAYS)
        self.history_days.setValue(self.before.history_days)
        self.history_days.setSuffix(self.tr(" days"))
        self.history_days.setToolTip(self.tr(
            "How long each partner's History keeps who changed what. Older changes are "
            "deleted; a shorter time deletes them when you save."))
        self.message = MessageLine(self)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Currency"), self.currency)
        form.addRow(self.tr("Keep &history for"), self.history_days)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        column = QVBoxLayout(self)
        column.setSpacing(spacing(self))
        column.addLayout(form)
        column.addWidget(self.message)
        column.addStretch(1)
        column.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 30)
        if session.read_only:
            buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)
            self.message.say(self.tr("The portfolio is open read-only."))

    def save(self) -> None:
        """Save what the user changed, over the settings as the dialog loaded them: a setting
        someone else changed since is refused with who and when; the dialog stays open with
        what the user typed, the settings they left alone take the other person's values,
        and Save then saves over what is shown."""
        changes = self._changes()
        if not changes:
            self.accept()
            return
        uow = self.session.uow
        undo_values = {key: getattr(self.before, key) for key in changes}
        seen = {"stored": self.before}  # the settings as this edit last saw them stored

        def store(values):
            seen["stored"] = update_settings(uow(), **values, loaded=seen["stored"])
            return seen["stored"]

        refusal = Editor(self.session).run(self.tr("Change the portfolio settings"),
                                           lambda: store(changes),
                                           lambda _: store(undo_values), 0)
        if refusal is None:
            self.accept()
            return
        self.message.say(refusal)
        conflict = self.session.last_refusal
        if isinstance(conflict, EditConflict) and conflict.current is not None:
            self._take_their_changes(conflict.current)

    def _changes(self) -> dict:
        """The settings the user changed from those loaded, by update_settings' names."""
        typed = {"name": " ".join(self.name.text().split()),
                 "currency": self.currency.currentText().strip().upper(),
                 "history_days": self.history_days.value()}
        return {key: value for key, value in typed.items()
                if value != getattr(self.before, key)}

    def _take_their_changes(self, current) -> None:
        changed = self._changes()
        self.before = current
        if "name" not in changed:
            self.name.setText(current.name)
        if "currency" not in changed:
            self.currency.setCurrentText(current.currency)
        if "history_days" not in changed:
            self.history_days.setValue(current.history_days)


def show_portfolio_settings(parent: QWidget, session: AppSession) -> PortfolioSettingsDialog:
    dialog = PortfolioSettingsDialog(session, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
