"""Value: what each side gives and gets, and whether the balance has gone lopsided."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from planner.domain.model import Side, ValueCategory, ValueExchange
from planner.domain.value import EVEN_MARGIN, Balance, Lean, Verdict, verdict
from planner.services import value
from planner.ui.look import alert_colour, ours_colour, theirs_colour
from planner.ui.workspace.edits import Part
from planner.ui.workspace.fields import ChoiceField, DateField, NumberField, TextField
from planner.ui.workspace.labels import choices, short_date, tr
from planner.ui.workspace.record_panel import RecordPanel
from planner.ui.workspace.records import Column, Layout
from planner.ui.workspace.tab import WorkspaceTab

EXCHANGE = Part(tr("value exchange"), value.record_exchange, value.update_exchange,
                value.remove_exchange, value.restore_exchange, lambda e: e.what)


def giver(side: Side) -> str:
    return tr("We give") if side is Side.OURS else tr("They give")


def money(amount: int, currency: str) -> str:
    """An amount in the portfolio's currency: "147,000 EUR" (the ISO code is unambiguous)."""
    return f"{amount:,} {currency}"


def verdict_text(b: Balance, currency: str) -> str:
    """The domain's verdict on the balance, in words, with both amounts."""
    ours, theirs = money(b.ours, currency), money(b.theirs, currency)
    lean = b.lean
    if lean is Lean.NOTHING:
        return tr("No value exchanged is recorded yet.")
    if lean is Lean.EVEN:
        return tr("Even: we give {ours}, they give {theirs}.").format(ours=ours, theirs=theirs)
    share = round(100 * (b.our_share if b.gives_more is Side.OURS else 1 - b.our_share))
    if lean is Lean.LEANING:
        who = tr("We give more") if b.gives_more is Side.OURS else tr("They give more")
        return tr("{who} ({share}% of the total): we give {ours}, they give {theirs}.").format(
            who=who, share=share, ours=ours, theirs=theirs)
    if b.gives_more is Side.OURS:
        return tr("Lopsided: we give {ours} and get {theirs}. Ask what they could bring so "
                  "both sides win.").format(ours=ours, theirs=theirs)
    return tr("Lopsided: they give {theirs} and get {ours}. Ask what we could bring before "
              "they feel taken.").format(ours=ours, theirs=theirs)


class BalanceBar(QWidget):
    """Two bars meeting at the middle: our share of what is given on the left, theirs right."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.balance = Balance(0, 0)
        self.currency = ""
        self.setMinimumHeight(46)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName(tr("Balance of value given"))

    def set_balance(self, new: Balance, currency: str) -> None:
        self.balance, self.currency = new, currency
        words = verdict_text(new, currency)
        self.setAccessibleDescription(words)
        self.setToolTip(words + "\n" + tr("The marks either side of the middle show the even "
                                          "band (50% \u00b1 {0:.0f})").format(100 * EVEN_MARGIN))
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
        # The even band the domain uses for its verdict: a split inside these marks is even.
        middle = bar.center().x()
        painter.setPen(alert_colour(palette) if b.lopsided else text)
        painter.drawLine(QPointF(middle, bar.top() - 4), QPointF(middle, bar.bottom() + 4))
        for edge in (-EVEN_MARGIN, EVEN_MARGIN):
            x = middle + edge * bar.width()
            painter.drawLine(QPointF(x, bar.top() - 3), QPointF(x, bar.top() + 3))
            painter.drawLine(QPointF(x, bar.bottom() - 3), QPointF(x, bar.bottom() + 3))
        painter.setPen(text)
        top = QRectF(4, 0, self.width() - 8, 18)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         tr("We give {amount}").format(amount=money(b.ours, self.currency)))
        painter.drawText(top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         tr("They give {amount}").format(
                             amount=money(b.theirs, self.currency)))


def columns(currency: Callable[[], str]) -> list[Column]:
    return [
        Column(tr("Who gives"), lambda e: giver(e.giver)),
        Column(tr("What"), lambda e: e.what, tooltip=lambda e: e.what, main=True),
        Column(tr("Worth"), lambda e: money(e.worth, currency()), sort_key=lambda e: e.worth),
        Column(tr("Date"), lambda e: short_date(e.date), sort_key=lambda e: e.date),
    ]


def fields(currency: str):
    return [
        ChoiceField("giver", tr("&Who gives"), [(Side.OURS, tr("We give")),
                                                 (Side.THEIRS, tr("They give"))]),
        TextField("what", tr("W&hat"), lines=2, required=True),
        NumberField("worth", tr("Wo&rth"), suffix=f" {currency}",
                    help=tr("A rough figure in the portfolio's currency, so the two sides "
                            "can be compared.")),
        DateField("date", tr("&Date")),
        ChoiceField("category", tr("&Category"), choices(ValueCategory),
                    help=tr("Contract payments are shown apart: the balance weighs "
                            "contributions.")),
    ]


class ValueTab(WorkspaceTab):
    name = "value"

    def __init__(self, session, editor, parent=None):
        super().__init__(session, editor, parent)
        self.currency = ""
        self.bar = BalanceBar(self)
        self.sentence = QLabel(self)
        self.sentence.setWordWrap(True)
        self.sentence.setAccessibleName(tr("Balance"))
        self.panel = RecordPanel(tr("Value exchanged"),
                                 Layout(columns(lambda: self.currency)),
                                 noun=tr("value exchange"), parent=self)
        self.wire(self.panel, EXCHANGE, lambda: fields(self.currency),
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
        exchanges = list(self.record().value)
        self.currency = self.session.settings().currency
        self.panel.set_records(exchanges)
        self._show(verdict(exchanges, self.session.today()))

    def clear(self) -> None:
        self.panel.set_records([])
        self._show(None)

    def _show(self, v: Verdict | None) -> None:
        b = v.window if v is not None else Balance(0, 0)
        self.bar.set_balance(b, self.currency)
        words = verdict_text(b, self.currency)
        if v is not None:
            span = (tr("Over the last quarter") if v.quarters == 1 else
                    tr("Over the last {0} quarters").format(v.quarters))
            words = words.replace(":", f" {span.lower()}:", 1)
            if v.window.total == 0 and v.all_time.total:
                words = tr("Nothing exchanged {span}; all-time we give {ours}, they give "
                           "{theirs}.").format(span=span.lower(),
                                               ours=money(v.all_time.ours, self.currency),
                                               theirs=money(v.all_time.theirs, self.currency))
        self.sentence.setText(words)
        palette = self.sentence.palette()
        colour = (alert_colour(palette) if b.lopsided
                  else self.palette().color(QPalette.ColorRole.WindowText))
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.sentence.setPalette(palette)

