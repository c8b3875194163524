"""The workspace's record model sorts itself and works a row's cells out once.

It replaced a sort proxy (a Python call per cell per role the view painted) and answers a
row's roles from cells worked out the first time the row is shown. These tests hold it to
what the proxy did (stable sorts, keys missing last, the selection following its row) and to
what the user sees after an edit (the new text, never the one worked out before), and hold
the delegates' measures to Qt's own.
"""

from dataclasses import dataclass, replace

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from planner.ui.look import alert_colour, spacing
from planner.ui.workspace import TAB_NAMES
from planner.ui.workspace.cell_delegates import WrapDelegate
from planner.ui.workspace.differences_tab import DIFFERENCE
from planner.ui.workspace.record_panel import RecordPanel
from planner.ui.workspace.records import ALERT_ROLE, OBJECT_ROLE, Column, Layout, RecordModel

Ascending, Descending = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder


@dataclass(frozen=True)
class Row:
    id: int
    name: str
    rank: int | None
    late: bool = False


ROWS = [Row(1, "b", 2), Row(2, "a", None), Row(3, "c", 1), Row(4, "d", 2), Row(5, "e", 1)]
CALLS: list[str] = []


def counted_name(row: Row) -> str:
    CALLS.append(row.name)
    return row.name


def layout() -> Layout:
    return Layout([Column("Name", counted_name, alert=lambda r: r.late),
                   Column("Rank", lambda r: str(r.rank or ""), sort_key=lambda r: r.rank)])


def shown(model: RecordModel) -> list[int]:
    return [model.index(r, 0).data(OBJECT_ROLE).id for r in range(model.rowCount())]


def test_sorting_is_stable_puts_missing_keys_last_and_shows_the_given_order_again(qapp):
    model = RecordModel(layout())
    model.set_records(ROWS)
    assert shown(model) == [1, 2, 3, 4, 5]
    model.sort(1, Ascending)
    assert shown(model) == [3, 5, 1, 4, 2]  # ties in the order shown, no rank last
    model.sort(1, Descending)
    assert shown(model) == [2, 1, 4, 3, 5]  # reversed, ties still in the order shown
    model.sort(0, Ascending)
    assert shown(model) == [2, 1, 3, 4, 5]
    model.sort(-1, Ascending)
    assert shown(model) == [1, 2, 3, 4, 5]
    model.sort(1, Ascending)
    model.set_records(list(reversed(ROWS)))  # a reload keeps the sort, ties as given
    assert shown(model) == [5, 3, 4, 1, 2]


def test_the_selection_follows_its_row_when_the_list_is_sorted(qtbot):
    panel = RecordPanel("Rows", layout(), noun="row")
    qtbot.addWidget(panel)
    panel.set_records(ROWS)
    panel.view.sortByColumn(1, Ascending)
    panel.select(ROWS[1])
    selection = panel.view.selectionModel()
    selection.select(panel.model.index_of(("Row", 4)),
                     QItemSelectionModel.SelectionFlag.Select
                     | QItemSelectionModel.SelectionFlag.Rows)
    panel.view.sortByColumn(0, Descending)
    assert panel.current() == ROWS[1]
    assert shown(panel.model) == [5, 4, 3, 1, 2]
    assert {i.data(OBJECT_ROLE).id for i in selection.selectedRows()} == {2, 4}
    assert panel.visible_rows() == [ROWS[4], ROWS[3], ROWS[2], ROWS[0], ROWS[1]]
    assert panel.records() == ROWS  # as given, whatever the order shown


def test_a_row_is_worked_out_once_and_a_reload_shows_what_changed(qapp):
    model = RecordModel(layout())
    model.set_records(ROWS)
    CALLS.clear()
    index = model.index(0, 0)
    for _ in range(3):
        assert index.data() == "b"
        index.data(Qt.ItemDataRole.FontRole)
        index.data(Qt.ItemDataRole.ForegroundRole)
    assert CALLS == ["b"]
    model.set_records([replace(ROWS[0], name="renamed", late=True)])
    index = model.index(0, 0)
    assert index.data() == "renamed" and index.data(ALERT_ROLE) is True
    assert index.data(Qt.ItemDataRole.FontRole).bold()


def test_the_alert_colour_follows_a_palette_change(qtbot):
    panel = RecordPanel("Rows", layout(), noun="row")
    qtbot.addWidget(panel)
    panel.set_records([replace(ROWS[0], late=True)])
    index = panel.model.index(0, 0)
    before = QApplication.palette()
    assert index.data(Qt.ItemDataRole.ForegroundRole) == alert_colour(before)
    dark = QPalette(before)
    for role, colour in ((QPalette.ColorRole.Base, Qt.GlobalColor.black),
                         (QPalette.ColorRole.Window, Qt.GlobalColor.black),
                         (QPalette.ColorRole.Text, Qt.GlobalColor.white)):
        dark.setColor(role, colour)
    try:
        QApplication.setPalette(dark)
        qtbot.waitUntil(lambda: index.data(Qt.ItemDataRole.ForegroundRole)
                        == alert_colour(dark), timeout=2000)
        assert alert_colour(dark) != alert_colour(before)
    finally:
        QApplication.setPalette(before)


def test_an_edit_shows_its_new_text_in_the_list(workspace, session, partner_id):
    workspace.show_partner(partner_id)
    workspace.show_tab("differences")
    tab = workspace.tab("differences")
    first = tab.panel.visible_rows()[0]
    assert tab.panel.model.index(0, 3).data().startswith(f"We: {first.ours}")
    changed = replace(first, ours="We sign nothing before legal has read it")
    assert tab.update(DIFFERENCE, first, changed) is None
    model = tab.panel.model
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(OBJECT_ROLE).id == first.id)
    assert model.index(row, 3).data().startswith("We: We sign nothing before legal has read it")
    session.undo_stack.undo()
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(OBJECT_ROLE).id == first.id)
    assert model.index(row, 3).data().startswith(f"We: {first.ours}")


def every_cell(model):
    """Every cell of every row, at every depth."""
    stack = [QModelIndex()]
    while stack:
        parent = stack.pop()
        for row in range(model.rowCount(parent)):
            stack.append(model.index(row, 0, parent))
            for column in range(model.columnCount()):
                yield model.index(row, column, parent)


def asking_the_model(view, option, index) -> QSize:
    """A cell's size as measured before the delegates kept a prepared option: Qt's delegate,
    and for a wrapping column the height of its text wrapped at the column's width."""
    plain = QStyledItemDelegate()
    hint = plain.sizeHint(option, index)
    delegate = view.itemDelegateForIndex(index)
    if not isinstance(delegate, WrapDelegate) or (
            delegate.short and not view.isFirstColumnSpanned(index.row(), index.parent())):
        return hint
    opt = QStyleOptionViewItem(option)
    plain.initStyleOption(opt, index)
    style = view.style()
    width = view.header().sectionSize(index.column())
    if index.column() == 0 and view.isFirstColumnSpanned(index.row(), index.parent()):
        width = view.viewport().width()
    if index.column() == 0:
        depth, parent = 0, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width -= view.indentation() * (depth + int(view.rootIsDecorated()))
    if opt.features & QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator:
        width -= style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, opt) + spacing(view)
    width -= 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, opt) + 1)
    if width <= 0 or not opt.text:
        return hint
    box = QFontMetrics(opt.font).boundingRect(QRect(0, 0, width, 100_000),
                                              int(Qt.TextFlag.TextWordWrap), opt.text)
    return QSize(hint.width(), max(hint.height(), box.height() + 4))


def test_the_delegates_measure_every_cell_as_asking_the_model_did(workspace, partner_id):
    """Each cell's size (a row's height is the tallest), as Qt's own delegate measured it
    asking the model for every role, the main columns grown to their wrapped text."""
    workspace.show_partner(partner_id)
    measured = 0
    for name in TAB_NAMES:
        workspace.show_tab(name)
        for panel in workspace.tab(name).findChildren(RecordPanel):
            view, model = panel.view, panel.model
            for rect in (False, True):
                option = QStyleOptionViewItem()
                view.initViewItemOption(option)
                if not rect:
                    option.rect.setWidth(-1)  # as QTreeView asks for a row's height
                for index in every_cell(model):
                    row, column, parent = index.row(), index.column(), index.parent()
                    delegate = view.itemDelegateForIndex(index)
                    ours = delegate.sizeHint(option, index)
                    theirs = asking_the_model(view, option, index)
                    across = view.isFirstColumnSpanned(row, parent)
                    if column in panel.main_columns or across:
                        # a main column's width is the panel's, not its text's,
                        # and a summary row across the list sizes no column
                        ours, theirs = ours.height(), theirs.height()
                    assert ours == theirs, (name, index.data())
                    measured += 1
    assert measured > 500


def test_a_row_without_rows_beneath_it_says_so_and_a_tree_still_expands(qapp):
    """Rows with nothing beneath them tell the view (which then never asks the model of each
    row whether it has children, laying a long list out); rows with children do not, and
    their children are shown."""
    from PySide6.QtWidgets import QTreeView

    tree = Layout([Column("Name", lambda r: r.name)],
                  children=lambda r: [Row(10 + r.id, f"{r.name}.1", None)] if r.id < 3 else ())
    model = RecordModel(tree)
    model.set_records(ROWS)
    never = Qt.ItemFlag.ItemNeverHasChildren
    for row in range(model.rowCount()):
        index = model.index(row, 0)
        has_children = model.rowCount(index) > 0
        assert bool(model.flags(index) & never) is not has_children, index.data()
        for child in range(model.rowCount(index)):
            assert model.flags(model.index(child, 0, index)) & never
    view = QTreeView()
    view.setModel(model)
    view.expandAll()
    view.resize(300, 400)
    view.doItemsLayout()
    shown_rows, index = [], view.model().index(0, 0)
    while index.isValid():
        shown_rows.append(index.data())
        index = view.indexBelow(index)
    assert shown_rows == ["b", "b.1", "a", "a.1", "c", "d", "e"]


def test_the_delegates_prepare_every_cell_as_qts_own_delegate_does(workspace, session,
                                                                    partner_id):
    """The delegates fill a cell's option from the model's worked-out cell in one call: the
    same text, font, check box, colour and features as Qt's delegate asking for each role
    (an overdue action among them, bold and in the alert colour)."""
    import datetime as dt

    from planner.domain.model import Action
    from planner.services import meetings

    meetings.add_action(session.uow(), Action(partner_id, "Send the\nsigned letter",
                                              due=session.today() - dt.timedelta(days=3)))
    workspace.show_partner(partner_id)
    compared, alerts = 0, 0
    for name in TAB_NAMES:
        workspace.show_tab(name)
        for panel in workspace.tab(name).findChildren(RecordPanel):
            view, model = panel.view, panel.model
            for index in every_cell(model):
                ours, theirs = QStyleOptionViewItem(), QStyleOptionViewItem()
                for option in (ours, theirs):
                    view.initViewItemOption(option)
                view.itemDelegateForIndex(index).initStyleOption(ours, index)
                QStyledItemDelegate().initStyleOption(theirs, index)
                text = QPalette.ColorRole.Text
                assert (ours.text, ours.font, ours.checkState, ours.features,
                        ours.palette.brush(text), ours.index) == (
                    theirs.text, theirs.font, theirs.checkState, theirs.features,
                    theirs.palette.brush(text), theirs.index), (name, index.data())
                compared += 1
                alerts += index.data(ALERT_ROLE) is True
    assert compared > 500 and alerts >= 1
