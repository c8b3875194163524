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
from PySide6.QtGui import QColor, QPalette, QPen
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


def draw_check_outline(painter, rect, palette: QPalette) -> None:
    """The outline of the check box drawn in `rect`, legible on `palette`'s base."""
    if rect.isEmpty():
        return
    outline = _OUTLINES.get(palette.cacheKey())
    if outline is None:
        if len(_OUTLINES) > 64:  # palettes come and go (a theme switch)
            _OUTLINES.clear()
        outline = _OUTLINES[palette.cacheKey()] = outline_colour(palette)
    painter.save()
    painter.setRenderHint(painter.RenderHint.Antialiasing)
    painter.setPen(QPen(outline, 1.2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    side = min(rect.width(), rect.height())
    box = QRectF(rect.x() + (rect.width() - side) / 2 + 0.6,
                 rect.y() + (rect.height() - side) / 2 + 0.6, side - 1.2, side - 1.2)
    painter.drawRoundedRect(box, 2, 2)
    painter.restore()


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
