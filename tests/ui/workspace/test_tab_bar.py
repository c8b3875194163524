"""The workspace's tab bar paints its narrower tabs itself, pixel for pixel as Qt's own tab bar
paints them through a style that asks for less padding (what the bar did before, at a call into
Python for every metric the style looked up while painting)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory, QTabWidget, QWidget

from planner.ui.style import list_style
from planner.ui.workspace.tab_bar import FittingTabBar

LABELS = ["Overview", "Checklist", "People", "Differences", "Meetings", "Value", "Health",
          "History"]


class LessPadding(QProxyStyle):
    """The reference: the platform style with `cut` pixels less padding around each label."""

    def __init__(self, cut: int):
        super().__init__(QStyleFactory.create(list_style().name()))
        self.cut = cut

    def pixelMetric(self, metric, option=None, widget=None) -> int:  # noqa: N802
        value = super().pixelMetric(metric, option, widget)
        return value - self.cut if metric == QStyle.PixelMetric.PM_TabBarTabHSpace else value


def tabs(width: int, fitting: bool, palette: QPalette | None = None) -> QTabWidget:
    holder = QTabWidget()
    bar = FittingTabBar(holder) if fitting else None
    if bar is not None:
        holder.setTabBar(bar)
    holder.setDocumentMode(True)
    if palette is not None:
        holder.setPalette(palette)
    for label in LABELS:
        holder.addTab(QWidget(), label)
    holder.resize(width, 200)
    return holder


def natural_width() -> int:
    holder = tabs(4000, fitting=False)
    holder.tabBar().setStyle(list_style())
    return sum(holder.tabBar().tabSizeHint(i).width() for i in range(len(LABELS)))


def image(widget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def dark() -> QPalette:
    palette = QPalette(QColor("#2b2b2b"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#eeeeee"))
    return palette


@pytest.mark.parametrize("palette", [None, "dark"])
@pytest.mark.parametrize("shortfall", [1, 9, 17])
def test_narrower_tabs_are_painted_as_qt_paints_them_with_less_padding(qapp, shortfall,
                                                                       palette):
    width = natural_width() - shortfall
    palette = dark() if palette else None
    ours = tabs(width, fitting=True, palette=palette)
    ours.show()
    bar = ours.tabBar()
    QApplication.processEvents()
    assert bar.padding_cut() > 0
    reference = tabs(width, fitting=False, palette=palette)
    style = LessPadding(bar.padding_cut())
    reference.tabBar().setStyle(style)
    reference.show()
    for current in (0, 3, len(LABELS) - 1):
        ours.setCurrentIndex(current)
        reference.setCurrentIndex(current)
        ours.setTabEnabled(5, current != 3)  # a disabled tab, once
        reference.setTabEnabled(5, current != 3)
        QApplication.processEvents()
        assert [bar.tabRect(i) for i in range(bar.count())] == [
            reference.tabBar().tabRect(i) for i in range(bar.count())]
        assert image(bar) == image(reference.tabBar()), f"current tab {current}"
    ours.close()
    reference.close()


def test_tabs_that_fit_keep_the_styles_padding_and_qts_own_painting(qapp):
    ours = tabs(natural_width() + 40, fitting=True)
    ours.show()
    QApplication.processEvents()
    reference = tabs(natural_width() + 40, fitting=False)
    reference.tabBar().setStyle(list_style())
    reference.show()
    QApplication.processEvents()
    assert ours.tabBar().padding_cut() == 0
    assert image(ours.tabBar()) == image(reference.tabBar())


def test_tabs_that_would_not_fit_even_so_scroll_as_qt_scrolls_them(qapp):
    """Past the spare padding the bar scrolls: Qt's own bar, through a style asking for as
    much less padding as there is to spare."""
    width = natural_width() // 2
    ours = tabs(width, fitting=True)
    ours.show()
    QApplication.processEvents()
    bar = ours.tabBar()
    assert bar.padding_cut() > 0 and isinstance(bar.style(), QProxyStyle)
    reference = tabs(width, fitting=False)
    reference.tabBar().setStyle(LessPadding(bar.padding_cut()))
    reference.show()
    QApplication.processEvents()
    assert image(bar) == image(reference.tabBar())
    ours.resize(natural_width() - 9, 200)  # and back to the bar's own painting
    QApplication.processEvents()
    assert bar.padding_cut() > 0 and bar.style() is list_style()
    ours.close()
    reference.close()


def test_painting_the_bar_asks_python_for_no_metric(qapp):
    """The bar's style is the platform style itself: nothing in Python between them."""
    ours = tabs(natural_width() - 9, fitting=True)
    ours.show()
    QApplication.processEvents()
    assert ours.tabBar().style() is list_style()
    assert not isinstance(ours.tabBar().style(), QProxyStyle)
