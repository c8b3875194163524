"""Icons from one place: `icon("search")`. The desktop theme's icon first, then ours.

Our SVGs (resources/icons/) draw with `currentColor`; it is replaced by the palette's text
colour when the icon is rendered, so the same file reads well in light and dark palettes.
Each is rendered at the size (in device pixels) it is drawn at, when first drawn, so it stays
crisp at high DPI.
The cache is cleared when the palette changes (call `forget_icons()`).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QStyleOption

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


class SvgIconEngine(QIconEngine):
    """One of our SVGs, rendered at the size a view asks for when it asks (and kept).

    Rendering every size up front cost a launch tens of milliseconds for the menus' and
    toolbar's icons, most of them never shown at most of those sizes."""

    def __init__(self, svg: bytes):
        super().__init__()
        self._svg = svg
        self._renderer: QSvgRenderer | None = None
        self._pixmaps: dict[tuple, QPixmap] = {}

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._svg)

    def availableSizes(self, mode=QIcon.Mode.Normal, state=QIcon.State.Off):  # noqa: N802
        return [QSize(size, size) for size in SIZES]

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        key = (size.width(), size.height(), mode)
        if key not in self._pixmaps:
            self._pixmaps[key] = self._render(size, mode)
        return QPixmap(self._pixmaps[key])

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        ratio = painter.device().devicePixelRatio() if painter.device() else 1.0
        pixmap = self.pixmap(QSize(round(rect.width() * ratio), round(rect.height() * ratio)),
                             mode, state)
        painter.drawPixmap(rect, pixmap)

    def _render(self, size: QSize, mode: QIcon.Mode) -> QPixmap:
        if self._renderer is None:
            self._renderer = QSvgRenderer(QByteArray(self._svg))
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self._renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
        painter.end()
        app = QApplication.instance()
        if mode != QIcon.Mode.Normal and isinstance(app, QApplication):
            # greyed (disabled) or highlighted (selected) as the style draws any icon
            option = QStyleOption()
            option.palette = app.palette()
            pixmap = app.style().generatedIconPixmap(mode, pixmap, option)
        return pixmap


def bundled_icon(name: str) -> QIcon:
    text = _svg_text(name)
    if text is None:
        return QIcon()
    return QIcon(SvgIconEngine(text.replace("currentColor", _ink(name)).encode()))


@cache
def icon(name: str) -> QIcon:
    theme = THEME_NAMES.get(name, "")
    if theme and QIcon.hasThemeIcon(theme):
        return QIcon.fromTheme(theme)
    return bundled_icon(name)


def forget_icons() -> None:
    icon.cache_clear()
