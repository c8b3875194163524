"""The smallest window the app supports (1024x700) shows every tab and the whole Overview.

Both at the application font and a point larger (a desktop such as GNOME sets 10 point
where a bare session has 9): a font a user chose must not put a tab behind a scroll arrow,
cut a tab's label, or push the Overview into a horizontal scroll bar.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QScrollArea, QToolButton

from planner.ui.look import spacing
from planner.ui.workspace import TAB_NAMES
from planner.ui.workspace.stage_track import StageTrack
from tests.ui.test_layout import richest_partner

SMALLEST = (1024, 700)


@pytest.fixture(params=[0, 1], ids=["app-font", "font+1"])
def larger_font(request, qapp):
    before = QApplication.font()
    font = QApplication.font()
    font.setPointSizeF(font.pointSizeF() + request.param)
    QApplication.setFont(font)
    yield request.param
    QApplication.setFont(before)


def settle() -> None:
    QApplication.processEvents()
    QApplication.processEvents()


def test_every_workspace_tab_is_in_sight_at_1024_pixels(window, larger_font):
    window.resize(*SMALLEST)
    window.select_partner(richest_partner(window))
    for name in TAB_NAMES:
        window.workspace.show_tab(name)
        settle()
        bar = window.workspace.tabBar()
        assert bar.sizeHint().width() <= window.workspace.width(), name
        arrows = [b for b in bar.findChildren(QToolButton) if b.isVisible()]
        assert arrows == [], f"the tab bar scrolls on {name}"
        for index in range(bar.count()):
            text = bar.tabText(index).replace("&", "")
            room = bar.tabRect(index).width()
            needed = QFontMetrics(bar.font()).horizontalAdvance(text) + 2 * spacing(bar)
            assert room >= needed, f"tab '{text}' is {room} px wide, its label needs {needed}"


def test_the_tabs_take_in_their_padding_only_while_they_would_not_fit(window, qapp):
    before = QApplication.font()
    font = QApplication.font()
    font.setPointSizeF(font.pointSizeF() + 2)
    QApplication.setFont(font)
    try:
        window.select_partner(richest_partner(window))
        bar = window.workspace.tabBar()
        window.resize(*SMALLEST)
        settle()
        assert bar.padding_cut() > 0
        window.resize(1600, 1000)
        settle()
        assert bar.padding_cut() == 0  # the style's own padding, where there is room
    finally:
        QApplication.setFont(before)


def test_the_overview_fits_at_1024_pixels_without_a_horizontal_scroll_bar(window,
                                                                          larger_font):
    window.resize(*SMALLEST)
    model = window.panel.model
    for row in range(model.rowCount()):  # every stage: the track's words differ
        window.select_partner(model.row_at(row).summary.partner.id)
        window.workspace.show_tab("overview")
        settle()
        overview = window.workspace.tab("overview")
        scroll = overview.findChild(QScrollArea)
        assert overview.form.minimumSizeHint().width() <= scroll.viewport().width()
        assert not scroll.horizontalScrollBar().isVisible()


def test_the_stage_track_narrows_to_its_words_and_cuts_none(qtbot):
    from planner.domain.stages import STAGE_ORDER

    track = StageTrack()
    qtbot.addWidget(track)
    track.set_stage(STAGE_ORDER[-1])  # every earlier stage carries a tick: the longest words
    assert track.minimumSizeHint().width() < track.sizeHint().width()
    track.resize(track.minimumSizeHint())
    fm = QFontMetrics(track.font())
    for width, words in zip(track._box_widths(), track._texts(), strict=True):
        assert width >= fm.horizontalAdvance(words), words
    track.resize(track.sizeHint())
    widths = track._box_widths()
    assert max(widths) - min(widths) < 1  # with room to spare, four equal boxes


def test_no_add_dialog_hides_a_field_behind_a_horizontal_scroll_bar(window, larger_font):
    from tests.ui.test_layout import dialogs

    window.resize(*SMALLEST)
    for name, dialog in dialogs(window):
        if not name.startswith("add-") or name == "add-partner":
            dialog.close()
            continue
        dialog.show()
        settle()
        scroll = dialog.findChild(QScrollArea)
        assert not scroll.horizontalScrollBar().isVisible(), name
        assert dialog.width() <= SMALLEST[0] and dialog.height() <= SMALLEST[1], name
        dialog.close()


def test_a_checklist_item_keeps_half_the_list_at_1024_pixels(window):
    """The item is the thing itself: the short columns (trait, with, done on, recurs) leave
    it at least half the width, so it is not wrapped to a word or two a line."""
    window.resize(*SMALLEST)
    model = window.panel.model
    for row in range(model.rowCount()):
        window.select_partner(model.row_at(row).summary.partner.id)
        window.workspace.show_tab("checklist")
        settle()
        header = window.workspace.tab("checklist").panel.view.header()
        assert header.sectionSize(0) >= header.width() / 2, model.row_at(row).summary.partner


@pytest.mark.parametrize("points", [9, 11, 13])
def test_the_radar_never_cuts_a_dimension_name_at_its_edges(window, points, qtbot):
    """Each label wraps between words in a box as wide as the longest word: at the chart's
    smallest size, in a small or a large font, no word runs off its left or right edge
    (a desktop's 10-point font cut 'Communication' to 'ommunication')."""
    shown, radar = richest_radar(window, qtbot)
    font = radar.font()
    font.setPointSize(points)
    radar.setFont(font)
    radar.resize(radar.minimumSizeHint())
    assert len(radar.labels()) == len(shown.check.scores)
    assert_labels_fit(radar)


def richest_radar(window, qtbot):
    """The health tab's radar for the richest partner, and a chart of its own showing the
    same check (to be given other fonts and sizes)."""
    from planner.ui.workspace.health_charts import RadarChart

    window.select_partner(richest_partner(window))
    window.workspace.show_tab("health")
    settle()
    shown = window.workspace.tab("health").radar
    radar = RadarChart()
    qtbot.addWidget(radar)
    radar.set_check(shown.check, shown.dimensions)
    return shown, radar


def assert_labels_fit(radar) -> None:
    metrics = QFontMetrics(radar._label_font())
    for box, flags, words in radar.labels():
        drawn = metrics.boundingRect(box.toAlignedRect(), flags, words)
        assert radar.rect().contains(drawn), f"'{words}' runs off the chart: {drawn}"
        for word in words.split():  # wrapped between words, never inside one
            assert metrics.horizontalAdvance(word) <= box.width(), word


def test_the_radar_measures_its_labels_again_when_the_font_grows(window, qtbot):
    """The label room is kept between paints, per font: a chart measured in a small font,
    then given a large one, wraps and places its labels for the large one."""
    _, radar = richest_radar(window, qtbot)
    font = radar.font()
    font.setPointSize(9)
    radar.setFont(font)
    radar.resize(radar.minimumSizeHint())
    small = min(box.width() for box, _, _ in radar.labels())  # a side label's room
    font.setPointSize(14)
    radar.setFont(font)
    radar.resize(radar.minimumSizeHint())
    assert min(box.width() for box, _, _ in radar.labels()) > small
    assert_labels_fit(radar)
