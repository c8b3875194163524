"""What the layout tests look for in a rendered window, as functions that return findings.

Each check walks the visible widgets of a top-level window and returns one sentence per
problem (empty when all is well), so a failing test says what is wrong and where:
- a widget that overflows its window;
- a label whose text does not fit (cut on the right, or wrapped lines cut at the bottom);
- a header whose title is elided;
- a row whose main text is cut (the portfolio's partner name; a list's wrapped main column;
  a short column's text wider than the column);
- a text colour on its background below WCAG AA (4.5:1), for the palette's own pairs, the
  colours the app derives from it and every item view's foreground/background roles.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QHeaderView,
    QLabel,
    QStyle,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from planner.ui.look import (
    alert_colour,
    contrast,
    muted_text,
    ours_colour,
    theirs_colour,
)
from planner.ui.portfolio_delegates import PartnerDelegate
from planner.ui.workspace.cell_delegates import WrapDelegate

AA = 4.5
Role = QPalette.ColorRole


def name(widget: QWidget) -> str:
    return (widget.accessibleName() or widget.objectName() or type(widget).__name__) + (
        f" '{widget.text()[:30]}'" if isinstance(widget, QLabel) else "")


def visible_widgets(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.isVisibleTo(root) and w.isVisible()]


def inside_scrolled_content(widget: QWidget) -> bool:
    """Content of a scroll area may extend beyond the window: it scrolls."""
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and parent is grand.viewport():
            return True
        parent = grand
    return False


def overflowing(window: QWidget) -> list[str]:
    bounds = window.rect()
    found = []
    for widget in visible_widgets(window):
        if widget.isWindow() or inside_scrolled_content(widget):
            continue
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        if not bounds.adjusted(-1, -1, 1, 1).contains(rect):
            found.append(f"{name(widget)} overflows the window: {rect} outside {bounds}")
    return found


def clipped_labels(window: QWidget) -> list[str]:
    found = []
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text() or not label.pixmap().isNull():
            continue
        room = label.contentsRect()
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                found.append(f"label {name(label)} is cut at the bottom: needs {needed} px, "
                             f"has {label.height()}")
        elif label.textFormat() == Qt.TextFormat.PlainText or (
                label.textFormat() == Qt.TextFormat.AutoText and "<" not in label.text()):
            shown = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            widest = max(QFontMetrics(label.font()).horizontalAdvance(line)
                         for line in shown.split("\n"))
            if widest > room.width() + 1:
                found.append(f"label {name(label)} is cut on the right: needs {widest} px, "
                             f"has {room.width()}")
    return found


def elided_headers(window: QWidget) -> list[str]:
    found = []
    for header in window.findChildren(QHeaderView):
        if not header.isVisible() or header.orientation() != Qt.Orientation.Horizontal:
            continue
        model = header.model()
        if model is None:
            continue
        margin = header.style().pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        metrics = QFontMetrics(header.font())
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            title = model.headerData(section, Qt.Orientation.Horizontal) or ""
            needed = metrics.horizontalAdvance(str(title)) + 2 * margin
            if needed > header.sectionSize(section) + 1:
                found.append(f"header '{title}' of {name(header.parentWidget())} is elided: "
                             f"needs {needed} px, has {header.sectionSize(section)}")
    return found


TOP = QModelIndex()


def _columns(model, parent) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model keeps columnCount private: one column
        return 1


def _indexes(model, parent=TOP):
    for row in range(model.rowCount(parent)):
        first = model.index(row, 0, parent)
        yield row, parent, [model.index(row, c, parent) for c in range(_columns(model, parent))]
        try:
            nested = model.rowCount(first) > 0
        except TypeError:  # a flat list model
            nested = False
        if nested:
            yield from _indexes(model, first)


def item_views(window: QWidget) -> list[QAbstractItemView]:
    return [v for v in window.findChildren(QAbstractItemView)
            if v.isVisible() and v.model() is not None and not isinstance(v, QHeaderView)]


def cut_rows(window: QWidget) -> list[str]:
    """Main text cut short in item views (wrapped or not)."""
    found = []
    for view in item_views(window):
        model = view.model()
        header = (view.header() if isinstance(view, QTreeView)
                  else getattr(view, "horizontalHeader", lambda: None)())
        margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1
        for row, parent, cells in _indexes(model):
            spanned = isinstance(view, QTreeView) and view.isFirstColumnSpanned(row, parent)
            for index in cells:
                if header is not None and header.isSectionHidden(index.column()):
                    continue
                if spanned and index.column() > 0:
                    continue
                text = index.data(Qt.ItemDataRole.DisplayRole)
                rect = view.visualRect(index)
                if not text or not isinstance(text, str) or rect.isEmpty():
                    continue
                delegate = view.itemDelegateForIndex(index)
                problem = _cut(view, index, text, rect, delegate, margin, spanned)
                if problem:
                    found.append(f"{name(view)}: '{text[:40]}' {problem}")
    return found


def _cut(view, index, text, rect, delegate, margin, spanned) -> str:
    if isinstance(delegate, PartnerDelegate):  # one line, or two whole ones
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.font = view.font()
        head, rest = delegate.name_lines(option, index, rect.width())
        whole = text.startswith(head) and text[len(head):].lstrip() == rest
        return "" if whole else f"is cut to '{head}' / '{rest}' in {rect.width()} px"
    if isinstance(delegate, WrapDelegate):
        option = QStyleOptionViewItem()
        option.initFrom(view)
        needed = delegate.sizeHint(option, index).height()
        return (f"wraps to {needed} px in a {rect.height()} px row" if needed > rect.height() + 1
                else "")
    if "\n" in text or spanned:
        return ""
    if view.wordWrap():
        box = QFontMetrics(view.font()).boundingRect(
            QRect(0, 0, max(1, rect.width() - 2 * margin), 100_000),
            int(Qt.TextFlag.TextWordWrap), text)
        return (f"wraps to {box.height()} px in a {rect.height()} px row"
                if box.height() > rect.height() + 1 else "")
    font = index.data(Qt.ItemDataRole.FontRole) or view.font()
    needed = QFontMetrics(font).horizontalAdvance(text) + 2 * margin
    check = index.data(Qt.ItemDataRole.CheckStateRole) is not None
    icon = index.data(Qt.ItemDataRole.DecorationRole) is not None
    if check or icon:
        needed += view.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth) + 4
    return f"is elided: needs {needed} px, has {rect.width()}" if needed > rect.width() + 2 \
        else ""


def colour_of(value, fallback: QColor) -> QColor:
    if isinstance(value, QBrush):
        return value.color() if value.style() != Qt.BrushStyle.NoBrush else fallback
    if isinstance(value, QColor):
        return value
    return fallback


def low_contrast(window: QWidget) -> list[str]:
    palette = window.palette()
    base, window_colour = palette.color(Role.Base), palette.color(Role.Window)
    alternate = palette.color(Role.AlternateBase)
    pairs = {
        "Text on Base": (palette.color(Role.Text), base),
        "Text on AlternateBase": (palette.color(Role.Text), alternate),
        "WindowText on Window": (palette.color(Role.WindowText), window_colour),
        # (HighlightedText on Highlight is the platform's own pair: Fusion's light one is
        # 3.7:1, which the app cannot change without overriding the user's palette.)
        "Link on Window": (palette.color(Role.Link), window_colour),
        "Link on AlternateBase (home cards)": (palette.color(Role.Link), alternate),
        "alert on Base": (alert_colour(palette), base),
        "alert on Window": (alert_colour(palette), window_colour),
        "alert on AlternateBase (home cards)": (alert_colour(palette), alternate),
        "muted on Base": (muted_text(palette, base), base),
        "ours on Base": (ours_colour(palette), base),
        "theirs on Base": (theirs_colour(palette), base),
    }
    found = [f"{what}: {contrast(a, b):.2f}:1" for what, (a, b) in pairs.items()
             if contrast(a, b) < AA]
    for view in item_views(window):
        for _row, _parent, cells in _indexes(view.model()):
            for index in cells:
                text = index.data(Qt.ItemDataRole.DisplayRole)
                if not text:
                    continue
                back = colour_of(index.data(Qt.ItemDataRole.BackgroundRole), base)
                fore = colour_of(index.data(Qt.ItemDataRole.ForegroundRole),
                                 palette.color(Role.Text))
                if contrast(fore, back) < AA:
                    found.append(f"{name(view)}: '{str(text)[:30]}' at "
                                 f"{contrast(fore, back):.2f}:1")
    return found


def audit(window: QWidget) -> list[str]:
    return (overflowing(window) + clipped_labels(window) + elided_headers(window)
            + cut_rows(window) + low_contrast(window))
