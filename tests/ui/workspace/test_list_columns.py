"""Workspace lists size their short columns to what they show, as Qt itself would.

The panel measures a short column from the texts the model holds instead of the header's
ResizeToContents (which asked the model for every role of up to a thousand rows per column
on every layout). These tests hold it to Qt's own measure: the view's `sizeHintForColumn`
(every row's delegate size hint, the tree's indentation) and the header's title.
"""

from dataclasses import replace

from planner.services import meetings
from planner.ui.workspace import TAB_NAMES
from planner.ui.workspace.record_panel import RecordPanel


def qt_width(panel: RecordPanel, column: int) -> int:
    header = panel.view.header()
    return max(panel.view.sizeHintForColumn(column), header.sectionSizeHint(column))


def short_columns(panel: RecordPanel) -> list[int]:
    header = panel.view.header()
    return [c for c in range(header.count())
            if c not in panel.main_columns and not header.isSectionHidden(c)]


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


def room_left(panel: RecordPanel) -> tuple[int, int]:
    """The widths of the shown columns together, and the width of the list."""
    header = panel.view.header()
    return (sum(header.sectionSize(c) for c in range(header.count())
                if not header.isSectionHidden(c)), panel.view.viewport().width())


def test_the_main_columns_take_the_room_the_short_ones_leave(workspace, partner_id):
    """As the header's Stretch did: the main columns share what the short ones leave, at any
    width of the window, and wrap their text again when it changes, never cut."""
    from tests.ui.layout_audit import cut_rows
    from tests.ui.workspace.test_tab_painting import run_until_idle

    workspace.show_partner(partner_id)
    checked = 0
    for width in (650, 1000, 560):
        workspace.resize(width, 600)
        for name in TAB_NAMES:
            workspace.show_tab(name)
            run_until_idle()
            for panel in panels_on_screen(workspace):
                total, room = room_left(panel)
                assert total == room, (width, name, panel.title.text())
                checked += 1
            assert cut_rows(workspace) == [], (width, name)
    assert checked >= 20


def test_hiding_a_short_column_gives_its_room_to_the_main_ones(workspace, partner_id):
    workspace.show_partner(partner_id)
    workspace.show_tab("meetings")
    panel = workspace.tab("meetings").open_panel
    header = panel.view.header()
    owner = next(n for n, c in enumerate(panel.model.layout.columns) if c.title == "Owner")
    main = panel.main_columns[0]
    before = header.sectionSize(main)
    panel._show_column(owner, False)
    assert header.sectionSize(main) > before
    assert room_left(panel)[0] == room_left(panel)[1]
    panel._show_column(owner, True)
    assert header.sectionSize(main) == before
    assert room_left(panel)[0] == room_left(panel)[1]


def test_cells_are_measured_again_in_a_bigger_font(workspace, partner_id):
    """Short cells' sizes are kept per text; a font change measures them afresh."""
    from PySide6.QtGui import QFont

    from tests.ui.workspace.test_tab_painting import run_until_idle

    workspace.show_partner(partner_id)
    workspace.show_tab("checklist")
    run_until_idle()
    panel = workspace.tab("checklist").panel
    trait = next(n for n, c in enumerate(panel.model.layout.columns) if c.title == "Trait")
    before = qt_width(panel, trait), panel.view.sizeHintForRow(1)
    font = QFont(workspace.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    workspace.setFont(font)
    run_until_idle()
    after = qt_width(panel, trait), panel.view.sizeHintForRow(1)
    assert after[0] > before[0] and after[1] > before[1]
    assert panel.view.header().sectionSize(trait) == after[0]
