"""The left side of the window: the filter box, the stage filter and the portfolio table."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMenu,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from planner.domain.attention import PartnerSummary
from planner.ui.icons import icon
from planner.ui.look import spacing
from planner.ui.portfolio_delegates import PartnerDelegate, ProgressDelegate
from planner.ui.portfolio_model import (
    OVERDUE_COLUMNS,
    Column,
    PartnerIdRole,
    PortfolioFilterProxy,
    PortfolioTableModel,
    stage_choices,
    widest_texts,
)
from planner.ui.style import list_style

# Shown by default: what an alliance manager scans first. The rest is one right-click on the
# header away (and the choice is kept with the column widths in the settings).
HIDDEN_BY_DEFAULT = (Column.KIND, Column.HEALTH, Column.LAST_MEETING, Column.OPEN_ACTIONS,
                     Column.HIGH_RISK)
# Shown as well when the pane is wide enough, in this order (see `show_extras_for`).
EXTRAS_WHEN_WIDE = (Column.HEALTH, Column.OPEN_ACTIONS, Column.LAST_MEETING)
PARTNER_ROOM_EMS = 22  # the partner column keeps at least this many "M"s of width
# ...and never narrows below this many, whatever the splitter: two lines of this width hold
# a long name whole (the short columns are as wide as their content and do not give way)
PARTNER_MIN_EMS = 12


class PortfolioTable(QTableView):
    """Escape clears the selection (back to the home view); Enter moves into the workspace."""

    escape_pressed = Signal()
    enter_pressed = Signal()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.selectionModel().hasSelection():
            self.escape_pressed.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.enter_pressed.emit()
            return
        super().keyPressEvent(event)


class PortfolioPanel(QWidget):
    partner_selected = Signal(object)  # a partner id, or None when nothing is selected
    enter_pressed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = PortfolioTableModel(self)
        self.proxy = PortfolioFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter partners ({0})").format(
            QKeySequence(QKeySequence.StandardKey.Find).toString(
                QKeySequence.SequenceFormat.NativeText)))
        self.filter.setClearButtonEnabled(True)
        self.filter.addAction(icon("filter"), QLineEdit.ActionPosition.LeadingPosition)
        self.filter.setAccessibleName(self.tr("Filter partners by name, organisation, owner "
                                              "or tag"))
        self.stage = QComboBox()
        self.stage.setAccessibleName(self.tr("Stage filter"))
        for label, value in stage_choices():
            self.stage.addItem(label, value)
        self.stage.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.table = PortfolioTable()
        self.table.setStyle(list_style())  # no check boxes; no call into Python per cell
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Portfolio"))
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.PARTNER, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as keyboard users expect
        self.table.verticalHeader().hide()
        self.partner_delegate = PartnerDelegate(self.table)
        self.table.setItemDelegateForColumn(Column.PARTNER, self.partner_delegate)
        self.table.setItemDelegateForColumn(Column.CHECKLIST, ProgressDelegate(self.table))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self._row_height())
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setMinimumSectionSize(24)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self._arranging = False  # the columns are being set out: their room is kept after
        header.sectionResized.connect(self._keep_partner_room)
        self.reset_columns()

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter, 1)
        top.addWidget(self.stage)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(spacing(self), spacing(self), 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self.setTabOrder(self.filter, self.stage)
        self.setTabOrder(self.stage, self.table)

        self.filter.textChanged.connect(lambda text: self._refilter(self.proxy.set_text, text))
        self.stage.currentIndexChanged.connect(
            lambda: self._refilter(self.proxy.set_stage, self.stage.currentData()))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.escape_pressed.connect(self.clear_selection)
        self.table.enter_pressed.connect(self.enter_pressed)
        self.filter.returnPressed.connect(self._filter_return)

    def _row_height(self) -> int:
        option = QStyleOptionViewItem()
        option.initFrom(self.table)
        option.font = self.table.font()
        return self.partner_delegate.sizeHint(option, QModelIndex()).height()

    def reset_columns(self) -> None:
        """The partner takes the spare width; short columns fit their content; the less
        important ones start hidden (the header's context menu brings them back)."""
        header = self.table.horizontalHeader()
        self._arranging = True
        for column in Column:
            header.setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch if column == Column.PARTNER
                else QHeaderView.ResizeMode.Interactive)
            header.setSectionHidden(column, column in HIDDEN_BY_DEFAULT)
            self.fit_column(column)
        self._arranging = False
        self._keep_partner_room()

    def _keep_partner_room(self, *_) -> None:
        """The table is never narrower than its short columns and the partner's least room,
        so neither a splitter nor a wider short column squeezes names into fragments."""
        if self._arranging:
            return
        header = self.table.horizontalHeader()
        short = sum(header.sectionSize(c) for c in Column
                    if c != Column.PARTNER and not header.isSectionHidden(c))
        room = self.table.fontMetrics().horizontalAdvance("M") * PARTNER_MIN_EMS
        scroll_bar = self.table.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.table.setMinimumWidth(short + room + scroll_bar + 2 * self.table.frameWidth())

    def show_extras_for(self, width: int) -> None:
        """Show the extra columns that fit in `width` beside a comfortable partner column."""
        header = self.table.horizontalHeader()
        room = self.table.fontMetrics().horizontalAdvance("M") * PARTNER_ROOM_EMS
        used = sum(header.sectionSize(c) for c in Column
                   if c != Column.PARTNER and not header.isSectionHidden(c))
        self._arranging = True  # a column tried and taken back must not widen the table
        try:
            for column in EXTRAS_WHEN_WIDE:
                if not header.isSectionHidden(column):
                    continue
                header.setSectionHidden(column, False)
                self.fit_column(column)
                if used + header.sectionSize(column) + room > width:
                    header.setSectionHidden(column, True)
                    break
                used += header.sectionSize(column)
        finally:
            self._arranging = False
        self._keep_partner_room()

    def fit_column(self, column: Column) -> None:
        """A short column as wide as its widest possible text and its title. Measured from
        what the column can hold (stage names, a date, a figure), not from the rows, so it
        costs nothing with ten thousand partners and never changes as rows come and go."""
        if column == Column.PARTNER:
            return
        header = self.table.horizontalHeader()
        option = QStyleOptionViewItem()
        option.initFrom(self.table)
        option.font = self.table.font()
        if column == Column.CHECKLIST:
            cells = self.table.itemDelegateForColumn(column).sizeHint(
                option, QModelIndex()).width()
        else:  # what the style itself asks for such a cell
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasDisplay
            if column in OVERDUE_COLUMNS:  # room for the overdue mark
                option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
                side = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
                option.decorationSize = QSize(side, side)
            cells = 0
            for text in widest_texts(column):
                option.text = text
                cells = max(cells, self.style().sizeFromContents(
                    QStyle.ContentsType.CT_ItemViewItem, option, QSize(),
                    self.table).width())
        cells += int(self.table.showGrid())  # the grid line takes a pixel of the cell
        titled = header.sectionSizeHint(column)  # the title, its margins and sort mark
        header.resizeSection(column, max(cells, titled))

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self.table.verticalHeader().setDefaultSectionSize(self._row_height())
            self._keep_partner_room()
            for column in Column:
                self.fit_column(column)

    def _header_menu(self, position) -> None:
        """Show or hide columns (kept with the column widths in the settings)."""
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        for column in Column:
            if column == Column.PARTNER:
                continue
            action = menu.addAction(self.model.headerData(column, Qt.Orientation.Horizontal))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: self._show_column(c, on))
        menu.addSeparator()
        menu.addAction(self.tr("Reset Columns"), lambda: (
            self.reset_columns(), self.show_extras_for(self.table.viewport().width())))
        menu.exec(header.mapToGlobal(position))

    def _show_column(self, column: Column, on: bool) -> None:
        self.table.horizontalHeader().setSectionHidden(column, not on)
        if on:
            self.fit_column(column)

    # selection -------------------------------------------------------------------------------
    def selected_partner(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(PartnerIdRole) if rows else None

    def selected_summary(self) -> PartnerSummary | None:
        partner_id = self.selected_partner()
        row = self.model.row_of(partner_id) if partner_id is not None else None
        return self.model.row_at(row).summary if row is not None else None

    def _selection_changed(self) -> None:
        self.partner_selected.emit(self.selected_partner())

    def clear_selection(self) -> None:
        self.table.selectionModel().clearSelection()
        self.table.setCurrentIndex(QModelIndex())

    def select_partner(self, partner_id: int) -> bool:
        row = self.model.row_of(partner_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():  # filtered out: show everything so the partner can be seen
            self.filter.clear()
            self.stage.setCurrentIndex(0)
            index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        return True

    def _refilter(self, change, value) -> None:
        """Filter the rows, never choosing a partner: when rows go, Qt moves the current row
        to a neighbour and selects it, once per gap between the rows that stay (at 8,000
        partners, hundreds of times a keystroke, each opening a partner nobody chose). The
        partner chosen stays chosen while it is listed; one filtered out is let go."""
        selected = self.selected_partner()
        selection = self.table.selectionModel()
        blocker = selection.blockSignals(True)
        try:
            change(value)
            if selected is None or not self._listed(selected):
                selection.clearSelection()
        finally:
            selection.blockSignals(blocker)
        if self.selected_partner() != selected:
            self.partner_selected.emit(self.selected_partner())

    def _listed(self, partner_id: int) -> bool:
        row = self.model.row_of(partner_id)
        return row is not None and self.proxy.mapFromSource(self.model.index(row, 0)).isValid()

    def _filter_return(self) -> None:
        """Enter in the filter box selects the first partner that matches."""
        if self.proxy.rowCount():
            index = self.proxy.index(0, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows)
            self.table.setFocus()

    # content ---------------------------------------------------------------------------------
    def show_summaries(self, summaries: list[PartnerSummary], today: dt.date) -> None:
        """New rows, keeping the selected partner selected (without announcing a change)."""
        selected = self.selected_partner()
        blocker = self.table.selectionModel().blockSignals(True)
        try:
            self.model.set_summaries(summaries, today)
            if selected is not None:
                self.select_partner(selected)
        finally:
            self.table.selectionModel().blockSignals(blocker)
        if self.selected_partner() != selected:
            self.partner_selected.emit(self.selected_partner())

    def set_stage_filter(self, value: str) -> None:
        index = self.stage.findData(value)
        self.stage.setCurrentIndex(max(0, index))
