"""The form pattern every tab shares: a field is a labelled widget with a value.

A field knows how to show a value and read one back, and says `edited` when the person has
finished changing it (left the box, picked from a list, ticked). The Overview saves on
`edited`; a dialog reads every value when OK is pressed. `FieldForm` lays fields out with a
message line under each, where a refusal is shown next to the field it concerns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from planner.ui.workspace.labels import tr
from planner.ui.workspace.record_panel import MessageLine


class Field(QObject):
    edited = Signal()

    def __init__(self, key: str, label: str, widget: QWidget, *, required: bool = False,
                 help: str = ""):
        super().__init__(widget)
        self.key, self.label, self.widget, self.required = key, label, widget, required
        widget.setAccessibleName(self.plain_label)
        if help:
            widget.setToolTip(help)
            widget.setAccessibleDescription(help)

    @property
    def plain_label(self) -> str:
        """The label without its mnemonic or line breaks, for messages and screen readers."""
        return " ".join(self.label.replace("&", "").split())

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        """Show a stored value; never counts as an edit."""
        raise NotImplementedError

    def is_blank(self) -> bool:
        value = self.value()
        return value is None or (isinstance(value, str) and not value.strip())

    def focus_widget(self) -> QWidget:
        return self.widget


class LineField(Field):
    def __init__(self, key, label, **kwargs):
        self.line = QLineEdit()
        super().__init__(key, label, self.line, **kwargs)
        self.line.editingFinished.connect(self.edited)

    def value(self) -> str:
        return self.line.text()

    def set_value(self, value) -> None:
        self.line.setText(value or "")


class TagsField(LineField):
    """Tags typed as a comma-separated line."""

    def __init__(self, key, label, **kwargs):
        super().__init__(key, label, **kwargs)
        self.line.setPlaceholderText(tr("comma, separated, tags"))

    def value(self) -> tuple[str, ...]:
        return tuple(t.strip() for t in self.line.text().split(",") if t.strip())

    def set_value(self, value) -> None:
        self.line.setText(", ".join(value or ()))


class _PlainText(QPlainTextEdit):
    """Grows with its text (wrapped lines included) between a floor and a ceiling of lines,
    so a short definition takes two lines and a long note does not hide behind a scroll."""

    focus_left = Signal()
    MAX_LINES = 12

    def __init__(self, min_lines: int):
        super().__init__()
        self.min_lines = min_lines
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self.focus_left.emit()

    def resizeEvent(self, event):
        super().resizeEvent(event)
        self._fit()

    def _fit(self, *args) -> None:
        needed = int(self.document().documentLayout().documentSize().height())
        lines = min(max(needed, self.min_lines), self.MAX_LINES)
        # No scroll bar until the ceiling: a bar that comes and goes would change the wrap.
        self.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if needed > self.MAX_LINES
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        margins = self.contentsMargins()
        height = (lines * self.fontMetrics().lineSpacing()
                  + round(2 * self.document().documentMargin()) + 2 * self.frameWidth()
                  + margins.top() + margins.bottom())
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)


class TextField(Field):
    """Several lines of text; Tab moves on (keyboard users must be able to leave it)."""

    def __init__(self, key, label, *, lines: int = 2, **kwargs):
        self.text = _PlainText(lines)
        self.text.setTabChangesFocus(True)
        super().__init__(key, label, self.text, **kwargs)
        self.text.focus_left.connect(self.edited)

    def value(self) -> str:
        return self.text.toPlainText()

    def set_value(self, value) -> None:
        if self.text.toPlainText() != (value or ""):
            self.text.setPlainText(value or "")


class ChoiceField(Field):
    """One of a list; values stay Python objects (enums, ids), kept beside the combo box."""

    def __init__(self, key, label, options: Sequence[tuple[Any, str]], **kwargs):
        self.combo = QComboBox()
        self._values: list[Any] = []
        super().__init__(key, label, self.combo, **kwargs)
        self.set_options(options)
        self.combo.activated.connect(self.edited)

    def set_options(self, options: Sequence[tuple[Any, str]]) -> None:
        current = self.value()
        self.combo.clear()
        self._values = [value for value, _ in options]
        self.combo.addItems([text for _, text in options])
        self.set_value(current)

    def value(self) -> Any:
        row = self.combo.currentIndex()
        return self._values[row] if 0 <= row < len(self._values) else None

    def set_value(self, value) -> None:
        if value in self._values:
            self.combo.setCurrentIndex(self._values.index(value))


class CheckField(Field):
    def __init__(self, key, label, text: str = "", **kwargs):
        self.box = QCheckBox(text or label)
        super().__init__(key, label, self.box, **kwargs)
        self.box.clicked.connect(self.edited)

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value) -> None:
        self.box.setChecked(bool(value))


class NumberField(Field):
    def __init__(self, key, label, *, minimum=0, maximum=2_000_000_000, suffix="", **kwargs):
        self.spin = QSpinBox()
        self.spin.setRange(minimum, maximum)
        self.spin.setGroupSeparatorShown(True)
        if suffix:
            self.spin.setSuffix(suffix)
        super().__init__(key, label, self.spin, **kwargs)
        self.spin.editingFinished.connect(self.edited)

    def value(self) -> int:
        return self.spin.value()

    def set_value(self, value) -> None:
        self.spin.setValue(int(value or 0))


class DateField(Field):
    """A date picker; an optional date has a tick box, unticked meaning 'none'."""

    def __init__(self, key, label, *, optional: bool = True, **kwargs):
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMinimumDate(QDate(1900, 1, 1))
        self.date.setSpecialValueText(tr("none"))
        self.optional = optional
        self.has_date = QCheckBox()
        self.has_date.setVisible(optional)
        row.addWidget(self.has_date)
        row.addWidget(self.date, 1)
        super().__init__(key, label, box, **kwargs)
        self.has_date.setAccessibleName(tr("{label}: has a date").format(label=self.plain_label))
        self.date.setAccessibleName(self.plain_label)
        self.has_date.clicked.connect(self._ticked)
        self.date.editingFinished.connect(self.edited)
        self.date.calendarWidget().clicked.connect(lambda *_: self.edited.emit())
        self.date.calendarWidget().activated.connect(lambda *_: self.edited.emit())

    def _ticked(self, checked: bool) -> None:
        self.date.setEnabled(checked)
        if checked and self.date.date() == self.date.minimumDate():
            self.date.setDate(QDate.currentDate())
        elif not checked:
            self.date.setDate(self.date.minimumDate())
        self.edited.emit()

    def value(self) -> dt.date | None:
        if self.optional and not self.has_date.isChecked():
            return None
        return self.date.date().toPython()

    def set_value(self, value) -> None:
        has = value is not None
        self.has_date.setChecked(has)
        self.date.setEnabled(has or not self.optional)
        self.date.setDate(QDate(value) if has else (
            self.date.minimumDate() if self.optional else QDate.currentDate()))

    def focus_widget(self) -> QWidget:
        return self.has_date if self.optional else self.date


class PeopleField(Field):
    """Choose several from a list (the attendees of a meeting): checkable rows."""

    def __init__(self, key, label, **kwargs):
        self.list = QListWidget()
        self.list.setMaximumHeight(140)
        super().__init__(key, label, self.list, **kwargs)
        self.list.itemChanged.connect(lambda *_: self.edited.emit())

    def set_options(self, options: Sequence[tuple[int, str]]) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for value, text in options:
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, value)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
        self.list.blockSignals(False)

    def value(self) -> tuple[int, ...]:
        return tuple(self.list.item(r).data(Qt.ItemDataRole.UserRole)
                     for r in range(self.list.count())
                     if self.list.item(r).checkState() == Qt.CheckState.Checked)

    def set_value(self, value) -> None:
        chosen = set(value or ())
        self.list.blockSignals(True)
        for r in range(self.list.count()):
            item = self.list.item(r)
            item.setCheckState(Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole)
                               in chosen else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)


class ScorePairField(Field):
    """Our 1-5 score for a health dimension and, optionally, theirs ('–' when not given)."""

    def __init__(self, key, label, **kwargs):
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        self.ours = QSpinBox()
        self.ours.setRange(1, 5)
        self.ours.setPrefix(tr("ours "))
        self.theirs = QSpinBox()
        self.theirs.setRange(0, 5)
        self.theirs.setSpecialValueText(tr("theirs –"))
        self.theirs.setPrefix(tr("theirs "))
        row.addWidget(self.ours)
        row.addWidget(self.theirs)
        row.addStretch(1)
        super().__init__(key, label, box, **kwargs)
        self.ours.setAccessibleName(tr("{label}: our score").format(label=self.plain_label))
        self.theirs.setAccessibleName(tr("{label}: their score").format(label=self.plain_label))

    def value(self) -> tuple[int, int | None]:
        return self.ours.value(), (self.theirs.value() or None)

    def set_value(self, value) -> None:
        ours, theirs = value or (3, None)
        self.ours.setValue(ours)
        self.theirs.setValue(theirs or 0)

    def focus_widget(self) -> QWidget:
        return self.ours


class FieldForm(QWidget):
    """Fields in a form layout, each with its own message line beneath it."""

    def __init__(self, fields: Sequence[Field], parent=None):
        super().__init__(parent)
        self.fields = {f.key: f for f in fields}
        self._messages: dict[str, MessageLine] = {}
        self._shown: dict[str, Any] = {}  # each field's value as last shown
        self._refused: set[str] = set()  # fields whose text a save refused (kept on reload)
        self.form = QFormLayout(self)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        # Labels share one column and sit at the top of their field (multi-line fields too);
        # the rows keep together at the top instead of spreading over the pane.
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.form.setFormAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._writable = True
        for field in fields:
            self.add_field(field)

    def add_field(self, field: Field) -> None:
        self.fields[field.key] = field
        # what the person finished editing is handed on (to be saved): no longer "typing"
        field.edited.connect(lambda f=field: self._shown.__setitem__(f.key, f.value()))
        cell = QWidget(self)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        column.addWidget(field.widget)
        message = MessageLine(cell)
        column.addWidget(message)
        self._messages[field.key] = message
        if isinstance(field, CheckField):  # the box carries its own label
            self.form.addRow("", cell)
            return
        caption = QLabel(field.label + (" *" if field.required else ""), self)
        caption.setBuddy(field.focus_widget())
        self.form.addRow(caption, cell)

    def __getitem__(self, key: str) -> Field:
        return self.fields[key]

    def set_writable(self, writable: bool) -> None:
        """A form that cannot be changed (a read-only portfolio) still reads like the other:
        text boxes become read-only (their words selectable, in the palette's own Text
        colour), lists, ticks and pickers stop taking clicks, keys and the wheel. Disabling
        the form instead would grey every word below a readable contrast."""
        self._writable = writable
        for widget in self.findChildren(QWidget):
            if isinstance(widget, (QLineEdit, QPlainTextEdit)):
                widget.setReadOnly(not writable)
            elif isinstance(widget, (QComboBox, QAbstractButton, QAbstractSpinBox,
                                     QListWidget)):
                if isinstance(widget, QAbstractSpinBox):
                    widget.setReadOnly(not writable)
                if widget.property("writable_focus") is None:
                    widget.setProperty("writable_focus", int(widget.focusPolicy().value))
                widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents,
                                    not writable)
                widget.setFocusPolicy(Qt.FocusPolicy.NoFocus if not writable else
                                      Qt.FocusPolicy(widget.property("writable_focus")))

    def is_writable(self) -> bool:
        return self._writable

    def values(self) -> dict[str, Any]:
        return {key: field.value() for key, field in self.fields.items()}

    def set_values(self, values: dict[str, Any], *, keep_typing: bool = False) -> set[str]:
        """Show stored values. With `keep_typing` (a reload while the form is on screen,
        e.g. after someone else's change, or once a lost server is back), a field the person
        is typing in, or whose change was not saved (its reason shown beside it), keeps what
        they typed; it is saved when they leave it, as ever. Returns the keys kept."""
        kept = set()
        for key, value in values.items():
            if key not in self.fields:
                continue
            field = self.fields[key]
            if keep_typing and self._typing_in(field):
                kept.add(key)
                continue
            typed = field.value()
            field.set_value(value)
            if keep_typing and key in self._refused and typed != field.value():
                field.set_value(typed)  # not saved (its reason beside it): it stays
                kept.add(key)
                continue
            self._refused.discard(key)
            self._shown[key] = field.value()
        return kept

    def _typing_in(self, field: Field) -> bool:
        """Whether `field` has the focus and holds text neither shown nor handed on yet."""
        return (field.focus_widget().hasFocus() and field.key in self._shown
                and field.value() != self._shown[field.key])

    def say(self, key: str, message: str | None, *, refused: bool = False) -> None:
        """Show `message` beside the field; `refused`: it says why the field's text was not
        saved, so a reload keeps that text (see set_values)."""
        self._messages[key].say(message)
        if refused and message:
            self._refused.add(key)
        else:
            self._refused.discard(key)

    def clear_messages(self, *, keep: set[str] = frozenset()) -> None:
        for key, line in self._messages.items():
            if key not in keep:
                line.say(None)
                self._refused.discard(key)

    def message(self, key: str) -> str:
        line = self._messages[key]
        return line.text() if line.isVisible() or line.text() else ""

    def missing(self) -> list[str]:
        """Required fields left blank: each gets its message; nothing is saved."""
        blank = [key for key, f in self.fields.items() if f.required and f.is_blank()]
        for key in blank:
            self.say(key, tr("The {label} is required.").format(
                label=self.fields[key].plain_label.lower()))
        return blank
