"""Workspace lists size their short columns to what they show, as Qt itself would.

The panel measures a short column from the texts the model holds instead of the header's
ResizeToContents (which asked the model for every role of up to a thousand rows per column
on every layout). These tests hold it to Qt's own measure: the view's `sizeHintForColumn`
(every row's delegate size hint, the tree's indentation) and the header's title.
"""

from dataclasses import replace

from PySide6.QtWidgets import QHeaderView

from planner.services import meetings
from planner.ui.workspace import TAB_NAMES
from planner.ui.workspace.record_panel import RecordPanel

Mode = QHeaderView.ResizeMode


def qt_width(panel: RecordPanel, column: int) -> int:
    header = panel.view.header()
    return max(panel.view.sizeHintForColumn(column), header.sectionSizeHint(column))


def short_columns(panel: RecordPanel) -> list[int]:
    header = panel.view.header()
    return [c for c in range(header.count())
            if header.sectionResizeMode(c) != Mode.Stretch and not header.isSectionHidden(c)]


def panels_on_screen(workspace) -> list[RecordPanel]:
    return [p for p in workspace.currentWidget().findChildren(RecordPanel) if p.isVisible()]


def test_every_short_column_is_as_wide_as_qt_measures_its_contents(workspace, partner_id):
    workspace.show_partner(partner_id)
    measured = 0
    for name in TAB_NAMES:
        workspace.show_tab(name)
        for panel in panels_on_screen(workspace):
            if not panel.model.rowCount():
                continue
            for column in short_columns(panel):
                assert panel.view.header().sectionSize(column) == qt_width(panel, column), (
                    name, panel.title.text(), panel.model.layout.columns[column].title)
                measured += 1
    assert measured >= 10  # dates, kinds, risks, owners, check boxes, bold alerts


def test_a_column_shown_from_the_header_menu_fits_its_contents(workspace, partner_id):
    workspace.show_partner(partner_id)
    workspace.show_tab("meetings")
    panel = workspace.tab("meetings").open_panel
    column = next(n for n, c in enumerate(panel.model.layout.columns) if c.hidden)
    panel._show_column(column, True)
    assert not panel.view.header().isSectionHidden(column)
    assert panel.view.header().sectionSize(column) == qt_width(panel, column)


def test_a_column_widens_when_a_longer_text_arrives(workspace, session, partner_id):
    workspace.show_partner(partner_id)
    workspace.show_tab("meetings")
    panel = workspace.tab("meetings").open_panel
    owner = next(n for n, c in enumerate(panel.model.layout.columns) if c.title == "Owner")
    before = panel.view.header().sectionSize(owner)
    action = panel.records()[0]
    meetings.update_action(session.uow(), replace(action, owner="Maximilian Wolfeschlegel"),
                           loaded=action)
    session.changed.emit(partner_id)
    after = panel.view.header().sectionSize(owner)
    assert after > before
    assert after == qt_width(panel, owner)
