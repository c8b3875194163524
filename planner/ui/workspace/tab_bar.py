"""The workspace's tab bar: every tab in sight, without scroll arrows, down to a 1024-pixel window.

Eight tabs with the style's roomy padding are wider than the workspace at the smallest window
size the app supports; a scrolling tab bar hides a part of the partner behind an arrow. Where
the tabs would not fit, this bar takes the padding around each label in (evenly, never below
the style's layout spacing on each side), so the labels stay whole and every tab stays one
click away. Where they fit, the style's own padding stands.

The padding is the style's PM_TabBarTabHSpace; the style both sizes a tab and places its
label by it, so the bar asks a proxy of the application's style for less of it rather than
squeezing tabs the style would then draw with their labels cut.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QTabBar, QWidget

from planner.ui.look import spacing

HSPACE = QStyle.PixelMetric.PM_TabBarTabHSpace


class _TabPadding(QProxyStyle):
    """The application's style, with `cut` pixels less padding around each tab's label."""

    def __init__(self):
        app_style = QApplication.style()
        base = app_style.baseStyle() if isinstance(app_style, QProxyStyle) else app_style
        super().__init__(QStyleFactory.create(base.name()))
        self.cut = 0

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802
        value = super().pixelMetric(metric, option, widget)
        return value - self.cut if metric == HSPACE else value


class FittingTabBar(QTabBar):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.padding = _TabPadding()
        self.padding.setParent(self)
        self.setStyle(self.padding)
        self.setElideMode(self.elideMode().ElideNone)  # a label is read whole, or not at all
        if parent is not None:
            parent.installEventFilter(self)

    def available_width(self) -> int:
        """The width the tab widget gives its tabs (the whole widget: no corner widgets)."""
        holder = self.parentWidget()
        return holder.width() if holder is not None else self.width()

    def padding_cut(self) -> int:
        return self.padding.cut

    def fit(self) -> None:
        """Take in the padding just enough for every tab to fit, or give it back."""
        count = self.count()
        self.padding.cut = 0
        natural = sum(QTabBar.tabSizeHint(self, i).width() for i in range(count))
        excess = natural - self.available_width()
        spare = max(0, self.padding.pixelMetric(HSPACE, None, self) - 2 * spacing(self))
        cut = min(spare, math.ceil(excess / count)) if excess > 0 and count else 0
        self.padding.cut = cut
        self.setElideMode(self.elideMode())  # lays the tabs out again with the new padding

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
