"""The workspace's tab bar: every tab in sight, without scroll arrows, down to a 1024-pixel window.

Eight tabs with the style's roomy padding are wider than the workspace at the smallest window
size the app supports; a scrolling tab bar hides a part of the partner behind an arrow. Where
the tabs would not fit, this bar takes the padding around each label in (evenly, never below
the style's layout spacing on each side), so the labels stay whole and every tab stays one
click away. Where they fit, the style's own padding stands.

The padding is the style's PM_TabBarTabHSpace; the style both sizes a tab and places its
label by it. The bar draws with the platform style itself (style.list_style) and takes the
padding in itself: each tab `cut` pixels narrower (tabSizeHint), its label placed in the
room the narrower padding leaves (paintEvent). Through a proxy of the style that asks for
less padding, every metric the style looked up while drawing the bar was a call into Python,
some 120 at every change of tab; the proxy is left only for a bar that would not fit even
with its padding taken in (a larger font, the splitter dragged far), which Qt scrolls.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QRect, QSize
from PySide6.QtWidgets import (
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOptionTab,
    QStyleOptionTabBarBase,
    QStylePainter,
    QTabBar,
    QWidget,
)

from planner.ui.look import spacing
from planner.ui.style import list_style

HSPACE = QStyle.PixelMetric.PM_TabBarTabHSpace
_NORTH = (QTabBar.Shape.RoundedNorth, QTabBar.Shape.TriangularNorth)


class _TabPadding(QProxyStyle):
    """The platform style with `cut` pixels less padding around each tab's label, for a bar
    Qt scrolls (see the module's note)."""

    def __init__(self):
        super().__init__(QStyleFactory.create(list_style().name()))
        self.cut = 0

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802
        value = super().pixelMetric(metric, option, widget)
        return value - self.cut if metric == HSPACE else value


class FittingTabBar(QTabBar):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.cut = 0  # taken in by the bar itself
        self._scrolled: _TabPadding | None = None  # taken in by a proxy, for a scrolling bar
        self.setStyle(list_style())  # the platform style, no Python between the bar and it
        self.setElideMode(self.elideMode().ElideNone)  # a label is read whole, or not at all
        if parent is not None:
            parent.installEventFilter(self)

    def available_width(self) -> int:
        """The width the tab widget gives its tabs (the whole widget: no corner widgets)."""
        holder = self.parentWidget()
        return holder.width() if holder is not None else self.width()

    def padding_cut(self) -> int:
        return self._scrolled.cut if self.style() is self._scrolled else self.cut

    def fit(self) -> None:
        """Take in the padding just enough for every tab to fit, or give it back."""
        count = self.count()
        self.cut = 0
        if self.style() is not list_style():
            self.setStyle(list_style())
        natural = sum(QTabBar.tabSizeHint(self, i).width() for i in range(count))
        excess = natural - self.available_width()
        spare = max(0, self.style().pixelMetric(HSPACE, None, self) - 2 * spacing(self))
        cut = min(spare, math.ceil(excess / count)) if excess > 0 and count else 0
        if natural - cut * count <= self.available_width():
            self.cut = cut
        else:  # scrolled even so: Qt's own scrolling, with the padding taken in by a proxy
            if self._scrolled is None:
                self._scrolled = _TabPadding()
                self._scrolled.setParent(self)
            self._scrolled.cut = cut
            self.setStyle(self._scrolled)
        self.setElideMode(self.elideMode())  # lays the tabs out again with the new padding

    def tabSizeHint(self, index: int) -> QSize:  # noqa: N802
        size = super().tabSizeHint(index)
        if self.cut and self.shape() in _NORTH:
            size.setWidth(size.width() - self.cut)
        return size

    def paintEvent(self, event) -> None:  # noqa: N802
        """QTabBar's own painting of a bar whose tabs all fit (no scrolling, no tab being
        dragged: this bar's tabs do not move), each label in the room its narrower padding
        leaves. The style centres a label in the tab less the style's padding on each side;
        the label is handed a tab as much wider as takes the cut back."""
        if not self.cut or self.shape() not in _NORTH or self.isMovable():
            super().paintEvent(event)
            return
        style = self.style()
        padding = style.pixelMetric(HSPACE, None, self)
        wider = padding // 2 - (padding - self.cut) // 2
        painter = QStylePainter(self)
        current = self.currentIndex()
        if self.drawBase():
            painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameTabBarBase,
                                  self._base_option(current))
        # the current tab last, over its neighbours
        order = [i for i in range(self.count()) if i != current and self.isTabVisible(i)]
        if current >= 0:
            order.append(current)
        for index in order:
            option = QStyleOptionTab()
            self.initStyleOption(option, index)
            if not self.isTabEnabled(index):
                option.palette.setCurrentColorGroup(option.palette.ColorGroup.Disabled)
            painter.drawControl(QStyle.ControlElement.CE_TabBarTabShape, option)
            option.rect = option.rect.adjusted(-wider, 0, wider, 0)
            painter.drawControl(QStyle.ControlElement.CE_TabBarTabLabel, option)

    def _base_option(self, current: int) -> QStyleOptionTabBarBase:
        """As QTabBar's own paint sets up the line under the tabs (initStyleBaseOption)."""
        option = QStyleOptionTabBarBase()
        option.initFrom(self)
        option.shape = self.shape()
        option.documentMode = self.documentMode()
        shape = QStyleOptionTab()
        shape.shape = self.shape()
        overlap = self.style().pixelMetric(QStyle.PixelMetric.PM_TabBarBaseOverlap, shape, self)
        if self.parentWidget() is not None and overlap > 0:
            option.rect = QRect(0, self.height() - overlap, self.width(), overlap)
        bar = option.tabBarRect
        for index in range(self.count()):
            if self.isTabVisible(index):
                bar = bar.united(self.tabRect(index))
        option.tabBarRect = bar
        option.selectedTabRect = self.tabRect(current)
        return option

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)

    def tabInserted(self, index: int) -> None:  # noqa: N802
        super().tabInserted(index)
        self.fit()

    def tabRemoved(self, index: int) -> None:  # noqa: N802
        super().tabRemoved(index)
        self.fit()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit()
