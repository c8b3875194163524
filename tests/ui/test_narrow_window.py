"""The smallest window the app supports (1024x700) shows the whole Overview.

Both at the application font and a point larger (a desktop such as GNOME sets 10 point
where a bare session has 9): a font a user chose must not push the Overview into a
horizontal scroll bar.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication, QScrollArea

from planner.ui.workspace.stage_track import StageTrack

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
