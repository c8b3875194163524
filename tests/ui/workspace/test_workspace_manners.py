"""Desktop manners: keyboard use, accessible names, a sane tab order."""

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from planner.services import checklist
from planner.ui.workspace import TAB_NAMES


def test_every_control_has_an_accessible_name_or_text(workspace, partner_id):
    workspace.show_partner(partner_id)
    for name in TAB_NAMES:
        workspace.show_tab(name)
        tab = workspace.tab(name)
        for widget in tab.findChildren(QWidget):
            if not isinstance(widget, QAbstractButton | QLineEdit | QComboBox | QPlainTextEdit
                              | QAbstractSpinBox | QAbstractItemView):
                continue
            if isinstance(widget, QHeaderView) or widget.window() is not tab.window():
                continue  # headers, and popups (a combo box's list, a date picker's calendar)
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(),
                                                            QAbstractSpinBox | QComboBox):
                continue  # the editor inside a spin box or combo box: named by its owner
            text = widget.text() if isinstance(widget, QAbstractButton) else ""
            assert widget.accessibleName() or text.strip(), (name, type(widget).__name__)


def test_space_ticks_the_selected_item(qtbot, workspace, session, partner_id):
    workspace.show_partner(partner_id)
    workspace.show_tab("checklist")
    panel = workspace.tab("checklist").panel
    model = panel.model
    bridges = model.index(2, 0)
    row = next(r for r in range(model.rowCount(bridges))
               if model.index(r, 0, bridges).data(Qt.ItemDataRole.CheckStateRole)
               == Qt.CheckState.Unchecked)
    index = model.index(row, 0, bridges)
    text = index.data(Qt.ItemDataRole.ToolTipRole)  # the item's text (its note aside)
    panel.view.setFocus()
    panel.view.setCurrentIndex(index)
    QTest.keyClick(panel.view, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: next(i for i in checklist.checklist(session.uow(), partner_id)
                                 if i.text == text).done)


def next_tab_stop(widget: QWidget) -> QWidget:
    """Where Tab goes from `widget`: the next in the focus chain that takes Tab focus."""
    candidate = widget.nextInFocusChain()
    while not (candidate.focusPolicy() & Qt.FocusPolicy.TabFocus and candidate.isEnabled()
               and candidate.isVisibleTo(widget.window())):
        candidate = candidate.nextInFocusChain()
    return candidate


def test_overview_tab_order_follows_the_form(workspace, partner_id):
    workspace.show_partner(partner_id)
    tab = workspace.tab("overview")
    f = tab.form.fields
    expected = [f["name"].line, f["organisation"].line, f["kind"].combo,
                tab.move_button, f["tags"].line, f["definition"].text]
    for here, there in zip(expected, expected[1:], strict=False):
        assert next_tab_stop(here) is there
