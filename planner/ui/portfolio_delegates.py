"""How the portfolio table draws its two richest cells: the partner and the checklist.

The partner cell is a mail-list row: the name on the first line, and on a muted second line
why the partner needs attention (an icon per level and the heaviest reason) or, when all is
well, the organisation. A name is never cut to a fragment: when the column is too narrow for
it, the name takes both lines (the level's icon stays, before its second line) and the reason
or organisation it displaces is in the tooltip. The level is told by the icon's shape as well
as its colour (a filled mark for "needs you now", an eye for "keep an eye on"), so it
survives colour blindness and print. The checklist cell is a bar you can read at a glance
with the figure beside it.
Both only present what the model's roles give; the rules stay in the domain.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from planner.domain.attention import Level, Reason
from planner.ui.icons import icon
from planner.ui.look import alert_colour, blend, muted_text, smaller, spacing
from planner.ui.portfolio_model import ProgressRole, ReasonsRole, SubtitleRole

Role = QPalette.ColorRole


def tr(text: str) -> str:
    return QCoreApplication.translate("PortfolioView", text)


def level_words(level: Level) -> str:
    return tr("Needs you now") if level is Level.NOW else tr("Keep an eye on")


def reasons_line(reasons: tuple[Reason, ...]) -> str:
    """The heaviest reason, and how many more there are."""
    if not reasons:
        return ""
    more = len(reasons) - 1
    return reasons[0].text + (tr(" (+{0} more)").format(more) if more else "")


def name_lines(metrics: QFontMetrics, name: str, width: int,
               indent: int = 0) -> tuple[str, str]:
    """The name on one line when it fits; else broken over two, after the last word that fits
    on the first (or, for one long word, the last character that does). The second line is
    `indent` narrower (the level's mark leads it). Only a name too long for two whole lines
    is elided, at the end of the second."""
    if metrics.horizontalAdvance(name) <= width:
        return name, ""
    cut = 0
    for position, character in enumerate(name):
        if character.isspace() and metrics.horizontalAdvance(name[:position]) <= width:
            cut = position
    if cut:
        first, rest = name[:cut], name[cut:].lstrip()
    else:  # no word boundary fits: as many characters as do
        cut = 1
        while cut < len(name) and metrics.horizontalAdvance(name[:cut + 1]) <= width:
            cut += 1
        first, rest = name[:cut], name[cut:]
    if metrics.horizontalAdvance(rest) <= width - indent:
        return first, rest
    return first, metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width - indent)


def _background_of(option: QStyleOptionViewItem) -> QPalette.ColorRole:
    if option.state & QStyle.StateFlag.State_Selected:
        return Role.Highlight
    return Role.Base


def _text_roles(option: QStyleOptionViewItem) -> tuple[Role, Role]:
    if option.state & QStyle.StateFlag.State_Selected:
        return Role.HighlightedText, Role.Highlight
    return Role.Text, Role.Base


class PartnerDelegate(QStyledItemDelegate):
    """Name on top, the reason (or the organisation) below in the small type size."""

    def lines(self, option) -> tuple[int, int]:
        return (QFontMetrics(option.font).lineSpacing(),
                QFontMetrics(smaller(option.font)).lineSpacing())

    def mark_size(self, option) -> int:
        return max(10, self.lines(option)[1] - 2)

    def name_lines(self, option, index, cell_width: int) -> tuple[str, str]:
        """The name as this cell draws it: one line, or two (see `name_lines`)."""
        pad = spacing(option.widget)
        indent = self.mark_size(option) + pad // 2 if index.data(ReasonsRole) else 0
        return name_lines(QFontMetrics(option.font), index.data(Qt.ItemDataRole.DisplayRole)
                          or "", cell_width - 2 * pad, indent)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        first, second = self.lines(option)
        name = index.data(Qt.ItemDataRole.DisplayRole) or ""
        pad = spacing(option.widget)
        width = QFontMetrics(option.font).horizontalAdvance(name) + 2 * pad
        return QSize(width, first + second + pad)

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

        palette = opt.palette
        ink_role, back_role = _text_roles(opt)
        ink, back = palette.color(ink_role), palette.color(back_role)
        pad = spacing(opt.widget)
        first, second = self.lines(opt)
        top = opt.rect.top() + (opt.rect.height() - first - second) // 2
        area = opt.rect.adjusted(pad, 0, -pad, 0)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(ink)
        reasons: tuple[Reason, ...] = index.data(ReasonsRole) or ()
        mark_size = self.mark_size(opt)
        level_mark = None
        if reasons:
            level_mark = icon("attention-now" if reasons[0].level is Level.NOW
                              else "attention-watch")
        indent = mark_size + pad // 2 if level_mark is not None else 0
        head, rest = self.name_lines(opt, index, opt.rect.width())
        if rest:  # the name takes both lines; its level's mark leads the second
            top = opt.rect.top() + (opt.rect.height() - 2 * first) // 2
            painter.drawText(QRect(area.left(), top, area.width(), first),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, head)
            line = QRect(area.left(), top + first, area.width(), first)
            if level_mark is not None:
                level_mark.paint(painter, QRect(line.left(), line.top()
                                                + (first - mark_size) // 2, mark_size,
                                                mark_size))
                line.setLeft(line.left() + indent)
            painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             rest)
            painter.restore()
            return
        painter.drawText(QRect(area.left(), top, area.width(), first),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        small = smaller(opt.font)
        painter.setFont(small)
        line = QRect(area.left(), top + first, area.width(), second)
        if level_mark is not None:
            level = reasons[0].level
            level_mark.paint(painter, QRect(line.left(), line.top() + (second - mark_size) // 2,
                                            mark_size, mark_size))
            line.setLeft(line.left() + indent)
            colour = (alert_colour(palette) if level is Level.NOW
                      and not opt.state & QStyle.StateFlag.State_Selected
                      else muted_text(palette, back) if ink_role == Role.Text else ink)
            words = reasons_line(reasons)
        else:
            colour = muted_text(palette, back) if ink_role == Role.Text else blend(
                ink, back, 0.85)
            words = index.data(SubtitleRole) or ""
        painter.setPen(colour)
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(small).elidedText(words, Qt.TextElideMode.ElideRight,
                                                        line.width()))
        painter.restore()


class ProgressDelegate(QStyledItemDelegate):
    """Checklist progress: a bar (accent on a track) with "done/total" beside it."""

    BAR_WIDTH = 28
    BAR_HEIGHT = 6

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        pad = spacing(option.widget)
        figure = QFontMetrics(option.font).horizontalAdvance("00/00")
        return QSize(self.BAR_WIDTH + figure + 3 * pad, super().sizeHint(option, index).height())

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        fraction = index.data(ProgressRole)
        if fraction is None:
            return
        palette = opt.palette
        ink_role, back_role = _text_roles(opt)
        ink, back = palette.color(ink_role), palette.color(back_role)
        pad = spacing(opt.widget)
        fm = QFontMetrics(opt.font)
        figure = fm.horizontalAdvance(text or "00/00")
        area = opt.rect.adjusted(pad, 0, -pad, 0)
        bar_width = max(12, area.width() - figure - pad)
        bar = QRectF(area.left(), area.center().y() - self.BAR_HEIGHT / 2 + 1, bar_width,
                     self.BAR_HEIGHT)
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(blend(ink, back, 0.22))
        painter.drawRoundedRect(bar, 3, 3)
        if fraction > 0:
            fill = QRectF(bar)
            fill.setWidth(max(self.BAR_HEIGHT, bar.width() * fraction))
            painter.setBrush(ink if ink_role == Role.HighlightedText
                             else palette.color(Role.Highlight))
            painter.drawRoundedRect(fill, 3, 3)
        painter.setPen(ink)
        painter.setFont(opt.font)
        painter.drawText(QRect(area.right() - figure, opt.rect.top(), figure,
                               opt.rect.height()),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)
        painter.restore()
