"""The relationship map: our people on the left, theirs on the right, a row per level.

Ties are lines whose weight shows their strength; ambassadors carry a star. Drag from one
person to someone on the other side to ask for a tie (`tie_requested`); right-click a tie to
change its strength or remove it. The map only asks: the People tab makes the edits.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QMenu,
)

from planner.domain.model import LEVEL_ORDER, Side, Stakeholder, Strength, Tie
from planner.ui.look import bold, faint, muted_text, ours_colour, smaller, theirs_colour
from planner.ui.workspace.labels import label, tr

GAP = 10.0
MIN_NODE, MAX_NODE = 150.0, 280.0  # a person's card grows with the pane between these
MIN_MIDDLE, MAX_MIDDLE = 90.0, 260.0  # room between the two sides for the ties
READABLE_SCALE = 0.8  # the map shrinks to fit its pane down to this, then it scrolls


def pen_width(strength: Strength) -> float:
    return {Strength.WEAK: 1.2, Strength.WORKING: 2.8, Strength.STRONG: 5.0}[strength]


class PersonNode(QGraphicsItem):
    def __init__(self, person: Stakeholder, ties: int, width: float, height: float):
        super().__init__()
        self.person = person
        self.width, self.height = width, height
        self.setToolTip(self._tooltip(ties))
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setZValue(2)

    def _tooltip(self, ties: int) -> str:
        p = self.person
        lines = [p.name, f"{label(p.side)} · {label(p.level)}" + (f" · {p.role}" if p.role
                                                                   else "")]
        if p.ambassador:
            lines.append(tr("★ Ambassador: watches over the relationship"))
        lines.append(tr("{n} ties. Drag to someone on the other side to add a tie.")
                     .format(n=ties))
        return "\n".join(lines)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.width, self.height)

    def anchor(self) -> QPointF:
        """Where ties meet the node: the edge that faces the other side."""
        x = self.width if self.person.side is Side.OURS else 0.0
        return self.mapToScene(QPointF(x, self.height / 2))

    def paint(self, painter: QPainter, option, widget=None) -> None:
        palette = widget.palette() if widget else QApplication.palette()
        side_colour = (ours_colour if self.person.side is Side.OURS else theirs_colour)(palette)
        rect = self.boundingRect().adjusted(1, 1, -1, -1)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.setPen(QPen(side_colour, 2.5 if self.person.ambassador else 1.2))
        painter.drawRoundedRect(rect, 6, 6)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(side_colour)
        stripe = (QRectF(rect.left(), rect.top(), 5, rect.height())
                  if self.person.side is Side.OURS
                  else QRectF(rect.right() - 5, rect.top(), 5, rect.height()))
        painter.drawRect(stripe)
        text_colour = palette.color(QPalette.ColorRole.Text)
        font = bold(painter.font())
        painter.setFont(font)
        painter.setPen(text_colour)
        inner = rect.adjusted(10, 3, -22 if self.person.ambassador else -10, -3)
        metrics = QFontMetrics(font)
        painter.drawText(QRectF(inner.left(), inner.top(), inner.width(), inner.height() / 2),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         metrics.elidedText(self.person.name, Qt.TextElideMode.ElideRight,
                                            int(inner.width())))
        small = smaller(painter.font())
        small.setBold(False)
        painter.setFont(small)
        painter.setPen(muted_text(palette))
        role = self.person.role or label(self.person.level)
        painter.drawText(QRectF(inner.left(), inner.center().y(), inner.width(),
                                inner.height() / 2),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         QFontMetrics(small).elidedText(role, Qt.TextElideMode.ElideRight,
                                                        int(inner.width())))
        if self.person.ambassador:
            star = bold(painter.font())
            star.setPointSizeF(max(9.0, star.pointSizeF() * 1.6))
            painter.setFont(star)
            painter.setPen(side_colour)
            painter.drawText(QRectF(rect.right() - 24, rect.top(), 20, 22),
                             Qt.AlignmentFlag.AlignCenter, "★")


class TieLine(QGraphicsLineItem):
    def __init__(self, tie: Tie, ours: PersonNode, theirs: PersonNode, colour):
        super().__init__()
        self.tie = tie
        self.setLine(ours.anchor().x(), ours.anchor().y(), theirs.anchor().x(),
                     theirs.anchor().y())
        pen = QPen(colour, pen_width(tie.strength))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        if tie.strength is Strength.WEAK:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.setPen(pen)
        self.setZValue(1)
        self.setToolTip(tr("{ours} and {theirs}: {strength} tie. Right-click to change it.")
                        .format(ours=ours.person.name, theirs=theirs.person.name,
                                strength=label(tie.strength).lower()))

    def shape(self):
        # A thin line is hard to hit with the mouse: widen what counts as "on the line".
        path = QPainterPath(self.line().p1())
        path.lineTo(self.line().p2())
        stroker = QPainterPathStroker()
        stroker.setWidth(max(10.0, self.pen().widthF() + 6))
        return stroker.createStroke(path)


class RelationshipMap(QGraphicsView):
    tie_requested = Signal(int, int)  # our person's id, their person's id
    strength_requested = Signal(object, object)  # tie, Strength
    remove_requested = Signal(object)  # tie

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName(tr("Relationship map"))
        self.setMinimumHeight(180)
        self.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Laid out again for the pane's width (debounced): cards grow, text keeps its size.
        self._redraw = QTimer(self)
        self._redraw.setSingleShot(True)
        self._redraw.setInterval(30)
        self._redraw.timeout.connect(self._draw)
        self._drawn_width = -1
        self.nodes: dict[int, PersonNode] = {}
        self.lines: list[TieLine] = []
        self._drag_from: PersonNode | None = None
        self.writable = True  # False: a read-only portfolio; no tie is dragged or changed
        self._drag_line: QGraphicsLineItem | None = None
        self._people: Sequence[Stakeholder] = ()
        self._ties: Sequence[Tie] = ()

    # drawing ------------------------------------------------------------------------------
    def set_people(self, stakeholders: Sequence[Stakeholder], ties: Sequence[Tie]) -> None:
        self._people, self._ties = stakeholders, ties
        self._draw()

    def _draw(self) -> None:
        scene = self.scene()
        scene.clear()
        self.nodes, self.lines, self._drag_line = {}, [], None
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        tie_counts = {s.id: 0 for s in self._people}
        for tie in self._ties:
            for pid in (tie.ours_id, tie.theirs_id):
                tie_counts[pid] = tie_counts.get(pid, 0) + 1
        available = max(self.viewport().width() - 40.0, 2 * MIN_NODE + MIN_MIDDLE)
        middle = min(max(available * 0.28, MIN_MIDDLE), MAX_MIDDLE)
        node_width = min(max((available - middle) / 2, MIN_NODE), MAX_NODE)
        middle = min(max(available - 2 * node_width, MIN_MIDDLE), 1.5 * MAX_MIDDLE)
        fm = QFontMetrics(self.font())
        node_height = 2 * fm.lineSpacing() + 12.0
        band_padding = QFontMetrics(smaller(self.font())).lineSpacing() + 8.0
        self._drawn_width = self.viewport().width()
        left, right = 0.0, node_width + middle
        width = right + node_width
        heading = bold(self.font())
        for x, side in ((left, Side.OURS), (right, Side.THEIRS)):
            title = scene.addSimpleText(tr("Our side") if side is Side.OURS
                                        else tr("Their side"), heading)
            title.setBrush((ours_colour if side is Side.OURS else theirs_colour)(palette))
            title.setPos(x + (node_width - title.boundingRect().width()) / 2,
                         -fm.lineSpacing() - 10)
        y = 0.0
        for band, level in enumerate(LEVEL_ORDER):
            ours = [p for p in self._people if p.side is Side.OURS and p.level is level]
            theirs = [p for p in self._people if p.side is Side.THEIRS and p.level is level]
            rows = max(len(ours), len(theirs), 1)
            height = band_padding + rows * (node_height + GAP) + GAP
            if band % 2 == 0:
                scene.addRect(QRectF(-12, y, width + 24, height), QPen(Qt.PenStyle.NoPen),
                              QBrush(faint(text, 14))).setZValue(-2)
            # The level's name sits in the band's top-left corner, above our cards: ties run
            # between the cards' inner edges, so none can strike it through.
            caption = QGraphicsSimpleTextItem(label(level).upper())
            caption.setFont(smaller(self.font()))
            caption.setBrush(muted_text(palette, palette.color(QPalette.ColorRole.Base)))
            caption.setPos(left + 2, y + 3)
            scene.addItem(caption)
            for x, group in ((left, ours), (right, theirs)):
                for row, person in enumerate(sorted(group, key=lambda p: (not p.ambassador,
                                                                          p.name))):
                    node = PersonNode(person, tie_counts.get(person.id, 0), node_width,
                                      node_height)
                    node.setPos(x, y + band_padding + row * (node_height + GAP))
                    scene.addItem(node)
                    self.nodes[person.id] = node
            y += height
        colour = faint(text, 200)
        for tie in self._ties:
            if tie.ours_id in self.nodes and tie.theirs_id in self.nodes:
                line = TieLine(tie, self.nodes[tie.ours_id], self.nodes[tie.theirs_id], colour)
                scene.addItem(line)
                self.lines.append(line)
        if not self._people:
            empty = scene.addSimpleText(tr("Add stakeholders to draw the map."))
            empty.setBrush(text)
            empty.setPos((width - empty.boundingRect().width()) / 2, 40)
        y += self._legend(y + GAP, width, colour)
        scene.setSceneRect(QRectF(-16, -fm.lineSpacing() - 18, width + 32,
                                  y + fm.lineSpacing() + 30))
        self._fit()

    def _legend(self, top: float, width: float, colour) -> float:
        """Strength by line weight (weak dashed), and the ambassador's star; its height."""
        scene = self.scene()
        palette = self.palette()
        font = smaller(self.font())
        fm = QFontMetrics(font)
        ink = muted_text(palette, palette.color(QPalette.ColorRole.Base))
        x, y = 0.0, top + fm.lineSpacing() / 2 + 4
        for strength in (Strength.WEAK, Strength.WORKING, Strength.STRONG):
            pen = QPen(colour, pen_width(strength))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            if strength is Strength.WEAK:
                pen.setStyle(Qt.PenStyle.DashLine)
            scene.addLine(x, y, x + 28, y, pen)
            words = scene.addSimpleText(tr("{strength} tie").format(
                strength=label(strength)), font)
            words.setBrush(ink)
            words.setPos(x + 34, y - fm.height() / 2)
            x += 34 + words.boundingRect().width() + 18
        star = scene.addSimpleText(tr("★ ambassador"), font)
        star.setBrush(ink)
        star.setPos(min(x, width - star.boundingRect().width()), y - fm.height() / 2)
        return fm.lineSpacing() + 12

    def _fit(self) -> None:
        """The whole width always; the whole height too unless that would shrink the text
        below READABLE_SCALE (then the map scrolls down instead)."""
        rect = self.scene().sceneRect()
        view = self.viewport().rect()
        across = min(1.0, view.width() / rect.width()) if rect.width() else 1.0
        down = view.height() / rect.height() if rect.height() else 1.0
        scale = min(across, max(down, READABLE_SCALE))
        self.resetTransform()
        self.scale(scale, scale)
        self.ensureVisible(QRectF(rect.left(), rect.top(), 1, 1), 0, 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.viewport().width() != self._drawn_width:
            self._redraw.start()
        self._fit()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.PaletteChange, event.Type.FontChange):
            self._draw()

    # dragging a tie -----------------------------------------------------------------------
    def node_at(self, point) -> PersonNode | None:
        for item in self.items(point.toPoint() if hasattr(point, "toPoint") else point):
            if isinstance(item, PersonNode):
                return item
        return None

    def mousePressEvent(self, event) -> None:
        node = self.node_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and node is not None and self.writable:
            self._drag_from = node
            start = node.anchor()
            self._drag_line = self.scene().addLine(start.x(), start.y(), start.x(), start.y(),
                                                   QPen(self.palette().color(
                                                       QPalette.ColorRole.Highlight), 2,
                                                       Qt.PenStyle.DashLine))
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._drag_from is not None and self._drag_line is not None:
            start = self._drag_from.anchor()
            end = self.mapToScene(event.position().toPoint())
            self._drag_line.setLine(start.x(), start.y(), end.x(), end.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if self._drag_from is not None:
            source, self._drag_from = self._drag_from, None
            if self._drag_line is not None:
                self.scene().removeItem(self._drag_line)
                self._drag_line = None
            target = self.node_at(event.position())
            if target is not None:
                self.drop(source.person.id, target.person.id)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def drop(self, source_id: int, target_id: int) -> bool:
        """A drag from one person ended on another: ask for a tie if they face each other."""
        source, target = self.nodes.get(source_id), self.nodes.get(target_id)
        if (not self.writable or source is None or target is None
                or source.person.side is target.person.side):
            return False
        ours, theirs = ((source, target) if source.person.side is Side.OURS
                        else (target, source))
        self.tie_requested.emit(ours.person.id, theirs.person.id)
        return True

    # changing a tie -----------------------------------------------------------------------
    def contextMenuEvent(self, event) -> None:
        line = next((i for i in self.items(event.pos()) if isinstance(i, TieLine)), None)
        if line is None or not self.writable:
            super().contextMenuEvent(event)
            return
        menu = QMenu(self)
        for strength in Strength:
            action = menu.addAction(label(strength))
            action.setCheckable(True)
            action.setChecked(strength is line.tie.strength)
            action.triggered.connect(lambda _=False, s=strength, t=line.tie:
                                     self.strength_requested.emit(t, s))
        menu.addSeparator()
        menu.addAction(tr("Remove tie"), lambda t=line.tie: self.remove_requested.emit(t))
        menu.exec(event.globalPos())
