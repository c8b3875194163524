"""A read-only portfolio reads as well as a writable one: the Overview's words are not greyed.

Disabling the form (as read-only did) paints every field in the palette's Disabled colours,
well below WCAG AA on their background; read-only fields keep the palette's own Text on Base,
take no edits and still let a reader select and copy.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit

from planner.ui.look import contrast
from tests.ui.test_layout import richest_partner


def overview_of(window):
    window.select_partner(richest_partner(window))
    window.workspace.show_tab("overview")
    QApplication.processEvents()
    return window.workspace.tab("overview")


def test_a_read_only_overview_is_readable_and_takes_no_edit(make_window, sample_path, qtbot):
    window = make_window(sample_path, read_only=True)
    overview = overview_of(window)
    form = overview.form
    assert not form.is_writable()
    boxes = [w for w in form.findChildren(QLineEdit) + form.findChildren(QPlainTextEdit)
             if w.isVisible()]
    assert boxes
    for box in boxes:
        assert box.isEnabled() and box.isReadOnly()
        palette = box.palette()
        ink = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
        back = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Base)
        assert contrast(ink, back) >= 4.5
    name = form["name"].line
    before = name.text()
    name.setFocus()
    qtbot.keyClicks(name, "x")
    assert name.text() == before
    kind = form["kind"].combo
    assert kind.isEnabled()
    # a click as the window system delivers it: to the window, routed to what is under it
    qtbot.mouseClick(window.windowHandle(), Qt.MouseButton.LeftButton,
                     pos=kind.mapTo(window, QPoint(5, 5)))
    assert not kind.view().isVisible()  # no list to pick from
    assert kind.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_a_writable_overview_takes_edits_as_before(window, qtbot):
    overview = overview_of(window)
    form = overview.form
    assert form.is_writable()
    assert not form["name"].line.isReadOnly()
    assert form["kind"].combo.focusPolicy() != Qt.FocusPolicy.NoFocus
    assert not form["kind"].combo.testAttribute(
        Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    form.set_writable(False)
    form.set_writable(True)  # and back: every widget's own focus policy again
    assert form["kind"].combo.focusPolicy() == QComboBox().focusPolicy()
