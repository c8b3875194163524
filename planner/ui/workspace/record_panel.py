"""The list pattern every tab shares: a titled view over a RecordModel with Add, Edit, Remove.

The panel only asks; the tab decides. Add, Edit (double-click or Enter) and Remove (the
button or the Delete key) become signals carrying the chosen object, and a refusal from a
service is shown in the panel's message line, next to the list it concerns.
"""

from __future__ import annotations

import contextlib
import heapq
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QStyle,
    QStyleOptionViewItem,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from planner.ui.look import alert_colour, bold, spacing
from planner.ui.style import list_style
from planner.ui.workspace.cell_delegates import (
    OutlinedShortDelegate,
    OutlinedWrapDelegate,
    ShortDelegate,
    WrapDelegate,
)
from planner.ui.workspace.records import OBJECT_ROLE, Layout, RecordModel, record_key
from planner.ui.workspace.text_widths import Advances


class MessageLine(QLabel):
    """One sentence in the alert colour, hidden when there is nothing to say."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName(self.tr("Message"))
        self.hide()

    def say(self, text: str | None) -> None:
        self.setText(text or "")
        self._colour()
        self.setVisible(bool(text))

    def _colour(self) -> None:
        palette = self.palette()
        palette.setColor(self.foregroundRole(), alert_colour(palette))
        self.setPalette(palette)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.ApplicationPaletteChange:  # light <-> dark
            self.setPalette(self.window().palette())
            self._colour()


class RecordPanel(QWidget):
    add_requested = Signal()
    edit_requested = Signal(object)
    remove_requested = Signal(object)
    toggled = Signal(object, bool)
    current_changed = Signal(object)

    def __init__(self, title: str, layout: Layout, *, noun: str, sortable: bool = True,
                 tree: bool = False, editable: Callable[[Any], bool] | None = None,
                 details: Callable[[Any], str] | None = None,
                 default_sort: tuple[int, Qt.SortOrder] | None = None, parent=None):
        super().__init__(parent)
        self._editable = editable or (lambda obj: True)
        self._writable = True
        self._extra_buttons: list[QPushButton] = []
        self._details = details
        self._details_shown: str | None = None  # the HTML the details pane holds
        self.model = RecordModel(layout, self)
        # Queued: the tick is saved after the view has finished handling the click.
        self.model.toggled.connect(self.toggled, Qt.ConnectionType.QueuedConnection)

        self.title = QLabel(title, self)
        self.title.setFont(bold(self.title.font()))
        self.view = QTreeView(self)
        self.view.setModel(self.model)  # it sorts itself (see records.py)
        self.view.setRootIsDecorated(tree)
        # The main text of a row wraps rather than being cut to a fragment.
        self.view.setWordWrap(True)
        self.view.setUniformRowHeights(False)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAccessibleName(title)
        self.title.setBuddy(self.view)
        self.view.setSortingEnabled(sortable)
        if sortable:
            column, order = default_sort or (0, Qt.SortOrder.AscendingOrder)
            self.view.sortByColumn(column, order)
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(spacing(self, 4))
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu)
        self.view.setStyle(list_style())  # no call into Python per row drawn (see there)
        # Delegates by kind of column: wrapping or short, or the first beside summary rows
        # (short, its summaries wrapping); with check boxes or not (see delegate_for).
        self._delegates = {
            ("wrap", False): WrapDelegate(self.view),
            ("short", False): ShortDelegate(self.view),
            ("first", False): WrapDelegate(self.view, short=True),
            ("wrap", True): OutlinedWrapDelegate(self.view),
            ("short", True): OutlinedShortDelegate(self.view),
            ("first", True): OutlinedWrapDelegate(self.view, short=True),
        }
        # Wrapped rows take their height from the column widths: lay the rows out again
        # (once, after the burst of resizes a window resize makes) when a width changes.
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.view.doItemsLayout)
        self.main_columns: tuple[int, ...] = ()  # those that wrap and take the room left
        self._bar_held = False  # the scroll bar shown before the rows that need it are laid out
        self._scroll_due = False  # the current row to bring into sight once laid out
        self._advances = Advances()  # the texts' widths, for the short columns
        self._shape_columns()
        self.view.viewport().installEventFilter(self)  # its width is the main columns' room

        self.add_button = QPushButton(self.tr("&Add {noun}…").format(noun=noun), self)
        self.edit_button = QPushButton(self.tr("&Edit…"), self)
        self.remove_button = QPushButton(self.tr("&Remove"), self)
        self.add_button.setAccessibleName(self.tr("Add {noun}").format(noun=noun))
        self.edit_button.setAccessibleName(self.tr("Edit the selected {noun}").format(noun=noun))
        self.remove_button.setAccessibleName(
            self.tr("Remove the selected {noun}").format(noun=noun))
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.title)
        self.buttons.addStretch(1)
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setAutoDefault(False)
            self.buttons.addWidget(button)
        self.message = MessageLine(self)

        remove = QAction(self.tr("Remove"), self.view)
        remove.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        remove.triggered.connect(self._remove)
        self.view.addAction(remove)

        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.buttons)
        if details is None:
            column.addWidget(self.view, 1)
        else:
            self.details = QTextBrowser(self)
            self.details.setOpenLinks(False)
            self.details.setAccessibleName(self.tr("Details of the selected {noun}")
                                           .format(noun=noun))
            split = self.details_split = QSplitter(Qt.Orientation.Vertical, self)
            split.addWidget(self.view)
            split.addWidget(self.details)
            split.setStretchFactor(0, 3)
            split.setStretchFactor(1, 1)
            split.setChildrenCollapsible(False)
            split.setSizes([300, 110])
            column.addWidget(split, 1)
        column.addWidget(self.message)

        self.add_button.clicked.connect(self.add_requested)
        self.edit_button.clicked.connect(self._edit)
        self.remove_button.clicked.connect(self._remove)
        self.view.activated.connect(self._edit)
        self.view.selectionModel().currentChanged.connect(self._on_current)
        self._on_current()

    def _shape_columns(self) -> None:
        """Main columns share the spare width (and wrap); short ones fit their content and
        header, so neither a date nor a title is ever cut; secondary ones start hidden."""
        header = self.view.header()
        columns = self.model.layout.columns
        has_main = any(c.main for c in columns)
        for number, column in enumerate(columns):
            stretch = column.main or (not has_main and number == len(columns) - 1)
            summary = self.model.layout.summary if number == 0 else None
            spanned = number == 0 and self.model.layout.spans is not None
            checks = column.checked is not None or (
                spanned and summary is not None and summary.checked is not None)
            kind = "wrap" if stretch else "first" if spanned else "short"
            self.view.setItemDelegateForColumn(number, self._delegates[(kind, checks)])
            # Every width is set here (see _fit_columns), none by the header itself: a short
            # column to its contents, not by ResizeToContents (see _fit_short_columns); a
            # main one to the room left, not by Stretch (see _fit_main_columns).
            header.setSectionResizeMode(number, QHeaderView.ResizeMode.Fixed)
            header.setSectionHidden(number, column.hidden)
        self.main_columns = tuple(number for number, column in enumerate(columns)
                                   if column.main or (not has_main
                                                      and number == len(columns) - 1))
        self._fit_columns()

    def _fit_columns(self, *numbers: int) -> None:
        """Size the short columns (all, or those numbered) to their contents and the main
        ones to the width left, then lay the rows out once at those widths.

        The view is not told column by column: told of a resized column, Qt's tree view
        repaints it on a timer of its own, after the window's next paint, so a list shown
        for the first time (its columns going from the header's defaults to their widths,
        then narrowed by the scroll bar its rows bring) was painted twice, every row
        measured and drawn again. Here the header changes quietly and the rows are laid out
        (and painted) once, before that paint."""
        header = self.view.header()
        quiet = header.blockSignals(True)
        try:
            changed = self._fit_short_columns(*numbers)
            changed = self._fit_main_columns() or changed
        finally:
            header.blockSignals(quiet)
        if changed:
            header.viewport().update()
            self._relayout.start()

    def _fit_short_columns(self, *numbers: int) -> bool:
        """Size the short columns (all, or those numbered) to their widest text and their
        title, as ResizeToContents would. Measured from the texts the model holds, once per
        list: ResizeToContents asks the model for every role of up to a thousand rows per
        column each time the view lays out, which made a big partner's tabs slow to show.
        True when a width changed."""
        header = self.view.header()
        changed = False
        for number in numbers or range(header.count()):
            if number not in self.main_columns and not header.isSectionHidden(number):
                width = max(header.sectionSizeHint(number), self._content_width(number))
                if header.sectionSize(number) != width:
                    header.resizeSection(number, width)
                    changed = True
        return changed

    def _fit_main_columns(self) -> bool:
        """Share the width the short columns leave among the main columns, as the
        header's Stretch did (never narrower than its least section). True when a width
        changed."""
        header = self.view.header()
        shown = [n for n in self.main_columns if not header.isSectionHidden(n)]
        if not shown:
            return False
        taken = sum(header.sectionSize(n) for n in range(header.count())
                    if n not in shown and not header.isSectionHidden(n))
        each, left = divmod(max(self.view.viewport().width() - taken, 0), len(shown))
        changed = False
        for place, number in enumerate(shown):
            width = max(each + (1 if place < left else 0), header.minimumSectionSize())
            if header.sectionSize(number) != width:
                header.resizeSection(number, width)
                changed = True
        return changed

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if (event.type() == QEvent.Type.Resize and watched is self.view.viewport()
                and event.size().width() != event.oldSize().width()):
            self._fit_columns(*self.main_columns)  # the room changed, not the contents
        return False

    def _content_width(self, number: int) -> int:
        """The width the view's own size hint gives the column's widest cell (each text's
        advance kept: see text_widths)."""
        plain, strong, checks, depth = self.model.column_texts(number)
        view, style = self.view, self.view.style()
        option = QStyleOptionViewItem()
        option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
        if checks:
            option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
        width = 0
        for strong_texts, texts, font in (
                (False, plain, view.font()),
                (True, strong, bold(QApplication.font()).resolve(view.font()))):
            metrics, key = QFontMetrics(font), font.key()
            option.font = font

            def advance(text: str, metrics=metrics, key=key, strong=strong_texts) -> int:
                return self._advances.of(text, metrics, key, strong)

            # the few widest by advance, measured as the style measures a cell
            for text in heapq.nlargest(3, texts, key=advance):
                option.text = text.replace("\n", "\u2028")  # as the delegate shows it
                width = max(width, style.sizeFromContents(
                    QStyle.ContentsType.CT_ItemViewItem, option, QSize(), view).width())
        if number == 0 and width:  # the tree's indentation, as QTreeView adds it
            width += view.indentation() * (depth + int(view.rootIsDecorated()))
        return width

    def _header_menu(self, position) -> None:
        """Show or hide columns; the first column always stays."""
        header = self.view.header()
        menu = QMenu(self)
        for number, column in enumerate(self.model.layout.columns):
            if number == 0 or not column.title:
                continue
            action = menu.addAction(column.title)
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(number))
            action.toggled.connect(lambda on, n=number: self._show_column(n, on))
        menu.addSeparator()
        menu.addAction(self.tr("Reset Columns"), self._shape_columns)
        menu.exec(header.mapToGlobal(position))

    def _show_column(self, number: int, shown: bool) -> None:
        self.view.header().setSectionHidden(number, not shown)
        self._fit_columns(number) if shown else self._fit_columns(*self.main_columns)

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        kind = event.type()
        if kind in (event.Type.FontChange, event.Type.StyleChange,
                    event.Type.ApplicationFontChange):
            self.model.restyle()  # bold is the application font's
            for delegate in self._delegates.values():
                delegate.forget()
            self._advances.forget()
            self._fit_columns()  # texts measure differently now
        elif kind in (event.Type.PaletteChange, event.Type.ApplicationPaletteChange):
            self.model.restyle()  # the alert colour is the palette's

    def add_button_widget(self, button: QPushButton) -> None:
        """A tab's own button (e.g. 'Add action…'), placed before Edit."""
        button.setAutoDefault(False)
        self.buttons.insertWidget(self.buttons.indexOf(self.edit_button), button)
        self._extra_buttons.append(button)

    def set_writable(self, writable: bool) -> None:
        """A read-only portfolio (a reader's, or a file open elsewhere): the list can be read
        and sorted, nothing added, edited, removed or ticked."""
        self._writable = writable
        self.model.writable = writable
        for button in (self.add_button, self.edit_button, self.remove_button,
                       *self._extra_buttons):
            button.setVisible(writable)  # never there for this portfolio: not shown at all
            button.setEnabled(writable)
        self._on_current()

    # the records --------------------------------------------------------------------------
    def set_records(self, objects: Sequence[Any]) -> None:
        """Show a fresh list, keeping the same row selected when it is still there.

        The rows are laid out later, once, when the tab around the list has taken its size
        (see lay_out_now): nothing here lays them out before."""
        current = self.current()
        key = record_key(current) if current is not None else None
        self._hold_scroll_bar(self.model.rows_in(objects))
        self.model.set_records(objects)
        # Every row with rows beneath it, expanded while the view's layout is still to come
        # (expandAll would walk every row of the list now, and again when it is painted).
        for index in self.model.parent_indexes():
            self.view.expand(index)
        # Every column at its width now, not on the header's next turn of the event loop:
        # rows are then laid out (and wrapped) once, at their widths (see _fit_columns).
        self._fit_columns()
        with self._layout_waiting():
            self._span(self.model.spanned_indexes())
            index = self.model.index_of(key) if key is not None else QModelIndex()
            if index.isValid():
                self.view.setCurrentIndex(index)
                self._scroll_due = True  # into sight once laid out
                QTimer.singleShot(0, self._scroll_to_current)
            elif self._details is not None and self.model.rowCount():
                # The details pane explains the list: start it on the first row, not blank.
                self.view.setCurrentIndex(self.model.index(0, 0))
        self._relayout.stop()  # the rows' layout to come has the last widths
        self._on_current()

    def lay_out_now(self) -> None:
        """Lay the rows out now rather than on the view's next turns of the event loop, at the
        widths they keep (the scroll bar they need shown first, see _hold_scroll_bar), then
        let the scroll bar go (Qt hides it if they fit after all, and they are laid out
        again). Called until the widths hold, so the list is painted once, at its final
        widths."""
        if self._relayout.isActive():
            self._relayout.stop()
            self.view.doItemsLayout()
        self.view.executeDelayedItemsLayout()
        self._release_scroll_bar()
        QCoreApplication.sendPostedEvents(self.view, QEvent.Type.MetaCall)
        self._scroll_to_current()

    def _hold_scroll_bar(self, rows: int) -> None:
        """Show the scroll bar before laying out `rows` rows that may not fit without it.

        Left to Qt, the rows were laid out (every wrapped text measured) at the full width,
        then again at the width the scroll bar their height brought left them: twice for
        every list that went from fitting to scrolling, as each list does the first time it
        is filled. Held when the rows could overflow at two lines each (these lists wrap
        their main text); a list that fits after all lets it go again before it is painted,
        its few rows measured a second time. Shown before the new rows are set: the tab
        around the list lays itself out before the rows, and its resizes of the view would
        have measured them (the last screenful, for the scroll bar's range) at the width
        without it."""
        view = self.view
        if self._bar_held or not view.isVisible() or view.verticalScrollBar().isVisible():
            return
        if rows * 2 * view.fontMetrics().height() > view.viewport().height():
            self._bar_held = True
            view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
            QTimer.singleShot(0, self._release_scroll_bar)  # however the list comes to be shown

    def _release_scroll_bar(self) -> None:
        """The rows are laid out: the scroll bar is Qt's to show or hide again (it stays)."""
        if self._bar_held:
            self._bar_held = False
            self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def _scroll_to_current(self) -> None:
        if self._scroll_due:
            self._scroll_due = False
            self.view.scrollTo(self.view.currentIndex())

    @contextlib.contextmanager
    def _layout_waiting(self):
        """Let the view lay out its rows later, not now: Qt's tree view lays out every row
        still to be laid out first when a row is marked as spanning, made current or asked
        for its place, or the scroll bar is shown (at a size the tab may not have yet, and
        the layout to come did it again), unless it is in the middle of collapsing a row.
        The layout to come reads the spans and the current row as it lays each row out."""
        view = self.view
        state = view.state()
        view.setState(QAbstractItemView.State.CollapsingState)
        try:
            yield
        finally:
            view.setState(state)

    def _span(self, indexes) -> None:
        """Mark rows as spanning the width (inside _layout_waiting: without laying the list
        out)."""
        for index in indexes:
            self.view.setFirstColumnSpanned(index.row(), index.parent(), True)

    def records(self) -> list[Any]:
        return self.model.records()

    def current(self) -> Any | None:
        index = self.view.currentIndex()
        return index.data(OBJECT_ROLE) if index.isValid() else None

    def select(self, obj) -> None:
        self.view.setCurrentIndex(self.model.index_of(record_key(obj)))

    def visible_rows(self) -> list[Any]:
        """Top-level objects in the order shown (after sorting)."""
        return [self.model.index(r, 0).data(OBJECT_ROLE) for r in range(self.model.rowCount())]

    # asking -------------------------------------------------------------------------------
    def _on_current(self, *args) -> None:
        obj = self.current()
        can = obj is not None and self._writable and self._editable(obj)
        self.edit_button.setEnabled(can)
        self.remove_button.setEnabled(can)
        if self._details is not None:
            html = self._details(obj) if obj is not None else ""
            # Set only when it changed: filling the list makes its first row current and
            # then asks again, and each setHtml lays the whole text out anew (a millisecond).
            if html != self._details_shown:
                self._details_shown = html
                self.details.setHtml(html)
        self.current_changed.emit(obj)

    def _edit(self, *args) -> None:
        obj = self.current()
        if obj is not None and self._writable and self._editable(obj):
            self.edit_requested.emit(obj)

    def _remove(self) -> None:
        obj = self.current()
        if obj is not None and self._writable and self._editable(obj):
            self.remove_requested.emit(obj)
