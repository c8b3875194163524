"""The application's style: the platform's own, with check boxes that stay visible.

Fusion (the style on many Linux desktops and in a bare session) outlines a check box in a
shade of the window colour; on a dark palette an unticked box all but vanishes from a list,
exactly where the user must tick. This proxy draws every check indicator's outline in a
colour derived from the palette with at least 3:1 contrast on its background (WCAG's figure
for user-interface components); everything else is the platform style's.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPalette, QPen
from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleFactory

from planner.ui.look import blend, contrast

CHECKS = (QStyle.PrimitiveElement.PE_IndicatorCheckBox,
          QStyle.PrimitiveElement.PE_IndicatorItemViewItemCheck)
COMPONENT_CONTRAST = 3.0


def outline_colour(palette: QPalette):
    """The faintest blend of Text into Base that still stands out 3:1 from Base."""
    base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
    for amount in (0.45, 0.55, 0.65, 0.75, 0.85, 1.0):
        colour = blend(text, base, amount)
        if contrast(colour, base) >= COMPONENT_CONTRAST:
            return colour
    return text


class LegibleStyle(QProxyStyle):
    def __init__(self, *args):
        super().__init__(*args)
        self._outlines: dict[int, QColor] = {}  # by palette: worked out once, not per box

    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802
        super().drawPrimitive(element, option, painter, widget)
        if element not in CHECKS or option.rect.isEmpty():
            return
        palette = option.palette
        outline = self._outlines.get(palette.cacheKey())
        if outline is None:
            if len(self._outlines) > 64:  # palettes come and go (a theme switch)
                self._outlines.clear()
            outline = self._outlines[palette.cacheKey()] = outline_colour(palette)
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setPen(QPen(outline, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        side = min(option.rect.width(), option.rect.height())
        box = QRectF(option.rect.x() + (option.rect.width() - side) / 2 + 0.6,
                     option.rect.y() + (option.rect.height() - side) / 2 + 0.6,
                     side - 1.2, side - 1.2)
        painter.drawRoundedRect(box, 2, 2)
        painter.restore()


def legible_style(name: str) -> LegibleStyle:
    """The platform style `name` (e.g. "fusion"), wrapped."""
    return LegibleStyle(QStyleFactory.create(name))
