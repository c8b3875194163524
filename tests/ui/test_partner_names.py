"""A partner's name is never cut to a fragment in the portfolio list (DESIGN: "the main text
of a row never cut"). Where the column is too narrow for it, the name takes the row's two
lines; what it displaces (the reason, the organisation) is in the tooltip."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from planner.ui.portfolio_delegates import name_lines
from planner.ui.portfolio_model import Column
from tests.ui.layout_audit import cut_rows

SMALLEST = (1024, 700)


@pytest.fixture
def metrics(qapp) -> QFontMetrics:
    return QFontMetrics(QFont(QApplication.font()))


def test_a_name_that_fits_stays_on_its_one_line(metrics):
    name = "Datastrom"
    assert name_lines(metrics, name, metrics.horizontalAdvance(name)) == (name, "")


def test_a_long_name_breaks_after_the_last_word_that_fits(metrics):
    name = "Pacific Rim Data Solutions"
    width = metrics.horizontalAdvance("Pacific Rim Data")  # exactly three words
    assert name_lines(metrics, name, width) == ("Pacific Rim Data", "Solutions")
    assert name_lines(metrics, name, width - 1) == ("Pacific Rim", "Data Solutions")


def test_one_long_word_breaks_at_the_last_character_that_fits(metrics):
    name = "Donaudampfschifffahrtsgesellschaft"
    width = metrics.horizontalAdvance(name[:18])
    head, rest = name_lines(metrics, name, width)
    assert head + rest == name
    assert metrics.horizontalAdvance(head) <= width
    assert metrics.horizontalAdvance(head + rest[0]) > width


def test_the_second_line_leaves_room_for_the_level_mark(metrics):
    name = "Pacific Rim Data Solutions"
    width = metrics.horizontalAdvance("Pacific Rim Data")
    room = metrics.horizontalAdvance("Solutions")
    assert name_lines(metrics, name, width, indent=width - room) == ("Pacific Rim Data",
                                                                      "Solutions")
    head, rest = name_lines(metrics, name, width, indent=width - room + 2)
    assert rest != "Solutions" and rest.endswith("\u2026")  # elided, never overlapping


def test_only_a_name_longer_than_two_lines_is_elided(metrics):
    name = "Very Long Partner Name That Cannot Fit In Two Narrow Lines At All"
    width = metrics.horizontalAdvance("Very Long")
    head, rest = name_lines(metrics, name, width)
    assert head == "Very Long"
    assert rest.endswith("\u2026")
    assert metrics.horizontalAdvance(rest) <= width


def long_names(window) -> list[str]:
    table = window.panel.table
    model = table.model()
    names = [model.index(row, Column.PARTNER).data() for row in range(model.rowCount())]
    width = table.columnWidth(Column.PARTNER)
    return [n for n in names if QFontMetrics(table.font()).horizontalAdvance(n) > width]


@pytest.mark.parametrize("points", [0, 1, 2], ids=["app-font", "font+1", "font+2"])
def test_no_partner_name_is_cut_at_1024_pixels_whatever_the_font(window, qapp, points):
    before = QApplication.font()
    font = QApplication.font()
    font.setPointSizeF(font.pointSizeF() + points)
    QApplication.setFont(font)
    try:
        window.resize(*SMALLEST)
        QApplication.processEvents()
        assert cut_rows(window.panel) == []
    finally:
        QApplication.setFont(before)


def test_a_list_narrowed_by_hand_breaks_names_over_two_lines_and_cuts_none(window, qapp):
    window.resize(*SMALLEST)
    window.splitter.setSizes([330, window.width() - 330])
    QApplication.processEvents()
    assert long_names(window), "the narrowed list should have names that need two lines"
    assert cut_rows(window.panel) == []
    window.panel.table.viewport().grab()  # the two-line names paint


def test_the_partner_cell_tooltip_names_the_partner_and_organisation_whole(window):
    model = window.panel.model
    for row in range(model.rowCount()):
        summary = model.row_at(row).summary
        tip = model.data(model.index(row, Column.PARTNER), Qt.ItemDataRole.ToolTipRole)
        assert tip.splitlines()[0] == summary.partner.name
        if summary.partner.organisation not in ("", summary.partner.name):
            assert summary.partner.organisation in tip.splitlines()
        for reason in model.row_at(row).reasons:
            assert reason.text in tip
