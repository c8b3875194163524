"""Our icons render when drawn, at the size drawn, in the palette's ink."""

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from planner.ui.icons import SvgIconEngine, bundled_icon, forget_icons, icon


def inked(pixmap) -> set[str]:
    """The colours of the icon's most opaque pixels (thin strokes at 16 px are all
    antialiased)."""
    image = pixmap.toImage()
    pixels = [image.pixelColor(x, y) for x in range(image.width())
              for y in range(image.height())]
    most = max(p.alpha() for p in pixels)
    assert most > 128, "the icon is blank"
    return {p.name() for p in pixels if p.alpha() == most}


@pytest.mark.parametrize("size", [16, 24, 72])
def test_an_icon_is_drawn_at_the_size_asked_in_the_text_colour(qapp, size):
    pixmap = bundled_icon("search").pixmap(QSize(size, size))
    assert (pixmap.width(), pixmap.height()) == (size, size)
    text = QApplication.palette().color(QPalette.ColorRole.WindowText).name()
    assert inked(pixmap) == {text}


def test_nothing_is_rendered_until_an_icon_is_drawn(qapp):
    engine = SvgIconEngine(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8">'
                           b'<rect width="8" height="8" fill="#123456"/></svg>')
    shown = QIcon(engine.clone())
    assert not engine._pixmaps
    assert inked(shown.pixmap(20, 20)) == {"#123456"}
    assert QSize(16, 16) in shown.availableSizes()


def test_a_disabled_icon_is_greyed_as_the_style_greys_any(qapp):
    normal = bundled_icon("search").pixmap(QSize(24, 24))
    disabled = bundled_icon("search").pixmap(QSize(24, 24), QIcon.Mode.Disabled)
    assert normal.toImage() != disabled.toImage()


def test_icons_follow_a_new_palette(qapp):
    before = QApplication.palette()
    try:
        palette = QPalette(before)
        palette.setColor(QPalette.ColorRole.WindowText, QColor("#00aa00"))
        QApplication.setPalette(palette)
        forget_icons()
        assert inked(icon("home").pixmap(QSize(24, 24))) == {"#00aa00"}
    finally:
        QApplication.setPalette(before)
        forget_icons()
