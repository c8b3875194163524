"""The home view, shown when no partner is selected: what needs you across the portfolio.

Every line names a partner as a link (`partner:<id>/<tab>`); activating it, by mouse or by
Tab and Enter, emits `partner_chosen(partner_id, tab)`. Stage counts link to the table's stage
filter (`stage:<value>`). The view is rebuilt from the same summaries the table shows.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from statistics import fmean

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from planner.domain.attention import Level, PartnerSummary, Reason, attention, attention_order
from planner.domain.health import Trend
from planner.domain.stages import STAGE_ORDER
from planner.ui.icons import icon
from planner.ui.look import alert_colour, bold, heading, spacing

UPCOMING_DAYS = 14
MAX_LINES = 8
TWO_COLUMNS_FROM = 760  # px of width


def partner_link(summary: PartnerSummary, tab: str = "overview") -> str:
    p = summary.partner
    return f'<a href="partner:{p.id}/{tab}">{html.escape(p.name)}</a>'


def parse_link(link: str) -> tuple[str, str, str]:
    """'partner:12/meetings' -> ('partner', '12', 'meetings'); 'stage:exit' -> ('stage',
    'exit', '')."""
    kind, _, rest = link.partition(":")
    value, _, tab = rest.partition("/")
    return kind, value, tab


class Card(QFrame):
    """One section of the home view: a heading (with an icon for the attention levels) and
    lines of rich text with links. No frame: a tint of the palette and space set it apart."""

    link_activated = Signal(str)

    def __init__(self, title: str, icon_name: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.icon_name = icon_name
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        unit = spacing(self)
        layout.setContentsMargins(2 * unit, 2 * unit, 2 * unit, 2 * unit)
        layout.setSpacing(unit)
        top = QHBoxLayout()
        top.setSpacing(unit)
        self.mark = QLabel()
        self.mark.setVisible(bool(icon_name))
        self.heading = QLabel(title)
        self.heading.setFont(bold(self.heading.font()))
        self.heading.setWordWrap(True)
        top.addWidget(self.mark)
        top.addWidget(self.heading, 1)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.linkActivated.connect(self.link_activated)
        self.body.setAccessibleName(title)
        layout.addLayout(top)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self._show_mark()

    def _show_mark(self) -> None:
        if self.icon_name and hasattr(self, "mark"):
            size = self.heading.fontMetrics().height()
            self.mark.setPixmap(icon(self.icon_name).pixmap(size, size))

    def changeEvent(self, event) -> None:  # noqa: N802
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._show_mark()

    def set_lines(self, lines: list[str], empty: str, more: int = 0) -> None:
        if not lines:
            self.body.setText(html.escape(empty))
            return
        gap = spacing(self) // 2
        items = "".join(f"<p style='margin:0 0 {gap}px 0'>{line}</p>" for line in lines)
        extra = (f"<p style='margin:0'>{html.escape(self.tr('and {0} more').format(more))}</p>"
                 if more else "")
        self.body.setText(items + extra)


class HomeView(QScrollArea):
    """What needs the user today, most urgent first; everything else one click away."""

    partner_chosen = Signal(int, str)
    stage_chosen = Signal(str)
    name_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Portfolio home"))
        page = QWidget()
        outer = QVBoxLayout(page)
        unit = spacing(self)
        outer.setContentsMargins(3 * unit, 2 * unit, 3 * unit, 2 * unit)
        outer.setSpacing(unit)
        self.title = QLabel()
        self.title.setFont(heading(self.title.font()))
        self.title.setWordWrap(True)
        self.name_link = QLabel()
        self.name_link.setTextFormat(Qt.TextFormat.RichText)
        self.name_link.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.name_link.setText(f'<a href="name:">{html.escape(self.tr("Name this portfolio…"))}'
                               "</a>")
        self.name_link.linkActivated.connect(lambda _link: self.name_requested.emit())
        title_row = QHBoxLayout()
        title_row.setSpacing(2 * unit)
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.name_link, 0, Qt.AlignmentFlag.AlignBottom)
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        outer.addLayout(title_row)
        outer.addWidget(self.subtitle)
        outer.addSpacing(unit)
        self.grid = QGridLayout()
        self.grid.setSpacing(2 * unit)
        outer.addLayout(self.grid)
        outer.addStretch(1)
        self.setWidget(page)
        self.now = Card(self.tr("Needs you now"), "attention-now")
        self.watch = Card(self.tr("Keep an eye on"), "attention-watch")
        self.reviews = Card(self.tr("Reviews in the next {0} days").format(UPCOMING_DAYS))
        self.overdue = Card(self.tr("Overdue actions"))
        self.stages = Card(self.tr("Partners by stage"))
        self.health = Card(self.tr("Health across the portfolio"))
        # Most urgent first: reading order is left to right, top to bottom.
        self.cards = [self.now, self.watch, self.reviews, self.overdue, self.stages,
                      self.health]
        for card in self.cards:
            card.link_activated.connect(self.open_link)
        self._columns = 0
        self._arrange()

    # links -----------------------------------------------------------------------------------
    def open_link(self, link: str) -> None:
        kind, value, tab = parse_link(link)
        if kind == "partner" and value.isdigit():
            self.partner_chosen.emit(int(value), tab or "overview")
        elif kind == "stage":
            self.stage_chosen.emit(value)

    # layout: two equal columns of cards when there is room, one when narrow -----------------
    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._arrange()

    def _arrange(self) -> None:
        columns = 2 if self.viewport().width() >= TWO_COLUMNS_FROM else 1
        if columns == self._columns:
            return
        self._columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for i, card in enumerate(self.cards):
            self.grid.addWidget(card, i // columns, i % columns)
        for c in range(2):
            self.grid.setColumnStretch(c, 1 if c < columns else 0)
            self.grid.setColumnMinimumWidth(c, 0)

    # content ---------------------------------------------------------------------------------
    def show_summaries(self, summaries: list[PartnerSummary], today: dt.date,
                       portfolio_name: str = "",
                       reasons: Callable[[PartnerSummary], list[Reason]] | None = None) -> None:
        """`reasons`: each partner's reasons for attention when the caller has them already
        (the window's table does), so thousands of partners are not judged twice."""
        self.title.setText(portfolio_name or self.tr("Your portfolio"))
        self.name_link.setVisible(not portfolio_name)
        reasons = reasons or (lambda s: attention(s, today))
        ranked = [(s, reasons(s)) for s in attention_order(summaries, today)]
        now = [(s, r) for s, r in ranked if r and r[0].level is Level.NOW]
        watch = [(s, r) for s, r in ranked if r and r[0].level is Level.WATCH]
        parts = [self.tr("{0} partners").format(len(summaries))]
        if now:
            parts.append(self.tr("{0} need you now").format(len(now)))
        if watch:
            parts.append(self.tr("{0} to keep an eye on").format(len(watch)))
        parts.append(self.tr("today is {0}").format(today.strftime("%A %d %B %Y")))
        self.subtitle.setText(" \u00b7 ".join(parts))
        self._show_attention(self.now, now, self.tr("Nothing needs you today."))
        self._show_attention(self.watch, watch, self.tr("Nothing to keep an eye on."))
        self._show_reviews(summaries, today)
        self._show_overdue(summaries)
        self._show_stages(summaries)
        self._show_health(summaries)

    def _show_attention(self, card: Card, ranked, empty: str) -> None:
        lines = [f"<b>{partner_link(s)}</b><br>"
                 + html.escape("; ".join(r.text for r in reasons))
                 for s, reasons in ranked[:MAX_LINES]]
        card.set_lines(lines, empty, max(0, len(ranked) - MAX_LINES))

    def _show_reviews(self, summaries, today) -> None:
        horizon = today + dt.timedelta(days=UPCOMING_DAYS)
        upcoming = sorted((s for s in summaries if s.partner.next_review
                           and today <= s.partner.next_review <= horizon),
                          key=lambda s: (s.partner.next_review, s.partner.name.casefold()))
        lines = []
        for s in upcoming[:MAX_LINES]:
            days = (s.partner.next_review - today).days
            when = (self.tr("today") if days == 0 else self.tr("tomorrow") if days == 1
                    else self.tr("in {0} days").format(days))
            place = (f" \u00b7 {html.escape(s.partner.review_place)}"
                     if s.partner.review_place else "")
            lines.append(f"{partner_link(s)} \u2014 {s.partner.next_review:%a %d %b} "
                         f"({when}){place}")
        self.reviews.set_lines(lines, self.tr("No reviews planned in the next two weeks."),
                               max(0, len(upcoming) - MAX_LINES))

    def _show_overdue(self, summaries) -> None:
        late = sorted((s for s in summaries if s.overdue_actions),
                      key=lambda s: (-s.overdue_actions, s.partner.name.casefold()))
        alert = alert_colour(self.palette()).name()
        lines = [f"{partner_link(s, 'meetings')} \u2014 <span style='color:{alert}'>"
                 + html.escape(self.tr("{0} overdue").format(s.overdue_actions)) + "</span> "
                 + html.escape(self.tr("of {0} open").format(s.open_actions))
                 for s in late[:MAX_LINES]]
        self.overdue.set_lines(lines, self.tr("No action is overdue."),
                               max(0, len(late) - MAX_LINES))

    def _show_stages(self, summaries) -> None:
        lines = []
        for stage in STAGE_ORDER:
            count = sum(1 for s in summaries if s.partner.stage is stage)
            lines.append(f'<a href="stage:{stage.value}">{html.escape(self.tr(stage.title))}</a>'
                         f" \u2014 {count} \u00b7 {html.escape(stage.purpose)}")
        self.stages.set_lines(lines, "")

    def _show_health(self, summaries) -> None:
        scored = [s for s in summaries if s.health is not None]
        if not scored:
            self.health.set_lines([], self.tr("No health check recorded yet."))
            return
        counts = {t: sum(1 for s in scored if s.trend is t) for t in Trend}
        lines = [
            self.tr("Average latest score {0:.1f} of 5 across {1} partners").format(
                fmean(s.health for s in scored), len(scored)),
            self.tr("{0} rising \u2191, {1} steady \u2192, {2} falling \u2193").format(
                counts[Trend.RISING], counts[Trend.STEADY], counts[Trend.FALLING]),
        ]
        falling = [s for s in scored if s.trend is Trend.FALLING]
        lowest = sorted(scored, key=lambda s: (s.health, s.partner.name.casefold()))[:3]
        for s in falling + [s for s in lowest if s not in falling]:
            arrow = s.trend.arrow if s.trend else ""
            lines.append(f"{partner_link(s, 'health')} \u2014 {s.health:.1f} {arrow}")
        self.health.set_lines(lines, "")


class NoPortfolioPage(QWidget):
    """What the window shows when no portfolio could be opened."""

    def __init__(self, window):  # the MainWindow, whose file operations the buttons start
        super().__init__(window)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        text = QLabel(self.tr("No portfolio is open."))
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.open_button = QPushButton(icon("open"), self.tr("Open a portfolio\u2026"))
        self.new_button = QPushButton(icon("new"), self.tr("Start a new portfolio\u2026"))
        self.open_button.clicked.connect(window.files.open_dialog)
        self.new_button.clicked.connect(window.files.new_portfolio)
        layout.addWidget(text)
        for button in (self.open_button, self.new_button):
            button.setMinimumWidth(220)
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class WelcomePanel(QWidget):
    """What an empty portfolio shows: start your own, or look around the sample first."""

    add_partner = Signal()
    import_spreadsheet = Signal()
    explore_sample = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(self.tr("Welcome"))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        logo = QLabel()
        logo.setPixmap(icon("app").pixmap(72, 72))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel(self.tr("Welcome to Partner Planner"))
        title.setFont(heading(title.font()))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(self.tr(
            "Keep every alliance in one place: the stage it is in, the people on both sides, "
            "the differences to manage, what was agreed in meetings, and a brief to print "
            "before each face-to-face review. Your portfolio is empty."))
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setMaximumWidth(520)
        text.setMinimumWidth(360)
        self.add_button = QPushButton(icon("add-partner"), self.tr("Add your first partner"))
        self.import_button = QPushButton(icon("spreadsheet"),
                                         self.tr("Import a spreadsheet…"))
        self.import_button.setToolTip(self.tr(
            "Bring in your partner list from a CSV or Excel file (.csv, .xlsx)."))
        self.sample_button = QPushButton(icon("sample"), self.tr("Explore the sample portfolio"))
        self.add_button.setDefault(True)
        self.sample_button.setToolTip(self.tr(
            "Opens a separate sample file; nothing is added to your own portfolio."))
        # One column of buttons of one width: the widest one's.
        widest = max(b.sizeHint().width() for b in (self.add_button, self.import_button,
                                                    self.sample_button))
        for button in (self.add_button, self.import_button, self.sample_button):
            button.setMinimumWidth(max(widest, text.fontMetrics().horizontalAdvance("M" * 16)))
        self.add_button.clicked.connect(self.add_partner)
        self.import_button.clicked.connect(self.import_spreadsheet)
        self.sample_button.clicked.connect(self.explore_sample)
        buttons = QVBoxLayout()
        buttons.setSpacing(spacing(self))
        for button in (self.add_button, self.import_button, self.sample_button):
            buttons.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(text)
        row.addStretch(1)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addSpacing(spacing(self))
        layout.addLayout(row)
        layout.addSpacing(2 * spacing(self))
        layout.addLayout(buttons)
        layout.addStretch(2)
