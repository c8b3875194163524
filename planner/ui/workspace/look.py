"""Colours the workspace draws with, taken from the palette so light and dark both read well.

Charts and alerts need a few colours the palette has no role for (our side, their side, an
overdue red); each is picked for contrast against the palette's base colour.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def alert_colour(palette: QPalette) -> QColor:
    """Overdue, high risk, lopsided: a red that stays readable on the palette's base."""
    return QColor("#ff7b72") if is_dark(palette) else QColor("#b3261e")


def good_colour(palette: QPalette) -> QColor:
    return QColor("#7ee2a8") if is_dark(palette) else QColor("#1b6e3a")


def ours_colour(palette: QPalette) -> QColor:
    return QColor("#6cb6ff") if is_dark(palette) else QColor("#1f5fa8")


def theirs_colour(palette: QPalette) -> QColor:
    return QColor("#f0a35e") if is_dark(palette) else QColor("#b35900")


def faint(colour: QColor, alpha: int = 60) -> QColor:
    faded = QColor(colour)
    faded.setAlpha(alpha)
    return faded


def bold(font: QFont) -> QFont:
    font = QFont(font)
    font.setBold(True)
    return font


def smaller(font: QFont, factor: float = 0.9) -> QFont:
    font = QFont(font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    return font
