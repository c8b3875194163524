"""Icons from one place: `icon("search")`. The desktop theme's icon first, then ours.

Our SVGs (resources/icons/) draw with `currentColor`; it is replaced by the palette's text
colour when the icon is rendered, so the same file reads well in light and dark palettes.
They are rendered at several sizes and device pixel ratios so they stay crisp at high DPI.
The cache is cleared when the palette changes (call `forget_icons()`).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from planner.resources import resource
from planner.ui.look import alert_colour

# our name -> the freedesktop theme name that means the same
THEME_NAMES = {
    "new": "document-new",
    "open": "document-open",
    "save-copy": "document-save-as",
    "import": "document-import",
    "export": "document-export",
    "quit": "application-exit",
    "undo": "edit-undo",
    "redo": "edit-redo",
    "add-partner": "list-add",
    "remove-partner": "list-remove",
    "search": "edit-find",
    "filter": "view-filter",
    "home": "go-home",
    "print": "document-print",
    "preview": "document-print-preview",
    "pdf": "application-pdf",
    "about": "help-about",
    "attention": "dialog-warning",
    "help": "help-contents",
    "calendar": "x-office-calendar",
    "spreadsheet": "x-office-spreadsheet",
    "backups": "document-revert",
    "refresh": "view-refresh",
    "sample": "folder-open",
    "app": "",
}
SIZES = (16, 22, 24, 32, 48, 64)
ATTENTION_COLOUR = "#d9822b"  # amber: reads on light and dark backgrounds alike


@cache
def _svg_text(name: str) -> str | None:
    node = resource("icons", f"{name}.svg")
    return node.read_text("utf-8") if node.is_file() else None


def _ink(name: str) -> str:
    if name == "attention":
        return ATTENTION_COLOUR
    app = QGuiApplication.instance()
    palette = app.palette() if app is not None else QPalette()
    if name in ("attention-now", "no-answer"):  # needs you now: the alert colour
        return alert_colour(palette).name()
    return palette.color(QPalette.ColorRole.WindowText).name()


def bundled_icon(name: str) -> QIcon:
    text = _svg_text(name)
    if text is None:
        return QIcon()
    renderer = QSvgRenderer(QByteArray(text.replace("currentColor", _ink(name)).encode()))
    result = QIcon()
    for size in SIZES:
        for ratio in (1, 2):
            pixmap = QPixmap(size * ratio, size * ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter, QRectF(0, 0, size * ratio, size * ratio))
            painter.end()
            pixmap.setDevicePixelRatio(ratio)
            result.addPixmap(pixmap)
    return result


@cache
def icon(name: str) -> QIcon:
    theme = THEME_NAMES.get(name, "")
    if theme and QIcon.hasThemeIcon(theme):
        return QIcon.fromTheme(theme)
    return bundled_icon(name)


def forget_icons() -> None:
    icon.cache_clear()
