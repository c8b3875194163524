"""One item model for every list in the workspace: rows are plain domain objects.

A tab describes its rows with `Column`s (what to show, how to sort, what to flag) and hands
the model a list of objects; the model never changes them. Ticking a checkbox emits
`toggled(obj, checked)` and the tab turns that into an undoable service call, after which
the refreshed list comes back through `set_records`. Objects can have children (the actions
under a meeting, the items under a stage); a row the layout marks as spanned shows one
summary across the whole width, like a group heading.

The model sorts itself (`sort`), by keys computed once per row, and the view shows it
directly: a sort proxy in between made every cell the view painted cost a call into Python
for the index and another for each of the ten roles a view asks, at a big partner's hundreds
of rows the most of what selecting it cost. A row's texts, check and emphasis are worked out
once, the first time the row is shown, and answered from then on without calling the tab's
functions again; `set_records` (after an edit) starts from fresh rows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QApplication

from planner.ui.look import alert_colour, bold

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
ALERT_ROLE = Qt.ItemDataRole.UserRole + 3
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_CHECK = int(Qt.ItemDataRole.CheckStateRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_SORT, _OBJECT, _ALERT = int(SORT_ROLE), int(OBJECT_ROLE), int(ALERT_ROLE)
# a cell's roles as `RecordModel.cell` hands them to delegates
DISPLAY, CHECK, FONT, FOREGROUND = _DISPLAY, _CHECK, _FONT, _FOREGROUND
_TOP = QModelIndex()  # the invisible root: Qt's default parent
_NO_CHILDREN: list = []  # shared by every row without any (never changed)
_UNSEEN = object()  # a cell not worked out yet
_ENABLED = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_CHECKABLE = _ENABLED | Qt.ItemFlag.ItemIsUserCheckable  # made once: a view asks per cell
# A row without rows beneath it says so: laying a list out, the tree view otherwise asks the
# model of every row whether it has any (a call into Python per row, a thousand for a big
# partner's meeting log). The list is filled anew, never grown beneath a row.
_LEAF = Qt.ItemFlag.ItemNeverHasChildren
_ENABLED_LEAF, _CHECKABLE_LEAF = _ENABLED | _LEAF, _CHECKABLE | _LEAF


@dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort_key: Callable[[Any], Any] | None = None
    tooltip: Callable[[Any], str] | None = None
    checked: Callable[[Any], bool] | None = None  # a checkbox in this column
    alert: Callable[[Any], bool] | None = None  # shown bold in the alert colour
    strong: Callable[[Any], bool] | None = None  # shown bold (group headings)
    main: bool = False  # the thing itself: takes the spare width and wraps, never cut short
    hidden: bool = False  # secondary: starts hidden (header menu, tooltip or details show it)


@dataclass(frozen=True)
class Layout:
    columns: Sequence[Column]
    children: Callable[[Any], Sequence[Any]] | None = None
    spans: Callable[[Any], bool] | None = None  # rows shown as one summary across the width
    summary: Column | None = None  # what a spanned row shows


class _Node:
    __slots__ = ("obj", "parent", "children", "row", "given", "spanned", "keys", "cells")

    def __init__(self, obj, parent, row, spanned):
        self.obj, self.parent, self.row, self.spanned = obj, parent, row, spanned
        self.given = row  # where the tab put it: the order shown when nothing is sorted
        self.children: list[_Node] = _NO_CHILDREN
        self.keys: dict[int, Any] | None = None  # sort keys by column, computed once per row
        # the roles of each cell (display text, check state, emphasis) by column, worked out
        # the first time the row is shown: a view asks for every role of every cell each
        # time it paints or measures a row (made only then: a list of 500 rows shows 30)
        self.cells: dict[int, dict[int, Any]] | None = None


def record_key(obj) -> tuple:
    """What identifies a row across refreshes: its type and storage id (or itself)."""
    return (type(obj).__name__, getattr(obj, "id", None) or obj)


def _sorted(nodes: list[_Node], key: Callable[[_Node], Any], descending: bool) -> list[_Node]:
    """Stable, as a sort proxy sorts: rows without a key (None) last, ascending or not."""
    def ranked(node):
        value = key(node)
        return (value is None, value)

    try:
        return sorted(nodes, key=ranked, reverse=descending)
    except TypeError:  # keys of kinds that do not compare: as text, like the proxy did
        def less(a, b):
            ka, kb = ranked(a), ranked(b)
            try:
                return -1 if ka < kb else 1 if kb < ka else 0
            except TypeError:
                return -1 if str(ka[1]) < str(kb[1]) else 1 if str(kb[1]) < str(ka[1]) else 0

        return sorted(nodes, key=functools.cmp_to_key(less), reverse=descending)


class RecordModel(QAbstractItemModel):
    toggled = Signal(object, bool)

    def __init__(self, layout: Layout, parent=None):
        super().__init__(parent)
        self.layout = layout
        self._roots: list[_Node] = []
        self._every: list[tuple[_Node, int]] = []  # every node and its depth, made once
        self._objects: list[Any] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None  # as the view last asked
        self._emphasis: dict[str, Any] | None = None  # the alert colour and the bold font
        self.writable = True  # False: ticks are shown, never changed (a read-only portfolio)

    # filling ------------------------------------------------------------------------------
    def set_records(self, objects: Sequence[Any]) -> None:
        self.beginResetModel()
        self._objects = list(objects)
        self._every = []
        self._roots = [self._node(obj, None, row, 0) for row, obj in enumerate(self._objects)]
        if self._sort is not None:
            self._roots = self._ordered(self._roots, *self._sort)
        self.endResetModel()

    def _node(self, obj, parent, row, depth) -> _Node:
        node = _Node(obj, parent, row, self.is_spanned(obj))
        self._every.append((node, depth))
        if self.layout.children is not None:
            children = self.layout.children(obj)
            if children:
                node.children = [self._node(child, node, r, depth + 1)
                                 for r, child in enumerate(children)]
        return node

    def records(self) -> list[Any]:
        """The top-level objects as given (not as sorted)."""
        return list(self._objects)

    def is_spanned(self, obj) -> bool:
        return self.layout.spans is not None and self.layout.spans(obj)

    def rows_in(self, objects: Sequence[Any]) -> int:
        """How many rows these objects make, at every level (before they are set)."""
        children = self.layout.children
        if children is None:
            return len(objects)
        return sum(1 + self.rows_in(children(obj) or ()) for obj in objects)

    def _walk(self) -> list[tuple[_Node, int]]:
        """Every node, with how deep it sits (in no particular order)."""
        return self._every

    def spanned_indexes(self) -> list[QModelIndex]:
        """Every row shown as one summary across the width, found without asking the view."""
        return [self.createIndex(node.row, 0, node) for node, _ in self._walk() if node.spanned]

    def parent_indexes(self) -> list[QModelIndex]:
        """Every row with rows beneath it (to expand them without the view walking them all)."""
        return [self.createIndex(node.row, 0, node) for node, _ in self._walk() if node.children]

    def index_of(self, key: tuple) -> QModelIndex:
        for node, _ in self._walk():
            if record_key(node.obj) == key:
                return self.createIndex(node.row, 0, node)
        return QModelIndex()

    def restyle(self) -> None:
        """The palette or font changed: emphasis is worked out again as rows are shown."""
        self._emphasis = None
        for node, _ in self._walk():
            node.cells = None

    # sorting ------------------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort every level by the column's keys (its text when it has none); a column below
        0 shows the rows as given. Selections and the current row follow their rows."""
        self._sort = (column, Qt.SortOrder(order)) if column >= 0 else None
        if not self._roots:
            return
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        nodes = [index.internalPointer() for index in before]
        self._roots = (self._as_given(self._roots) if self._sort is None
                       else self._ordered(self._roots, *self._sort))
        self.changePersistentIndexList(
            before, [self.createIndex(node.row, index.column(), node) if node is not None
                     else QModelIndex() for node, index in zip(nodes, before, strict=True)])
        self.layoutChanged.emit()

    def _ordered(self, nodes: list[_Node], column: int, order: Qt.SortOrder) -> list[_Node]:
        if column >= len(self.layout.columns):
            return nodes
        ordered = self._renumbered(_sorted(nodes, lambda n: self.sort_key(n, column),
                                           order == Qt.SortOrder.DescendingOrder))
        for node in ordered:
            if node.children:
                node.children = self._ordered(node.children, column, order)
        return ordered

    def _as_given(self, nodes: list[_Node]) -> list[_Node]:
        given = self._renumbered(sorted(nodes, key=lambda n: n.given))
        for node in given:
            if node.children:
                node.children = self._as_given(node.children)
        return given

    @staticmethod
    def _renumbered(nodes: list[_Node]) -> list[_Node]:
        for row, node in enumerate(nodes):
            node.row = row
        return nodes

    def sort_key(self, node: _Node, column_number: int):
        """The row's key in a column, computed once: sorting compares it many times."""
        if node.keys is None:
            node.keys = {}
        if column_number not in node.keys:
            column = self._column(node, column_number)
            node.keys[column_number] = (
                None if column is None else column.sort_key(node.obj) if column.sort_key
                else column.text(node.obj).casefold())
        return node.keys[column_number]

    # the tree -----------------------------------------------------------------------------
    def index(self, row, column, parent=_TOP):
        siblings = parent.internalPointer().children if parent.isValid() else self._roots
        if 0 <= row < len(siblings) and 0 <= column < len(self.layout.columns):
            return self.createIndex(row, column, siblings[row])
        return QModelIndex()

    def parent(self, index=_TOP):
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer().parent
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)

    def rowCount(self, parent=_TOP):
        if not parent.isValid():
            return len(self._roots)
        return len(parent.internalPointer().children) if parent.column() == 0 else 0

    def columnCount(self, parent=_TOP):
        return len(self.layout.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.layout.columns[section].title
        return None

    # the cells ----------------------------------------------------------------------------
    def _column(self, node: _Node, column: int) -> Column | None:
        if node.spanned:
            return self.layout.summary if column == 0 else None
        return self.layout.columns[column]

    def data(self, index, role=_DISPLAY):
        node = index.internalPointer()
        if node is None:
            return None
        cells = node.cells
        cell = _UNSEEN if cells is None else cells.get(index.column(), _UNSEEN)
        if cell is _UNSEEN:
            cell = self._cell(node, index.column())
        value = cell.get(role)
        if value is not None or role not in (_TOOLTIP, _OBJECT, _SORT):
            return value
        if role == _OBJECT:
            return node.obj
        if role == _SORT:
            return self.sort_key(node, index.column())
        column = self._column(node, index.column())  # asked on hover only: not kept
        return (column.tooltip(node.obj) or None) if column and column.tooltip else None

    def _cell(self, node: _Node, column_number: int) -> dict[int, Any]:
        column, obj = self._column(node, column_number), node.obj
        cell: dict[int, Any] = {}
        if column is not None:
            alert = bool(column.alert and column.alert(obj))
            cell[_DISPLAY] = column.text(obj)
            cell[_ALERT] = alert
            if column.checked is not None:
                cell[_CHECK] = (Qt.CheckState.Checked if column.checked(obj)
                                else Qt.CheckState.Unchecked)
            if alert or (column.strong and column.strong(obj)):
                emphasis = self._emphasis_now()
                cell[_FONT] = emphasis["bold"]
                if alert:
                    cell[_FOREGROUND] = emphasis["alert"]
        if node.cells is None:
            node.cells = {}
        node.cells[column_number] = cell
        return cell

    def cell(self, index: QModelIndex) -> dict[int, Any]:
        """The roles of a cell as `data` answers them (for delegates measuring it)."""
        node = index.internalPointer()
        cells = node.cells
        cell = _UNSEEN if cells is None else cells.get(index.column(), _UNSEEN)
        return self._cell(node, index.column()) if cell is _UNSEEN else cell

    def depth(self, index: QModelIndex) -> int:
        """How many rows the index's row sits beneath."""
        depth, node = 0, index.internalPointer().parent
        while node is not None:
            depth, node = depth + 1, node.parent
        return depth

    def is_spanned_index(self, index: QModelIndex) -> bool:
        return index.internalPointer().spanned

    def _emphasis_now(self) -> dict[str, Any]:
        if self._emphasis is None:
            self._emphasis = {"alert": alert_colour(QApplication.palette()),
                              "bold": bold(QApplication.font())}
        return self._emphasis

    def column_texts(self, column_number: int) -> tuple[set[str], set[str], bool, int]:
        """What a short column shows: its distinct plain and bold texts, whether any has a
        check box, and how deep its deepest row sits (spanned rows left out, as a view leaves
        them out when it sizes a column to its contents). Worked out from the column, not
        kept per cell: of a list's hundreds of rows only the few on screen need their cells."""
        plain: set[str] = set()
        strong: set[str] = set()
        column = self.layout.columns[column_number]
        text, alert, bolder = column.text, column.alert, column.strong
        depth, shown = 0, False
        for node, level in self._walk():
            if node.spanned:
                continue
            obj, shown = node.obj, True
            if (alert is not None and alert(obj)) or (bolder is not None and bolder(obj)):
                strong.add(text(obj))
            else:
                plain.add(text(obj))
            if level > depth:
                depth = level
        return plain, strong, shown and column.checked is not None, depth

    def flags(self, index):
        node = index.internalPointer()
        if node is None:
            return Qt.ItemFlag.NoItemFlags
        column = self._column(node, index.column())
        if column is not None and column.checked and self.writable:
            return _CHECKABLE if node.children else _CHECKABLE_LEAF
        return _ENABLED if node.children else _ENABLED_LEAF

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        """A tick asks the tab to save it; the model changes only when the saved list returns."""
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or not self.writable:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.toggled.emit(index.internalPointer().obj, checked)
        return False
