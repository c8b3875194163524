"""Two small QPainter charts for the Health tab: a radar of the latest check, a trend line."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from planner.domain.health import Dimension, overall, overall_theirs
from planner.domain.model import HealthCheck
from planner.ui.look import faint, ours_colour, smaller, theirs_colour
from planner.ui.workspace.labels import short_date, tr

SCALE = 5
MINIMUM_WIDTH, MINIMUM_HEIGHT = 220, 200
LEGEND = 16  # the legend's band at the top
LABEL_GAP = 6  # between a side label and the widget's edge
LABEL_OFFSET = 0.3  # a label starts this far (in score points) beyond its spoke's tip


class _Chart(QWidget):
    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(300, 240).expandedTo(self.minimumSizeHint())

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(MINIMUM_WIDTH, MINIMUM_HEIGHT)

    def _legend(self, painter: QPainter, theirs: bool) -> None:
        palette = self.palette()
        painter.setFont(smaller(self.font(), 0.85))
        x = 6.0
        for text, colour, style in ((tr("Ours"), ours_colour(palette), Qt.PenStyle.SolidLine),
                                    (tr("Theirs"), theirs_colour(palette), Qt.PenStyle.DashLine)):
            if text == tr("Theirs") and not theirs:
                continue
            painter.setPen(QPen(colour, 2.5, style))
            painter.drawLine(QPointF(x, 10), QPointF(x + 18, 10))
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(QPointF(x + 22, 14), text)
            x += 30 + painter.fontMetrics().horizontalAdvance(text)


class RadarChart(_Chart):
    """The latest check: one spoke per dimension, our scores and theirs as two polygons."""

    def __init__(self, parent=None):
        super().__init__(tr("Radar chart of the latest health check"), parent)
        self.check: HealthCheck | None = None
        self.dimensions: Sequence[Dimension] = ()
        self._kept: tuple | None = None  # (font and names, (label room, least radius))

    def set_check(self, check: HealthCheck | None, dimensions: Sequence[Dimension]) -> None:
        self.check, self.dimensions = check, dimensions
        if check is None:
            self.setAccessibleDescription(tr("No health check yet."))
        else:
            scores = ", ".join(f"{self._name(s.dimension)} {s.ours}"
                               + (f"/{s.theirs}" if s.theirs else "") for s in check.scores)
            self.setAccessibleDescription(scores)
        self.updateGeometry()  # the labels' room follows the dimensions' names
        self.update()

    def _name(self, key: str) -> str:
        return next((d.name for d in self.dimensions if d.key == key), key)

    def _label_font(self):
        return smaller(self.font(), 0.8)

    def _measures(self) -> tuple[float, float]:
        """The label room and the least radius in the current font, worked out once per font
        and set of dimensions (a paint asks for them at every point it places)."""
        key = (self.font().key(), tuple(d.name for d in self.dimensions))
        if self._kept is None or self._kept[0] != key:
            metrics = QFontMetrics(self._label_font())
            words = [w for d in self.dimensions for w in d.name.split()] or ["M"]
            self._kept = (key, (2 + max(metrics.horizontalAdvance(word) for word in words),
                                2.5 * metrics.height()))
        return self._kept[1]

    def _label_room(self) -> float:
        """A side label wraps between words, never inside one: its box is as wide as the
        longest word of any dimension ("effectiveness", "Communication") in the label font."""
        return self._measures()[0]

    def _least_radius(self) -> float:
        """The smallest radar that keeps the side labels of neighbouring spokes apart."""
        return self._measures()[1]

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        """Room for the labels on both sides of the smallest radar, in this font."""
        reach = (SCALE + LABEL_OFFSET) / SCALE  # labels start just beyond the spokes' tips
        width = 2 * (self._label_room() + LABEL_GAP + reach * self._least_radius())
        height = 2 * (self._least_radius() + 30) + LEGEND
        return super().minimumSizeHint().expandedTo(QSize(math.ceil(width), math.ceil(height)))

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self.updateGeometry()

    def _frame(self) -> tuple[QPointF, float]:
        """The radar's centre and radius: as large as the labels beside it allow."""
        centre = QPointF(self.width() / 2, (self.height() + LEGEND) / 2)
        radius = max(self._least_radius(),
                     min(self.width() / 2 - self._label_room() - LABEL_GAP,
                         (self.height() - LEGEND) / 2 - 30))
        return centre, radius

    def _point(self, i: int, value: float) -> QPointF:
        centre, radius = self._frame()
        angle = -math.pi / 2 + 2 * math.pi * i / len(self.check.scores)
        r = radius * value / SCALE
        return QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))

    def labels(self) -> list[tuple[QRectF, int, str]]:
        """Each dimension's name: the box it is drawn in, its alignment and wrapping flags."""
        if self.check is None:
            return []
        metrics = QFontMetrics(self._label_font())
        label_room = self._label_room()
        centre, radius = self._frame()
        wrap = Qt.TextFlag.TextWordWrap
        found = []
        for i, score in enumerate(self.check.scores):
            words = self._name(score.dimension)
            # Labels sit outside the spoke's tip, growing away from the chart.
            tip = self._point(i, SCALE + LABEL_OFFSET)
            across = math.cos(-math.pi / 2 + 2 * math.pi * i / len(self.check.scores))
            height = max(2 * metrics.height(), metrics.boundingRect(
                0, 0, int(label_room), 10 * metrics.height(), int(wrap), words).height())
            if across > 0.3:
                box = QRectF(tip.x(), tip.y() - height / 2, label_room, height)
                align = Qt.AlignmentFlag.AlignLeft
            elif across < -0.3:
                box = QRectF(tip.x() - label_room, tip.y() - height / 2, label_room, height)
                align = Qt.AlignmentFlag.AlignRight
            else:
                up = tip.y() < centre.y()
                box = QRectF(tip.x() - 80, tip.y() - (height if up else 0), 160, height)
                align = Qt.AlignmentFlag.AlignHCenter
            vertical = (Qt.AlignmentFlag.AlignBottom if tip.y() < centre.y() - radius * 0.9
                        else Qt.AlignmentFlag.AlignTop if tip.y() > centre.y() + radius * 0.9
                        else Qt.AlignmentFlag.AlignVCenter)
            found.append((box, int(align | vertical | wrap), words))
        return found

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        check = self.check
        if check is None or not check.scores:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             tr("No health check yet"))
            return
        count = len(check.scores)
        centre, radius = self._frame()
        point = self._point
        grid = QPen(faint(text, 70), 1)
        painter.setPen(grid)
        for ring in range(1, SCALE + 1):
            painter.drawPolygon(QPolygonF([point(i, ring) for i in range(count)]))
        for i in range(count):
            painter.drawLine(centre, point(i, SCALE))
        painter.setPen(text)
        painter.setFont(self._label_font())
        for box, flags, words in self.labels():
            painter.drawText(box, flags, words)
        series = [(ours_colour(palette), Qt.PenStyle.SolidLine, [s.ours for s in check.scores])]
        if any(s.theirs for s in check.scores):
            series.append((theirs_colour(palette), Qt.PenStyle.DashLine,
                           [s.theirs or 0 for s in check.scores]))
        for colour, style, values in series:
            painter.setPen(QPen(colour, 2.5, style))
            painter.setBrush(faint(colour, 45))
            painter.drawPolygon(QPolygonF([point(i, v) for i, v in enumerate(values)]))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        self._legend(painter, len(series) > 1)


class TrendChart(_Chart):
    """The overall score of each check over time, ours solid and theirs dashed."""

    def __init__(self, parent=None):
        super().__init__(tr("Trend of the overall health score"), parent)
        self.points: list[tuple] = []  # (date, ours, theirs or None)

    def set_checks(self, checks: Sequence[HealthCheck]) -> None:
        self.points = [(c.date, overall(c), overall_theirs(c)) for c in checks if c.scores]
        self.setAccessibleDescription(", ".join(f"{short_date(d)}: {o}"
                                                for d, o, _ in self.points))
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        if not self.points:
            painter.setPen(text)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             tr("No health checks yet"))
            return
        painter.setFont(smaller(self.font(), 0.8))
        metrics = painter.fontMetrics()
        plot = QRectF(26, 26, self.width() - 40, self.height() - 26 - 2 * metrics.height())
        first, last = self.points[0][0], self.points[-1][0]
        span = max(1, (last - first).days)

        def at(date, value) -> QPointF:
            x = plot.left() + (plot.width() * (date - first).days / span
                               if len(self.points) > 1 else plot.width() / 2)
            y = plot.bottom() - plot.height() * (value - 1) / (SCALE - 1)
            return QPointF(x, y)

        for score in range(1, SCALE + 1):
            y = plot.bottom() - plot.height() * (score - 1) / (SCALE - 1)
            painter.setPen(QPen(faint(text, 60), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            painter.drawText(QRectF(0, y - 8, 20, 16), Qt.AlignmentFlag.AlignRight
                             | Qt.AlignmentFlag.AlignVCenter, str(score))
        below = plot.bottom() + 4
        painter.drawText(QRectF(plot.left() - 10, below, 120, metrics.height() + 2),
                         Qt.AlignmentFlag.AlignLeft, short_date(first))
        if len(self.points) > 1:
            painter.drawText(QRectF(plot.right() - 110, below, 120, metrics.height() + 2),
                             Qt.AlignmentFlag.AlignRight, short_date(last))
        for colour, style, column in ((ours_colour(palette), Qt.PenStyle.SolidLine, 1),
                                      (theirs_colour(palette), Qt.PenStyle.DashLine, 2)):
            points = [at(p[0], p[column]) for p in self.points if p[column] is not None]
            if not points:
                continue
            painter.setPen(QPen(colour, 2.2, style))
            painter.drawPolyline(QPolygonF(points))
            painter.setBrush(colour)
            for p in points:
                painter.drawEllipse(p, 3, 3)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        self._legend(painter, any(p[2] is not None for p in self.points))
