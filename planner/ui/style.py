"""The application's style: the platform's own, with check boxes that stay visible.

Fusion (the style on many Linux desktops and in a bare session) outlines a check box in a
shade of the window colour; on a dark palette an unticked box all but vanishes from a list,
exactly where the user must tick. This proxy draws every check indicator's outline in a
colour derived from the palette with at least 3:1 contrast on its background (WCAG's figure
for user-interface components); everything else is the platform style's. The workspace's
lists draw with the platform style itself and outline their check boxes the same way.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleFactory

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


_OUTLINES: dict[int, QColor] = {}  # by palette: worked out once, not per box
_RINGS: dict[tuple, QPixmap] = {}  # by size, colour and pixel ratio: drawn once, then copied


def draw_check_outline(painter, rect, palette: QPalette) -> None:
    """The outline of the check box drawn in `rect`, legible on `palette`'s base.

    Drawn once per size and colour into a pixmap and copied from there: stroking an
    antialiased rounded rectangle cost some 40 microseconds a box, a list of ticks paid
    milliseconds for it at every paint."""
    if rect.isEmpty():
        return
    outline = _OUTLINES.get(palette.cacheKey())
    if outline is None:
        if len(_OUTLINES) > 64:  # palettes come and go (a theme switch)
            _OUTLINES.clear()
        outline = _OUTLINES[palette.cacheKey()] = outline_colour(palette)
    ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
    key = (rect.width(), rect.height(), outline.rgba(), ratio)
    ring = _RINGS.get(key)
    if ring is None:
        if len(_RINGS) > 64:
            _RINGS.clear()
        ring = _RINGS[key] = _ring(rect.width(), rect.height(), outline, ratio)
    painter.drawPixmap(rect.topLeft(), ring)


def _ring(width: int, height: int, outline: QColor, ratio: float) -> QPixmap:
    ring = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
    ring.setDevicePixelRatio(ratio)
    ring.fill(Qt.GlobalColor.transparent)
    painter = QPainter(ring)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(outline, 1.2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    side = min(width, height)
    painter.drawRoundedRect(QRectF((width - side) / 2 + 0.6, (height - side) / 2 + 0.6,
                                   side - 1.2, side - 1.2), 2, 2)
    painter.end()
    return ring


class LegibleStyle(QProxyStyle):
    def drawPrimitive(self, element, option, painter, widget=None) -> None:  # noqa: N802
        super().drawPrimitive(element, option, painter, widget)
        if element in CHECKS:
            draw_check_outline(painter, option.rect, option.palette)


def legible_style(name: str) -> LegibleStyle:
    """The platform style `name` (e.g. "fusion"), wrapped."""
    return LegibleStyle(QStyleFactory.create(name))


def list_style() -> QStyle:
    """The style for the workspace's lists: the application's own, without the proxy.

    A list draws a row panel, a cell panel and a branch for every row it paints, and through
    the proxy each was a call into Python (a thousand for a partner's seven tabs) only for
    the proxy to let it pass: a list outlines its own check boxes instead
    (cell_delegates.Outlined), as the proxy does everywhere else."""
    style = QApplication.style()
    if not isinstance(style, LegibleStyle):
        return style
    name = style.baseStyle().name()
    plain = _PLAIN.get(name)
    if plain is None or not shiboken6.isValid(plain):
        plain = _PLAIN[name] = QStyleFactory.create(name) or style
    return plain


_PLAIN: dict[str, QStyle] = {}  # by name, made once and kept for the application's life
