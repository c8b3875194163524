"""Health: periodic checks, a radar of the latest, the trend of the overall score."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics, QTextBlockFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from planner.domain import health as rules
from planner.domain.model import HealthCheck, HealthScore
from planner.domain.templates import dimension_name
from planner.services import health
from planner.ui.look import bold, spacing
from planner.ui.session import today
from planner.ui.workspace.edits import Part
from planner.ui.workspace.fields import DateField, ScorePairField, TextField
from planner.ui.workspace.health_charts import RadarChart, TrendChart
from planner.ui.workspace.labels import short_date, tr
from planner.ui.workspace.record_panel import RecordPanel
from planner.ui.workspace.records import Column, Layout
from planner.ui.workspace.tab import WorkspaceTab

CHECK = Part(tr("health check"), health.record_check, health.update_check, health.remove_check,
             health.restore_check, lambda c: short_date(c.date))


def score_help(dimension) -> str:
    """The question and what a 1, a 3 and a 5 look like, so both sides score alike."""
    anchors = "\n".join(f"{a.score}: {a.text}" for a in dimension.anchors)
    return f"{dimension.question}\n{anchors}" if anchors else dimension.question


def score_text(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "—"


def columns() -> list[Column]:
    return [
        Column(tr("Date"), lambda c: short_date(c.date), sort_key=lambda c: c.date),
        Column(tr("Ours"), lambda c: score_text(rules.overall(c)),
               sort_key=lambda c: rules.overall(c)),
        Column(tr("Theirs"), lambda c: score_text(rules.overall_theirs(c)),
               sort_key=lambda c: rules.overall_theirs(c)),
        Column(tr("Comment"), lambda c: c.comment, tooltip=lambda c: c.comment, main=True),
    ]


def details(check: HealthCheck) -> str:
    """The check's date and comment, then its scores in three columns (set by tab stops, see
    HealthTab._align_scores: a table cost several times as much to lay out, at each width
    the pane took while the tab settled)."""
    names = {d.key: d.name for d in health.dimensions()}
    rows = "".join(f"<br>{escape(names.get(s.dimension, s.dimension))}\t{s.ours}\t"
                   f"{s.theirs or '—'}" for s in check.scores)
    return (f"<p><b>{short_date(check.date)}</b> {escape(check.comment)}</p>"
            f"<p style='white-space:pre-wrap'><b>{escape(tr('Dimension'))}\t"
            f"{escape(tr('Ours'))}\t{escape(tr('Theirs'))}</b>{rows}</p>")


def fields():
    return ([DateField("date", tr("&Date"), optional=False)]
            + [ScorePairField(d.key, d.name, help=score_help(d)) for d in health.dimensions()]
            + [TextField("comment", tr("&Comment"), lines=3)])


def to_values(check: HealthCheck) -> dict:
    scores = {s.dimension: (s.ours, s.theirs) for s in check.scores}
    return ({"date": check.date, "comment": check.comment}
            | {d.key: scores.get(d.key, (3, None)) for d in health.dimensions()})


def from_values(check: HealthCheck, values: dict) -> HealthCheck:
    scores = tuple(HealthScore(d.key, *values[d.key]) for d in health.dimensions())
    return HealthCheck(check.partner_id, values["date"], scores, values["comment"], check.id)


class HealthTab(WorkspaceTab):
    name = "health"

    def __init__(self, session, editor, parent=None):
        super().__init__(session, editor, parent)
        self.radar = RadarChart(self)
        self.trend = TrendChart(self)
        self.trend_word = QLabel(self)
        self.trend_word.setFont(bold(self.trend_word.font()))
        self.trend_word.setWordWrap(True)
        self.trend_word.setAccessibleName(tr("Health trend"))
        self.panel = RecordPanel(tr("Health checks"), Layout(columns()),
                                 noun=tr("health check"), details=details,
                                 default_sort=(0, Qt.SortOrder.DescendingOrder), parent=self)
        self.panel.add_button.setText(tr("&Record a check…"))
        self.wire(self.panel, CHECK, fields,
                  lambda: HealthCheck(self.partner_id, self.session.today()),
                  to_values=to_values, from_values=from_values)
        self.charts = QWidget(self)
        charts = QHBoxLayout(self.charts)
        charts.setContentsMargins(0, 0, 0, 0)
        charts.addWidget(self.radar, 1)
        charts.addWidget(self.trend, 1)
        # Charts above, the checks and the selected check's detail below: each gets room
        # and the person decides how much.
        self.split = QSplitter(Qt.Orientation.Vertical, self)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.charts)
        self.split.addWidget(self.panel)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        self.panel.details_split.setSizes([1, 1])
        self._tabs: tuple[str, list] | None = None  # the scores' tab stops, for a font
        self.panel.current_changed.connect(self._align_scores)
        column = QVBoxLayout(self)
        column.addWidget(self.trend_word)
        column.addWidget(self.split, 1)

    @property
    def title(self) -> str:
        return tr("Health")

    def _align_scores(self, check) -> None:
        """Tab stops for the scores' columns: past the longest name, then past "Ours"."""
        document = self.panel.details.document()
        if check is None or document.blockCount() < 2:
            return
        font = self.panel.details.font()
        if self._tabs is None or self._tabs[0] != font.key():
            plain, heavy = QFontMetrics(font), QFontMetrics(bold(font))
            gap = 2 * spacing(self)
            first = max([plain.horizontalAdvance(d.name) for d in health.dimensions()]
                        + [heavy.horizontalAdvance(tr("Dimension"))]) + gap
            second = first + gap + max(heavy.horizontalAdvance(tr("Ours")),
                                       plain.horizontalAdvance("—"))
            self._tabs = (font.key(), [QTextOption.Tab(first, QTextOption.TabType.LeftTab),
                                       QTextOption.Tab(second, QTextOption.TabType.LeftTab)])
        cursor = QTextCursor(document)
        cursor.movePosition(QTextCursor.MoveOperation.End)
        if [t.position for t in cursor.blockFormat().tabPositions()] != [
                t.position for t in self._tabs[1]]:
            block = QTextBlockFormat()
            block.setTabPositions(self._tabs[1])
            block.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            cursor.mergeBlockFormat(block)

    def load(self) -> None:
        checks = health.oldest_first(self.record().health)
        self.panel.set_records(checks)
        self.radar.set_check(rules.latest(checks), health.dimensions())
        self.trend.set_checks(checks)
        self.trend_word.setText(self.summary(checks))
        self._show_empty(not checks)

    def _show_empty(self, empty: bool) -> None:
        """No check yet: one sentence and the one button that records one, nothing else."""
        self.charts.setVisible(not empty)
        self.panel.view.setVisible(not empty)
        self.panel.details.setVisible(not empty)

    def clear(self) -> None:
        self.panel.set_records([])
        self.radar.set_check(None, ())
        self.trend.set_checks([])
        self.trend_word.clear()
        self._show_empty(False)

    @staticmethod
    def summary(checks) -> str:
        latest = rules.latest(checks)
        if latest is None:
            return tr("No health check yet: record one to see how the alliance is doing.")
        trend = rules.trend(checks)
        words = {rules.Trend.RISING: tr("rising"), rules.Trend.STEADY: tr("steady"),
                 rules.Trend.FALLING: tr("falling")}
        theirs = rules.overall_theirs(latest)
        text = tr("Latest {date}: ours {ours}").format(date=short_date(latest.date),
                                                      ours=score_text(rules.overall(latest)))
        if theirs is not None:
            text += tr(", theirs {theirs}").format(theirs=score_text(theirs))
        if trend is not None:
            text += tr(". Health is {word} {arrow}").format(word=words[trend], arrow=trend.arrow)
        report = rules.report(checks, today())
        if report is not None:
            if report.below_floor:
                text += tr(". Below the floor")
            if report.perception_gap:
                text += tr(". The two sides see it differently (joint check of {date})").format(
                    date=short_date(report.last_joint))
            text += tr(". Weakest: {name}").format(name=dimension_name(report.weakest))
        return text
