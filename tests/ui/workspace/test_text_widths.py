"""A list's texts are measured as Qt measures them, each once, and dates once for all of them
where the font's digits are all as wide (see planner.ui.workspace.text_widths)."""

import datetime as dt
import random

from PySide6.QtGui import QFont, QFontMetrics

from planner.ui.workspace import text_widths
from planner.ui.workspace.text_widths import Advances, digits_alike


class Counting(QFontMetrics):
    def __init__(self, font):
        super().__init__(font)
        self.asked: list[str] = []

    def horizontalAdvance(self, text, *args):  # noqa: N802
        self.asked.append(text)
        return super().horizontalAdvance(text, *args)


def dates(count: int) -> list[str]:
    draw = random.Random(7)
    start = dt.date(1990, 1, 1)
    return [(start + dt.timedelta(days=draw.randrange(20_000))).isoformat()
            for _ in range(count)]


def test_every_text_measures_as_qt_measures_it(qapp):
    texts = dates(300) + ["Board", "Workshop", "Zoë 日本", "1-2", "-", "10", "2026-09-09\n7",
                          "Ünal Çelik", "v1.0", "12:30", ""]
    for font in (QFont(), QFont("DejaVu Serif", 13), QFont("DejaVu Sans Mono", 8)):
        metrics = QFontMetrics(font)
        for strong in (False, True):
            advances = Advances()
            for text in texts + texts:  # measured, then kept
                expected = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
                assert advances.of(text, metrics, font.key(), strong) == expected, text


def test_dates_are_measured_once_for_all_of_them_where_the_digits_are_alike(qapp):
    font = QFont()
    metrics = Counting(font)
    text_widths._ALIKE.pop(font.key(), None)
    alike = digits_alike(metrics, font.key())
    checked = len(metrics.asked)  # the check itself, once per font
    advances = Advances()
    for text in dates(500):
        advances.of(text, metrics, font.key(), False)
    measured = len(metrics.asked) - checked
    assert measured == (1 if alike else len(set(dates(500))))
    assert checked == 121 and not [t for t in metrics.asked[checked:] if "1" in t and alike]


def test_a_font_with_digits_of_different_widths_measures_each_date(qapp, monkeypatch):
    font = QFont()
    metrics = Counting(font)
    monkeypatch.setitem(text_widths._ALIKE, font.key(), False)
    advances = Advances()
    for text in dates(50):
        advances.of(text, metrics, font.key(), False)
    assert len(metrics.asked) == len(set(dates(50)))
