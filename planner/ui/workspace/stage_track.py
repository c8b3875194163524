"""The stage track: the four stages in order, the partner's own highlighted (as on the brief).

Stages already passed carry a tick, the current one is filled with the palette's highlight
and set in bold, those ahead are muted: position is told by shape and weight, not colour
alone. The track only shows; the Overview's "Move to…" button changes the stage.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPainterPath, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from planner.domain.stages import STAGE_ORDER, Stage
from planner.ui.look import blend, bold, muted_text, spacing
from planner.ui.workspace.labels import label, tr

Role = QPalette.ColorRole


class StageTrack(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.stage: Stage | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("Stage"))

    def set_stage(self, stage: Stage | None) -> None:
        self.stage = stage
        if stage is None:
            self.setAccessibleDescription("")
            self.setToolTip("")
        else:
            words = tr("Stage {n} of {total}: {stage}. {purpose}").format(
                n=stage.order + 1, total=len(STAGE_ORDER), stage=label(stage),
                purpose=stage.purpose)
            self.setAccessibleDescription(words)
            self.setToolTip(words)
        self.update()

    def _texts(self) -> list[str]:
        current = self.stage.order if self.stage is not None else -1
        return [("\u2713 " if stage.order < current else "") + label(stage)
                for stage in STAGE_ORDER]

    def sizeHint(self) -> QSize:  # noqa: N802
        fm = QFontMetrics(bold(self.font()))
        pad = spacing(self)
        widest = max(fm.horizontalAdvance(t) for t in self._texts())
        return QSize(len(STAGE_ORDER) * (widest + 3 * pad), fm.height() + 2 * pad)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        # each stage's name whole, with a little room: the generous padding of sizeHint made
        # the overview a pixel wider than its pane at 1024x700, behind a horizontal scroll bar
        fm = QFontMetrics(bold(self.font()))
        pad = spacing(self)
        widest = max(fm.horizontalAdvance(t) for t in self._texts())
        count = len(STAGE_ORDER)
        return QSize(count * (widest + pad) + (count - 1) * pad // 2, self.sizeHint().height())

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        base, text = palette.color(Role.Base), palette.color(Role.Text)
        gap = spacing(self) / 2
        count = len(STAGE_ORDER)
        width = (self.width() - gap * (count - 1)) / count
        current = self.stage.order if self.stage is not None else -1
        for stage, words in zip(STAGE_ORDER, self._texts(), strict=True):
            box = QRectF(stage.order * (width + gap), 0.5, width, self.height() - 1.0)
            path = QPainterPath()
            path.addRoundedRect(box, 4, 4)
            if stage.order == current:
                fill, ink, font = (palette.color(Role.Highlight),
                                   palette.color(Role.HighlightedText), bold(self.font()))
            elif stage.order < current:
                fill, ink, font = blend(palette.color(Role.Highlight), base, 0.16), text, \
                    self.font()
            else:
                fill = base
                ink, font = muted_text(palette, base), self.font()
            painter.fillPath(path, fill)
            painter.setPen(blend(text, base, 0.35))
            painter.drawPath(path)
            painter.setPen(ink)
            painter.setFont(font)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter,
                             QFontMetrics(font).elidedText(words, Qt.TextElideMode.ElideRight,
                                                           int(box.width()) - 4))
