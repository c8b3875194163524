"""The "Add partner" dialog: a name that is required and unique, checked as you type."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from planner.domain.model import Kind, Partner
from planner.domain.stages import STAGE_ORDER, Stage
from planner.services import partners
from planner.services.editing import MAX_NAME
from planner.ui import partner_commands
from planner.ui.icons import icon
from planner.ui.session import AppSession


class FieldMessage(QWidget):
    """A problem shown right under the field it is about (hidden while all is well)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mark = QLabel()
        self.mark.setPixmap(icon("attention").pixmap(16, 16))
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setAccessibleName(self.tr("Problem"))
        layout.addWidget(self.mark)
        layout.addWidget(self.text, 1)
        self.hide()

    def show_message(self, message: str) -> None:
        self.text.setText(message)
        self.setVisible(bool(message))


class AddPartnerDialog(QDialog):
    def __init__(self, session: AppSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.added: Partner | None = None
        self._taken = {" ".join(n.split()).casefold()
                       for n in session.call(partners.partner_names)}
        self.setWindowTitle(self.tr("Add partner"))
        self.setMinimumWidth(480)

        self.name = QLineEdit()
        self.name.setMaxLength(MAX_NAME)
        self.name.setPlaceholderText(self.tr("e.g. Northwind Logistics"))
        self.name.setAccessibleName(self.tr("Partner name"))
        self.name_message = FieldMessage()
        self.organisation = QLineEdit()
        self.organisation.setAccessibleName(self.tr("Organisation"))
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind"))
        self.kind.addItem(self.tr("Horizontal (same level of the value chain)"),
                          Kind.HORIZONTAL.value)
        self.kind.addItem(self.tr("Vertical (supplier or customer)"), Kind.VERTICAL.value)
        self.stage = QComboBox()
        self.stage.setAccessibleName(self.tr("Stage"))
        for stage in STAGE_ORDER:
            self.stage.addItem(f"{self.tr(stage.title)} \u2014 {stage.purpose}", stage.value)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        name_label = QLabel(self.tr("&Name:"))
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)
        form.addRow("", self.name_message)
        for text, field in ((self.tr("&Organisation:"), self.organisation),
                            (self.tr("&Kind:"), self.kind), (self.tr("&Stage:"), self.stage)):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText(self.tr("Add partner"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self._touched = False
        self.name.textEdited.connect(self._on_edited)
        self._check(show=False)

    def _on_edited(self) -> None:
        self._touched = True
        self._check(show=True)

    def problem(self) -> str:
        name = " ".join(self.name.text().split())
        if not name:
            return self.tr("Give the partner a name.")
        if name.casefold() in self._taken:
            return self.tr("A partner named '{0}' is already in the portfolio.").format(name)
        return ""

    def _check(self, *, show: bool) -> bool:
        problem = self.problem()
        self.ok.setEnabled(not problem)
        if show and problem != self.name_message.text.text():
            self.name_message.show_message(problem)
            self.adjustSize()  # make room for the message, or give it back
        return not problem

    def partner(self) -> Partner:
        return Partner(name=self.name.text(), organisation=self.organisation.text().strip(),
                       kind=Kind(self.kind.currentData()),
                       stage=Stage(self.stage.currentData()))

    def accept(self) -> None:
        if not self._check(show=True):
            self.name.setFocus()
            return
        refused: list[str] = []
        self.session.failed.connect(refused.append, Qt.ConnectionType.DirectConnection)
        try:
            self.added = partner_commands.add_partner(self.session, self.partner())
        finally:
            self.session.failed.disconnect(refused.append)
        if self.added is None:  # the service said no (e.g. a name taken meanwhile): say where
            self.name_message.show_message(refused[0] if refused else self.tr("Not saved."))
            self.adjustSize()
            self.name.setFocus()
            return
        super().accept()
