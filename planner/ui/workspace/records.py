"""One item model for every list in the workspace: rows are plain domain objects.

A tab describes its rows with `Column`s (what to show, how to sort, what to flag) and hands
the model a list of objects; the model never changes them. Ticking a checkbox emits
`toggled(obj, checked)` and the tab turns that into an undoable service call, after which
the refreshed list comes back through `set_records`. Objects can have children (the actions
under a meeting, the items under a stage); a row the layout marks as spanned shows one
summary across the whole width, like a group heading.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QApplication

from planner.ui.look import alert_colour, bold

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OBJECT_ROLE = Qt.ItemDataRole.UserRole + 2
ALERT_ROLE = Qt.ItemDataRole.UserRole + 3
# the roles the model answers; a view asks for many more (decoration, alignment, background,
# size hint) for every cell it measures, and those are answered before any work
_ANSWERED = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                       Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.ForegroundRole,
                       Qt.ItemDataRole.FontRole, SORT_ROLE, OBJECT_ROLE, ALERT_ROLE})
_TOP = QModelIndex()  # the invisible root: Qt's default parent


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
    __slots__ = ("obj", "parent", "children", "row", "keys", "cells")

    def __init__(self, obj, parent, row):
        self.obj, self.parent, self.row = obj, parent, row
        self.children: list[_Node] = []
        self.keys: dict[int, Any] = {}  # sort keys by column, computed once per row
        # (text, alert, strong, checked) by column, computed once per row: a view asks for
        # every role of every cell each time it measures or paints a row
        self.cells: dict[int, tuple | None] = {}


def record_key(obj) -> tuple:
    """What identifies a row across refreshes: its type and storage id (or itself)."""
    return (type(obj).__name__, getattr(obj, "id", None) or obj)


class RecordModel(QAbstractItemModel):
    toggled = Signal(object, bool)

    def __init__(self, layout: Layout, parent=None):
        super().__init__(parent)
        self.layout = layout
        self._roots: list[_Node] = []
        self.writable = True  # False: ticks are shown, never changed (a read-only portfolio)

    # filling ------------------------------------------------------------------------------
    def set_records(self, objects: Sequence[Any]) -> None:
        self.beginResetModel()
        self._roots = [self._node(obj, None, row) for row, obj in enumerate(objects)]
        self.endResetModel()

    def _node(self, obj, parent, row) -> _Node:
        node = _Node(obj, parent, row)
        if self.layout.children is not None:
            node.children = [self._node(child, node, r)
                             for r, child in enumerate(self.layout.children(obj))]
        return node

    def records(self) -> list[Any]:
        return [node.obj for node in self._roots]

    def is_spanned(self, obj) -> bool:
        return self.layout.spans is not None and self.layout.spans(obj)

    def spanned_indexes(self) -> list[QModelIndex]:
        """Every row shown as one summary across the width, found without asking the view."""
        found, stack = [], list(self._roots)
        while stack:
            node = stack.pop()
            stack.extend(node.children)
            if self.is_spanned(node.obj):
                found.append(self.createIndex(node.row, 0, node))
        return found

    def index_of(self, key: tuple) -> QModelIndex:
        def walk(nodes, parent):
            for node in nodes:
                index = self.index(node.row, 0, parent)
                if record_key(node.obj) == key:
                    return index
                found = walk(node.children, index)
                if found is not None:
                    return found
            return None

        return walk(self._roots, QModelIndex()) or QModelIndex()

    # the tree -----------------------------------------------------------------------------
    def _siblings(self, parent: QModelIndex) -> list[_Node]:
        return parent.internalPointer().children if parent.isValid() else self._roots

    def index(self, row, column, parent=_TOP):
        siblings = self._siblings(parent)
        if not (0 <= row < len(siblings) and 0 <= column < len(self.layout.columns)):
            return QModelIndex()
        return self.createIndex(row, column, siblings[row])

    def parent(self, index=_TOP):
        if not index.isValid():
            return QModelIndex()
        node = index.internalPointer().parent
        return QModelIndex() if node is None else self.createIndex(node.row, 0, node)

    def rowCount(self, parent=_TOP):
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._siblings(parent))

    def columnCount(self, parent=_TOP):
        return len(self.layout.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.layout.columns[section].title
        return None

    # the cells ----------------------------------------------------------------------------
    def _column(self, obj, column: int) -> Column | None:
        if self.is_spanned(obj):
            return self.layout.summary if column == 0 else None
        return self.layout.columns[column]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role not in _ANSWERED or not index.isValid():
            return None
        node = index.internalPointer()
        if role == OBJECT_ROLE:
            return node.obj
        if role == SORT_ROLE:
            return self.sort_key(node, index.column())
        cell = self._cell(node, index.column())
        if cell is None:
            return None
        text, alert, strong, checked = cell
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            column = self._column(node.obj, index.column())
            return (column.tooltip(node.obj) or None) if column.tooltip else None
        if role == Qt.ItemDataRole.CheckStateRole:
            if checked is None:
                return None
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        if role == ALERT_ROLE:
            return alert
        if role == Qt.ItemDataRole.ForegroundRole and alert:
            return alert_colour(QApplication.palette())
        if role == Qt.ItemDataRole.FontRole and (alert or strong):
            return bold(QApplication.font())
        return None

    def _cell(self, node: _Node, column_number: int) -> tuple | None:
        if column_number not in node.cells:
            column, obj = self._column(node.obj, column_number), node.obj
            node.cells[column_number] = None if column is None else (
                column.text(obj), bool(column.alert and column.alert(obj)),
                bool(column.strong and column.strong(obj)),
                bool(column.checked(obj)) if column.checked else None)
        return node.cells[column_number]

    def column_texts(self, column_number: int) -> tuple[set[str], set[str], bool, int]:
        """What a short column shows: its distinct plain and bold texts, whether any has a
        check box, and how deep its deepest row sits (spanned rows left out, as a view leaves
        them out when it sizes a column to its contents)."""
        plain: set[str] = set()
        strong: set[str] = set()
        checks, depth = False, 0
        stack = [(node, 0) for node in self._roots]
        while stack:
            node, level = stack.pop()
            stack.extend((child, level + 1) for child in node.children)
            if self.is_spanned(node.obj):
                continue
            cell = self._cell(node, column_number)
            if cell is None:
                continue
            text, alert, bolder, checked = cell
            (strong if alert or bolder else plain).add(text)
            checks = checks or checked is not None
            depth = max(depth, level)
        return plain, strong, checks, depth

    def sort_key(self, node: _Node, column_number: int):
        """The row's key in a column, computed once: sorting compares it many times."""
        if column_number not in node.keys:
            column = self._column(node.obj, column_number)
            node.keys[column_number] = (
                None if column is None else column.sort_key(node.obj) if column.sort_key
                else column.text(node.obj).casefold())
        return node.keys[column_number]

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = self._column(index.internalPointer().obj, index.column())
        if column is not None and column.checked and self.writable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        """A tick asks the tab to save it; the model changes only when the saved list returns."""
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or not self.writable:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked
        self.toggled.emit(index.internalPointer().obj, checked)
        return False


class RecordProxy(QSortFilterProxyModel):
    """Sorts by each column's sort key, so risk sorts 9 before 6 and dates sort as dates."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left, right):
        model = self.sourceModel()
        a = model.sort_key(left.internalPointer(), left.column())
        b = model.sort_key(right.internalPointer(), right.column())
        try:
            return (a is None, a) < (b is None, b)
        except TypeError:
            return str(a) < str(b)
