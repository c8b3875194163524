"""The portfolio table: a thin model over `portfolio_overview` and a filter/sort proxy.

Rows are cached `PartnerSummary` objects (plain domain objects); `set_summaries` swaps them in
one reset. Display text, sort keys and the attention flag are computed once per row when the
rows arrive, so sorting and type-to-filter over thousands of partners stay instant.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import QApplication

from planner.domain.attention import PartnerSummary, Reason, attention
from planner.domain.health import Trend
from planner.domain.model import Kind
from planner.domain.stages import Stage
from planner.ui.icons import icon
from planner.ui.look import alert_colour

PartnerIdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
AttentionRole = Qt.ItemDataRole.UserRole + 3  # the reasons, a list of sentences
ProgressRole = Qt.ItemDataRole.UserRole + 4  # checklist progress as 0.0-1.0
ReasonsRole = Qt.ItemDataRole.UserRole + 5  # the reasons as domain Reasons, heaviest first
SubtitleRole = Qt.ItemDataRole.UserRole + 6  # the partner cell's second line when all is well
ATTENTION_FILTER = "attention"  # the stage filter's extra choice: partners needing attention


NO_PARENT = QModelIndex()  # Qt's default "no parent" index, made once


class Column(IntEnum):
    PARTNER = 0
    KIND = 1
    STAGE = 2
    CHECKLIST = 3
    HEALTH = 4
    LAST_MEETING = 5
    NEXT_REVIEW = 6
    OPEN_ACTIONS = 7
    HIGH_RISK = 8


def tr(text: str) -> str:
    return QCoreApplication.translate("PortfolioModel", text)


def column_titles() -> dict[Column, str]:
    return {
        Column.PARTNER: tr("Partner"),
        Column.KIND: tr("Kind"),
        Column.STAGE: tr("Stage"),
        Column.CHECKLIST: tr("Checklist"),
        Column.HEALTH: tr("Health"),
        Column.LAST_MEETING: tr("Last met"),
        Column.NEXT_REVIEW: tr("Next review"),
        Column.OPEN_ACTIONS: tr("Actions"),
        Column.HIGH_RISK: tr("High risk"),
    }


def column_tips() -> dict[Column, str]:
    return {
        Column.CHECKLIST: tr("Checklist items ticked, across all four stages"),
        Column.HEALTH: tr("Our overall score in the latest health check, and its trend"),
        Column.LAST_MEETING: tr("Days since the last recorded meeting"),
        Column.OPEN_ACTIONS: tr("Actions not done yet"),
        Column.HIGH_RISK: tr("Open differences with a high risk of conflict"),
    }


OVERDUE_COLUMNS = (Column.NEXT_REVIEW, Column.OPEN_ACTIONS)  # may carry the overdue mark


def widest_texts(column: Column) -> list[str]:
    """Every text a short column can show at its widest, for sizing it without the rows."""
    return {
        Column.KIND: [tr(k.value.capitalize()) for k in Kind],
        Column.STAGE: [tr(s.title) for s in Stage],
        Column.CHECKLIST: ["00/00"],
        Column.HEALTH: ["0.0 \u2193"],
        Column.LAST_MEETING: [tr("{0} d").format(9999), "\u2014"],
        Column.NEXT_REVIEW: ["0000-00-00"],
        Column.OPEN_ACTIONS: ["999"],
        Column.HIGH_RISK: ["999"],
    }.get(column, [""])


@dataclass(frozen=True)
class Row:
    summary: PartnerSummary
    texts: tuple[str, ...]
    keys: tuple
    reasons: tuple[Reason, ...]
    haystack: str

    @property
    def partner_id(self) -> int:
        return self.summary.partner.id


def trend_words(trend: Trend | None) -> str:
    return {Trend.RISING: tr("rising"), Trend.STEADY: tr("steady"),
            Trend.FALLING: tr("falling")}.get(trend, "")


def make_row(s: PartnerSummary, today: dt.date) -> Row:
    p = s.partner
    days = s.days_since_meeting(today)
    health = f"{s.health:.1f} {s.trend.arrow if s.trend else ''}".rstrip() if s.health else ""
    texts = (
        p.name,
        tr(p.kind.value.capitalize()),
        tr(p.stage.title),
        f"{s.checklist.done}/{s.checklist.total}" if s.checklist.total else "",
        health,
        tr("{0} d").format(days) if days is not None else "\u2014",
        p.next_review.isoformat() if p.next_review else "",
        str(s.open_actions) if s.open_actions else "",
        str(s.open_high_risk) if s.open_high_risk else "",
    )
    far = 10**6
    keys = (
        p.name.casefold(),
        p.kind.value,
        p.stage.order,
        s.checklist.done / s.checklist.total if s.checklist.total else -1.0,
        s.health if s.health is not None else -1.0,
        days if days is not None else far,
        p.next_review.toordinal() if p.next_review else far,
        s.open_actions,
        s.open_high_risk,
    )
    haystack = " ".join((p.name, p.organisation, p.owner, " ".join(p.tags))).casefold()
    return Row(s, texts, keys, tuple(attention(s, today)), haystack)


class PortfolioTableModel(QAbstractTableModel):
    """The rows, kept in the order the table shows them: sorting happens here, once per
    click or refresh, by keys computed when the rows arrive (a Python comparison per pair,
    called from Qt's sort, cost 0.5 s at 8,000 partners whenever a filter re-admitted rows).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[Row] = []
        self._where: dict[int, int] = {}  # partner id -> row
        self._order: tuple[int, Qt.SortOrder] = (Column.PARTNER, Qt.SortOrder.AscendingOrder)
        self._today = dt.date.today()
        self._titles = column_titles()
        self._tips = column_tips()

    def set_summaries(self, summaries: list[PartnerSummary], today: dt.date) -> None:
        self.beginResetModel()
        self._today = today
        self._rows = self._sorted([make_row(s, today) for s in summaries], *self._order)
        self._index_rows()
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(Column):
            return
        self._order = (column, order)
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[i.row()].partner_id for i in before]
        self._rows = self._sorted(self._rows, column, order)
        self._index_rows()
        self.changePersistentIndexList(
            before, [self.index(self._where[pid], i.column()) for pid, i in zip(ids, before,
                                                                                 strict=True)])
        self.layoutChanged.emit()

    @staticmethod
    def _sorted(rows: list[Row], column: int, order) -> list[Row]:
        descending = order == Qt.SortOrder.DescendingOrder
        # ties fall back to the name, so the order is stable and predictable
        return sorted(rows, key=lambda r: (r.keys[column], r.keys[0]), reverse=descending)

    def _index_rows(self) -> None:
        self._where = {r.partner_id: i for i, r in enumerate(self._rows)}

    def summaries(self) -> list[PartnerSummary]:
        return [r.summary for r in self._rows]

    def row_of(self, partner_id: int) -> int | None:
        return self._where.get(partner_id)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def rowCount(self, parent=NO_PARENT) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(Column)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._titles[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tips.get(column, self._titles[column])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return row.texts[column]
        if role == SortRole:
            return row.keys[column]
        if role == PartnerIdRole:
            return row.partner_id
        if role == AttentionRole:
            return [r.text for r in row.reasons]
        if role == ReasonsRole:
            return row.reasons
        if role == SubtitleRole:
            return row.summary.partner.organisation
        if role == ProgressRole and column == Column.CHECKLIST:
            return row.keys[column] if row.summary.checklist.total else None
        if role == Qt.ItemDataRole.ForegroundRole and self._overdue(row, column):
            return alert_colour(QApplication.palette())
        if role == Qt.ItemDataRole.DecorationRole and self._overdue(row, column):
            return icon("attention-now")  # overdue is never told by colour alone
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= Column.CHECKLIST:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and row.reasons:
            return tr("Needs attention: ") + "; ".join(r.text for r in row.reasons)
        return None

    def _overdue(self, row: Row, column: Column) -> bool:
        """Overdue things are shown in the alert colour, in every view."""
        if column == Column.NEXT_REVIEW:
            review = row.summary.partner.next_review
            return review is not None and review < self._today
        return column == Column.OPEN_ACTIONS and row.summary.overdue_actions > 0

    def _tooltip(self, row: Row, column: Column) -> str | None:
        s = row.summary
        lines = []
        if column == Column.PARTNER:  # whole, for a name broken over the row's two lines
            lines.append(s.partner.name)
            if s.partner.organisation and s.partner.organisation != s.partner.name:
                lines.append(s.partner.organisation)
        elif column == Column.HEALTH and s.health is not None:
            lines.append(tr("Latest health: {0:.1f} of 5 (ours)").format(s.health))
            if s.health_theirs is not None:
                lines.append(tr("Their view: {0:.1f}").format(s.health_theirs))
            if s.trend:
                lines.append(tr("Trend: {0}").format(trend_words(s.trend)))
        elif column == Column.OPEN_ACTIONS and s.overdue_actions:
            lines.append(tr("{0} of them overdue").format(s.overdue_actions))
        elif column == Column.HIGH_RISK and s.unmanaged_high_risk:
            lines.append(tr("{0} with no agreed way to manage it").format(s.unmanaged_high_risk))
        if row.reasons:
            lines.append(tr("Needs attention:"))
            lines.extend(f"\u2022 {reason.text}" for reason in row.reasons)
        return "\n".join(lines) or None


class PortfolioFilterProxy(QSortFilterProxyModel):
    """Type-to-filter over name, organisation, owner and tags; a stage (or attention) filter."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._words: list[str] = []
        self._stage: str = ""
        self._source: PortfolioTableModel | None = None
        # Qt asks row by row, every row on every keystroke: the answers are worked out once
        # per filter and list of rows (the model's list: a new one whenever it changes)
        self._answers: tuple[list[Row] | None, list[bool]] = (None, [])
        self.setDynamicSortFilter(True)

    def setSourceModel(self, model: PortfolioTableModel) -> None:  # noqa: N802
        self._source = model
        super().setSourceModel(model)

    def set_text(self, text: str) -> None:
        words = text.casefold().split()
        if words != self._words:
            self.beginFilterChange()
            self._words = words
            self._answers = (None, [])
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_stage(self, stage: str) -> None:
        """A Stage value, ATTENTION_FILTER, or "" for every partner."""
        if stage != self._stage:
            self.beginFilterChange()
            self._stage = stage
            self._answers = (None, [])
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    @property
    def stage(self) -> str:
        return self._stage

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802
        rows, answers = self._answers
        if rows is not self._source._rows:
            rows = self._source._rows
            answers = self.accepted(rows)
            self._answers = (rows, answers)
        return answers[source_row]

    def accepted(self, rows: list[Row]) -> list[bool]:
        """Whether the stage filter and every typed word let each row through: one pass
        over all rows per condition."""
        if self._stage == ATTENTION_FILTER:
            answers = [bool(row.reasons) for row in rows]
        elif self._stage:
            answers = [row.summary.partner.stage.value == self._stage for row in rows]
        else:
            answers = [True] * len(rows)
        if self._words:
            haystacks = [row.haystack for row in rows]
            for word in self._words:
                answers = [ok and word in haystack
                           for ok, haystack in zip(answers, haystacks, strict=True)]
        return answers

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """The source model keeps the rows sorted; this proxy only filters, in its order."""
        self.sourceModel().sort(column, order)


def stage_choices() -> list[tuple[str, str]]:
    """(label, filter value) for the stage filter box."""
    return ([(tr("All stages"), "")]
            + [(tr(stage.title), stage.value)
               for stage in Stage]
            + [(tr("Needs attention"), ATTENTION_FILTER)])
