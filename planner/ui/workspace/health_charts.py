"""Two small QPainter charts for the Health tab: a radar of the latest check, a trend line."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from planner.domain.health import Dimension, overall, overall_theirs
from planner.domain.model import HealthCheck
from planner.ui.look import faint, ours_colour, smaller, theirs_colour
from planner.ui.workspace.labels import short_date, tr

SCALE = 5


class _Chart(QWidget):
    def __init__(self, name: str, parent=None):
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setMinimumSize(220, 200)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(300, 240)

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

    def set_check(self, check: HealthCheck | None, dimensions: Sequence[Dimension]) -> None:
        self.check, self.dimensions = check, dimensions
        if check is None:
            self.setAccessibleDescription(tr("No health check yet."))
        else:
            scores = ", ".join(f"{self._name(s.dimension)} {s.ours}"
                               + (f"/{s.theirs}" if s.theirs else "") for s in check.scores)
            self.setAccessibleDescription(scores)
        self.update()

    def _name(self, key: str) -> str:
        return next((d.name for d in self.dimensions if d.key == key), key)

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
        keys = [s.dimension for s in check.scores]
        count = len(keys)
        label_room = 78
        centre = QPointF(self.width() / 2, (self.height() + 16) / 2)
        radius = max(20.0, min(self.width() / 2 - label_room - 6,
                               (self.height() - 16) / 2 - 30))

        def point(i: int, value: float) -> QPointF:
            angle = -math.pi / 2 + 2 * math.pi * i / count
            r = radius * value / SCALE
            return QPointF(centre.x() + r * math.cos(angle), centre.y() + r * math.sin(angle))

        grid = QPen(faint(text, 70), 1)
        painter.setPen(grid)
        for ring in range(1, SCALE + 1):
            painter.drawPolygon(QPolygonF([point(i, ring) for i in range(count)]))
        for i in range(count):
            painter.drawLine(centre, point(i, SCALE))
        painter.setFont(smaller(self.font(), 0.8))
        painter.setPen(text)
        metrics = painter.fontMetrics()
        for i, key in enumerate(keys):
            # Labels sit outside the spoke's tip, growing away from the chart.
            tip = point(i, SCALE + 0.3)
            across = math.cos(-math.pi / 2 + 2 * math.pi * i / count)
            height = 2 * metrics.height()
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
            painter.drawText(box, align | vertical | Qt.TextFlag.TextWordWrap, self._name(key))
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
