"""The add/edit dialog every tab shares: a FieldForm, OK and Cancel.

OK hands the values to `submit`, which makes the undoable service call and returns the
refusal sentence, if any. A refusal keeps the dialog open with the message shown, so the
person can fix the value; nothing was saved. Opened with `open()` (window-modal, never a
nested event loop), so tests and keyboard users drive it the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QScrollArea,
    QVBoxLayout,
)

from planner.ui.workspace.fields import Field, FieldForm
from planner.ui.workspace.record_panel import MessageLine

WIDTH, HEIGHT = 520, 640  # a dialog's usual size, when its form needs no more
SCREEN_SHARE = 0.9  # at most this share of the screen's available area

Submit = Callable[[dict[str, Any]], "str | None"]


class RecordDialog(QDialog):
    def __init__(self, title: str, fields: Sequence[Field], submit: Submit, *,
                 values: dict[str, Any] | None = None, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._submit = submit
        self.form = FieldForm(fields)
        if values:
            self.form.set_values(values)
        self._shown = self.form.values()  # what the record held, as the form shows it
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.message = MessageLine(self)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(scroll, 1)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self._first_size(scroll, column)
        first = next(iter(self.form.fields.values()), None)
        if first is not None:
            first.focus_widget().setFocus()

    def _first_size(self, scroll: QScrollArea, column: QVBoxLayout) -> None:
        """Wide enough for the form's longest row (a check box's sentence, a list of
        attendees) so nothing sits behind a horizontal scroll bar; never wider or taller than
        most of the screen, where the form scrolls instead."""
        hint = self.form.sizeHint()
        margins = column.contentsMargins()
        frame = 2 * scroll.frameWidth() + scroll.verticalScrollBar().sizeHint().width()
        width = max(WIDTH, hint.width() + margins.left() + margins.right() + frame)
        height = min(HEIGHT, hint.height() + 110)
        screen = self.screen() or QApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            width = min(width, round(area.width() * SCREEN_SHARE))
            height = min(height, round(area.height() * SCREEN_SHARE))
        self.resize(width, height)

    @property
    def ok_button(self):
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def take_their_changes(self, theirs: dict[str, Any]) -> None:
        """Someone else saved the record meanwhile: show their values in the fields the
        user has not touched; every field the user typed in keeps what they typed."""
        typed = self.form.values()
        untouched = [key for key in typed if typed[key] == self._shown.get(key)]
        self.form.set_values({key: theirs[key] for key in untouched if key in theirs})
        self._shown.update({key: self.form.values()[key] for key in untouched})

    def accept(self) -> None:
        self.form.clear_messages()
        self.message.say(None)
        missing = self.form.missing()
        if missing:
            self.form[missing[0]].focus_widget().setFocus()
            return
        refusal = self._submit(self.form.values())
        if refusal:
            self.message.say(refusal)
            return
        super().accept()
