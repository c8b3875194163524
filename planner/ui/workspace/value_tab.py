"""Value: what each side gives and gets, and whether the balance has gone lopsided."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from planner.domain.model import Side, ValueCategory, ValueExchange
from planner.domain.value import Balance, Verdict, verdict
from planner.services import value
from planner.ui.workspace.edits import Part
from planner.ui.workspace.fields import ChoiceField, DateField, NumberField, TextField
from planner.ui.workspace.labels import choices, short_date, tr
from planner.ui.workspace.look import alert_colour, ours_colour, theirs_colour
from planner.ui.workspace.record_panel import RecordPanel
from planner.ui.workspace.records import Column, Layout
from planner.ui.workspace.tab import WorkspaceTab

EXCHANGE = Part(tr("value exchange"), value.record_exchange, value.update_exchange,
                value.remove_exchange, value.restore_exchange, lambda e: e.what)


def giver(side: Side) -> str:
    return tr("We give") if side is Side.OURS else tr("They give")


class BalanceBar(QWidget):
    """Two bars meeting at the middle: our share of what is given on the left, theirs right."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.balance = Balance(0, 0)
        self.setMinimumHeight(46)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("Balance of value given"))

    def set_balance(self, new: Balance) -> None:
        self.balance = new
        self.setAccessibleDescription(new.sentence())
        self.setToolTip(new.sentence())
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(400, 46)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        bar = QRectF(4, 20, self.width() - 8, 20)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(bar, 4, 4)
        b = self.balance
        if b.total:
            split = bar.left() + bar.width() * b.our_share
            painter.setBrush(ours_colour(palette))
            painter.drawRoundedRect(QRectF(bar.left(), bar.top(), split - bar.left(),
                                           bar.height()), 4, 4)
            painter.setBrush(theirs_colour(palette))
            painter.drawRoundedRect(QRectF(split, bar.top(), bar.right() - split,
                                           bar.height()), 4, 4)
        middle = bar.center().x()
        painter.setPen(alert_colour(palette) if b.lopsided else text)
        painter.drawLine(middle, bar.top() - 4, middle, bar.bottom() + 4)
        painter.setPen(text)
        top = QRectF(4, 0, self.width() - 8, 18)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         tr("We give {amount:,}").format(amount=b.ours))
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         tr("They give {amount:,}").format(amount=b.theirs))


def columns() -> list[Column]:
    return [
        Column(tr("Who gives"), lambda e: giver(e.giver), width=90),
        Column(tr("What"), lambda e: e.what, tooltip=lambda e: e.what, width=260),
        Column(tr("Worth"), lambda e: f"{e.worth:,}", sort_key=lambda e: e.worth, width=90),
        Column(tr("Date"), lambda e: short_date(e.date), sort_key=lambda e: e.date),
    ]


def fields():
    return [
        ChoiceField("giver", tr("&Who gives"), [(Side.OURS, tr("We give")),
                                                 (Side.THEIRS, tr("They give"))]),
        TextField("what", tr("W&hat"), lines=2, required=True),
        NumberField("worth", tr("Wo&rth"), help=tr("A rough figure in one currency, so "
                                                   "the two sides can be compared.")),
        DateField("date", tr("&Date")),
        ChoiceField("category", tr("&Category"), choices(ValueCategory),
                    help=tr("Contract payments are shown apart: the balance weighs "
                            "contributions.")),
    ]


class ValueTab(WorkspaceTab):
    name = "value"

    def __init__(self, session, editor, parent=None):
        super().__init__(session, editor, parent)
        self.bar = BalanceBar(self)
        self.sentence = QLabel(self)
        self.sentence.setWordWrap(True)
        self.sentence.setAccessibleName(tr("Balance"))
        self.panel = RecordPanel(tr("Value exchanged"), Layout(columns()),
                                 noun=tr("value exchange"), parent=self)
        self.wire(self.panel, EXCHANGE, fields,
                  lambda: ValueExchange(self.partner_id, Side.OURS, "",
                                        date=self.session.today()))
        column = QVBoxLayout(self)
        heading = QLabel(tr("Help everyone win: both sides should gain."), self)
        heading.setWordWrap(True)
        column.addWidget(heading)
        column.addWidget(self.bar)
        column.addWidget(self.sentence)
        column.addWidget(self.panel, 1)

    @property
    def title(self) -> str:
        return tr("Value")

    def load(self) -> None:
        exchanges = self.call(value.exchanges, self.partner_id)
        self.panel.set_records(exchanges)
        self._show(verdict(exchanges, self.session.today()))

    def clear(self) -> None:
        self.panel.set_records([])
        self._show(None)

    def _show(self, v: Verdict | None) -> None:
        b = v.window if v is not None else Balance(0, 0)
        self.bar.set_balance(b)
        self.sentence.setText(v.sentence() if v is not None else b.sentence())
        palette = self.sentence.palette()
        colour = (alert_colour(palette) if b.lopsided
                  else self.palette().color(QPalette.ColorRole.WindowText))
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.sentence.setPalette(palette)

