"""How the window looks, in one place: colours from the palette, one type scale, one spacing.

Every colour is a palette role or derived from one (a tint is a role blended into `Base`).
The few colours the palette has no role for (an alert red, our side, their side) are picked
per light or dark palette for WCAG AA contrast on `Base` and `Window` (see `contrast`).
Spacing is the style's own layout spacing and multiples of it, never magic numbers.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QWidget

Role = QPalette.ColorRole


# colour ------------------------------------------------------------------------------------
def is_dark(palette: QPalette) -> bool:
    return palette.color(Role.Base).lightness() < 128


def alert_colour(palette: QPalette) -> QColor:
    """Needs you now (overdue, unmanaged high risk, lopsided): a red readable on Base/Window."""
    return QColor("#ff8a80") if is_dark(palette) else QColor("#b3261e")


def good_colour(palette: QPalette) -> QColor:
    return QColor("#7ee2a8") if is_dark(palette) else QColor("#1b6e3a")


def ours_colour(palette: QPalette) -> QColor:
    return QColor("#6cb6ff") if is_dark(palette) else QColor("#1f5fa8")


def theirs_colour(palette: QPalette) -> QColor:
    return QColor("#f0a35e") if is_dark(palette) else QColor("#a34f00")


def faint(colour: QColor, alpha: int = 60) -> QColor:
    faded = QColor(colour)
    faded.setAlpha(alpha)
    return faded


def blend(top: QColor, bottom: QColor, amount: float) -> QColor:
    """`amount` of `top` over `bottom`, as an opaque colour (a tint)."""
    return QColor.fromRgbF(*(a * amount + b * (1 - amount) for a, b in
                             zip(top.getRgbF()[:3], bottom.getRgbF()[:3], strict=True)))


def accent(palette: QPalette) -> QColor:
    return palette.color(Role.Accent) if hasattr(Role, "Accent") else palette.color(
        Role.Highlight)


def tint(palette: QPalette, colour: QColor | None = None, amount: float = 0.14) -> QColor:
    """A calm background: a colour (the accent by default) blended into Base."""
    return blend(colour or accent(palette), palette.color(Role.Base), amount)


def muted_text(palette: QPalette, background: QColor | None = None) -> QColor:
    """Secondary text: between Text and its background, still AA (4.5:1) readable."""
    back = background or palette.color(Role.Base)
    text = palette.color(Role.Text)
    for amount in (0.62, 0.7, 0.78, 0.86, 1.0):
        colour = blend(text, back, amount)
        if contrast(colour, back) >= 4.5:
            return colour
    return text


def luminance(colour: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour.getRgbF()[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: QColor, other: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    a, b = sorted((luminance(one), luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# type --------------------------------------------------------------------------------------
HEADING_SCALE = 1.25
SMALL_SCALE = 0.88


def bold(font: QFont) -> QFont:
    font = QFont(font)
    font.setBold(True)
    return font


def smaller(font: QFont, factor: float = SMALL_SCALE) -> QFont:
    font = QFont(font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * factor)
    return font


def heading(font: QFont) -> QFont:
    """The one heading size: the application font, larger and bold."""
    font = bold(font)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * HEADING_SCALE)
    return font


# space -------------------------------------------------------------------------------------
def spacing(widget: QWidget | None = None, multiple: float = 1.0) -> int:
    """The style's layout spacing (its base unit), or a multiple of it."""
    style = widget.style() if widget is not None else QApplication.style()
    unit = style.pixelMetric(QStyle.PixelMetric.PM_LayoutHorizontalSpacing) if style else 6
    return round(max(unit, 4) * multiple)


# A read-only form: disabled, so nothing can be typed or chosen, but its values read as text
# (a disabled field's grey is meant for "does not apply", and is far below AA on most
# palettes). Its fields sit flat on the window's colour, with their frames: read-only, not off.
_READ_AS_ACTIVE = (Role.Text, Role.WindowText, Role.ButtonText, Role.Highlight,
                   Role.HighlightedText, Role.PlaceholderText)
_FLAT = (Role.Base, Role.Button, Role.AlternateBase)


def read_only_look(widget: QWidget, read_only: bool) -> None:
    """Give a (disabled) form the read-only look, or take it back; call again after the
    palette changes (it is derived from the palette the widget inherits)."""
    widget.setPalette(QPalette())  # inherit the current palette again
    if not read_only:
        return
    palette = widget.palette()
    Group = QPalette.ColorGroup  # noqa: N806
    for role in _READ_AS_ACTIVE:
        palette.setColor(Group.Disabled, role, palette.color(Group.Active, role))
    for role in _FLAT:
        palette.setColor(Group.Disabled, role, palette.color(Group.Active, Role.Window))
    widget.setPalette(palette)
