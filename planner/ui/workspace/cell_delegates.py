"""How the workspace lists measure their cells: a row's height is asked for every column of
every row the view lays out, so it is worked out from what the model already holds.

Qt's own delegate measures a cell by asking the model for each of its ten roles, one call
into Python each, and laying out its text; at a big partner's lists that was a fifth of
showing a tab. These delegates take the cell's text, font and check box from the model's
worked-out cell and hand the style one option per kind of cell (plain or bold, with or
without a check box), prepared once, with only the text changed: the same measure, made
without asking the model again. An option with a rect (a view asking at a given width) is
measured the ordinary way.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QBrush, QFontMetrics, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView

from planner.ui.look import spacing
from planner.ui.style import draw_check_outline
from planner.ui.workspace.records import CHECK, DISPLAY, FONT, FOREGROUND

_ITEM = QStyle.ContentsType.CT_ItemViewItem
_WRAP = int(Qt.TextFlag.TextWordWrap)
_HAS_CHECK = QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay


class ShortDelegate(QStyledItemDelegate):
    """A short column's cell, measured as the style measures it (the text never wraps).

    The view asks every column of a row how tall the row must be, so a list of a hundred
    rows asks the short columns hundreds of times, mostly the same few texts ("us", "both",
    a trait's number, a risk): each text is measured once per kind of cell and kept."""

    KEPT = 4096  # sizes kept at most (a list's distinct short texts are far fewer)

    def __init__(self, view: QTreeView):
        super().__init__(view)
        self.view = view
        self._options: dict[tuple, Any] = {}
        self._sizes: dict[tuple, QSize] = {}
        self._metrics: dict[bool, QFontMetrics] = {}  # plain and bold, as the cells show

    def initStyleOption(self, option, index) -> None:  # noqa: N802
        """What QStyledItemDelegate's own sets, from the model's worked-out cell in one call
        into Python: its own asks the model for each of ten roles, one call each, for every
        cell painted (and these cells hold only text, a check box, a font and a colour)."""
        cell = self.view.model().cell(index)
        option.index = index
        font = cell.get(FONT)
        if font is not None:
            font = font.resolve(option.font)
            option.font = font
            option.fontMetrics = QFontMetrics(font)
        colour = cell.get(FOREGROUND)
        if colour is not None:
            palette = option.palette
            palette.setBrush(QPalette.ColorRole.Text, QBrush(colour))
            option.palette = palette
        check = cell.get(CHECK)
        if check is not None:
            option.features |= _HAS_CHECK
            option.checkState = check
        text = cell.get(DISPLAY)
        if text is not None:
            option.features |= _HAS_DISPLAY
            option.text = text.replace("\n", "\u2028")  # as displayText shows a newline

    def forget(self) -> None:
        """The font or style changed: cells measure differently now."""
        self._options.clear()
        self._sizes.clear()
        self._metrics.clear()

    def measured(self, option, index) -> tuple[QSize, QStyleOptionViewItem]:
        """The style's size of the cell, and the option it was measured with."""
        cell = self.view.model().cell(index)
        text = cell.get(DISPLAY)
        if option.rect.isValid() or text is None:  # the ordinary way
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
        else:
            key = (FONT in cell, CHECK in cell)
            opt = self._options.get(key)
            if opt is None:
                opt = QStyleOptionViewItem(option)
                self.initStyleOption(opt, index)  # the one time the model is asked
                self._options[key] = opt
            opt.text = text.replace("\n", "\u2028")  # as initStyleOption shows a newline
        return self.view.style().sizeFromContents(_ITEM, opt, QSize(), self.view), opt

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        if option.rect.isValid():  # asked at a given size: the ordinary way
            return self.measured(option, index)[0]
        cell = self.view.model().cell(index)
        key = (cell.get(DISPLAY), FONT in cell, CHECK in cell)
        size = self._sizes.get(key)
        if size is None:
            if len(self._sizes) >= self.KEPT:
                self._sizes.clear()
            size = self._sizes[key] = self.measured(option, index)[0]
        return size


class WrapDelegate(ShortDelegate):
    """A main column's rows as tall as their wrapped text (QTreeView sizes rows as one line).

    The height is measured at the column's current width, less the indentation of the row,
    its check box and the style's text margins; the view lays rows out again on a resize.
    The style's own measure of the cell is taken for one line of its kind (plain or bold,
    with or without a check box) and kept, not for the whole text laid out on one line:
    that only gave the row's least height, and laying out a long text twice was most of
    what measuring a wrapped row cost. The width handed back is a line's: a main column's
    width is the panel's to set (see RecordPanel._fit_main_columns), never its contents'.

    `short`: the first column of a list with summary rows across the width (a meeting's
    date beside the meetings' actions): its own rows are short cells, sized to their
    contents; only the summary rows wrap."""

    def __init__(self, view: QTreeView, short: bool = False):
        super().__init__(view)
        self.short = short

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        view, model = self.view, self.view.model()
        if self.short and not model.is_spanned_index(index):
            return super().sizeHint(option, index)
        cell = model.cell(index)
        text = cell.get(DISPLAY)
        if option.rect.isValid() or not text:  # asked at a given size: the ordinary way
            return self.measured(option, index)[0]
        line, opt = self._line(option, index, cell)
        style = view.style()
        width = view.header().sectionSize(index.column())
        if index.column() == 0:
            if model.is_spanned_index(index):
                width = view.viewport().width()
            width -= view.indentation() * (model.depth(index) + int(view.rootIsDecorated()))
        if opt.features & QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator:
            width -= style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth, opt) + spacing(view)
        width -= 2 * (style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, opt) + 1)
        if width <= 0:
            return self.measured(option, index)[0]
        box = self._metrics[FONT in cell].boundingRect(
            QRect(0, 0, width, 100_000), _WRAP, text.replace("\n", "\u2028"))
        return QSize(line.width(), max(line.height(), box.height() + 4))

    def _line(self, option, index, cell) -> tuple[QSize, QStyleOptionViewItem]:
        """The style's size of a one-line cell of this kind, and its option (kept)."""
        key = ("line", FONT in cell, CHECK in cell)
        kept = self._options.get(key)
        if kept is None:
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.text = "X"
            size = self.view.style().sizeFromContents(_ITEM, opt, QSize(), self.view)
            kept = self._options[key] = (size, opt)
            self._metrics[FONT in cell] = QFontMetrics(opt.font)
        return kept


class Outlined:
    """A check box's outline drawn over the cell, legible on a dark palette: the lists draw
    with the platform style itself (style.list_style), not the application's proxy, which
    outlines check boxes everywhere else. Only columns with check boxes have it."""

    def paint(self, painter, option, index) -> None:
        super().paint(painter, option, index)
        if CHECK in self.view.model().cell(index):
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            # The box sits at the cell's side, centred on its height, whatever the text: the
            # style lays the text out to place it, once more for a long wrapped one.
            opt.text = ""
            rect = self.view.style().subElementRect(
                QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, self.view)
            draw_check_outline(painter, rect, opt.palette)


class OutlinedShortDelegate(Outlined, ShortDelegate):
    pass


class OutlinedWrapDelegate(Outlined, WrapDelegate):
    pass
