"""Search everything (Ctrl+Shift+F): one box, ranked hits with the words that matched.

Typing searches after a short pause; Enter or a double-click opens the hit's partner at the
tab where the match lives (`hit_chosen(partner_id, tab)`). Down moves from the box to the list.
"""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import ServerUnreachable
from planner.services import search as search_service
from planner.ui.icons import icon
from planner.ui.session import AppSession

SEARCH_DELAY_MS = 120
HitRole = Qt.ItemDataRole.UserRole + 1

TAB_OF_PART = {
    "partner": "overview",
    "stakeholder": "people",
    "difference": "differences",
    "meeting": "meetings",
    "decision": "meetings",
    "action": "meetings",
}


def part_label(part: str) -> str:
    labels = {
        "partner": QApplication.translate("Search", "Partner"),
        "stakeholder": QApplication.translate("Search", "Person"),
        "difference": QApplication.translate("Search", "Difference"),
        "meeting": QApplication.translate("Search", "Meeting notes"),
        "decision": QApplication.translate("Search", "Decision"),
        "action": QApplication.translate("Search", "Action"),
    }
    return labels.get(part, part)


def snippet_html(snippet: str) -> str:
    escaped = html.escape(snippet)
    return (escaped.replace(search_service.MARK_START, "<b><u>")
            .replace(search_service.MARK_END, "</u></b>"))


NO_PARENT = QModelIndex()  # Qt's default "no parent" index, made once


class HitModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.hits: list[search_service.SearchHit] = []

    def set_hits(self, hits) -> None:
        self.beginResetModel()
        self.hits = list(hits)
        self.endResetModel()

    def rowCount(self, parent=NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.hits)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        hit = self.hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:  # plain text, also what a screen reader says
            plain = hit.snippet.replace(search_service.MARK_START, "").replace(
                search_service.MARK_END, "")
            return f"{hit.partner_name} \u00b7 {part_label(hit.part)}: {plain}"
        if role == HitRole:
            return hit
        return None


class HitDelegate(QStyledItemDelegate):
    """Draws a hit as two lines of rich text: partner and part, then the snippet."""

    def _document(self, option: QStyleOptionViewItem, hit) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setTextWidth(max(100, option.rect.width() - 12))
        document.setHtml(
            f"<b>{html.escape(hit.partner_name)}</b> &nbsp;\u00b7&nbsp; "
            f"<i>{html.escape(part_label(hit.part))}</i><br>{snippet_html(hit.snippet)}")
        return document

    def paint(self, painter, option, index) -> None:
        hit = index.data(HitRole)
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        document = self._document(option, hit)
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.left() + 6, option.rect.top() + 4)
        painter.setClipRect(QRectF(0, 0, option.rect.width() - 12, option.rect.height() - 4))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        hit = index.data(HitRole)
        option = QStyleOptionViewItem(option)
        self.initStyleOption(option, index)
        if option.rect.width() <= 0 and option.widget is not None:
            option.rect.setWidth(option.widget.viewport().width())
        document = self._document(option, hit)
        return QSize(int(document.idealWidth()), int(document.size().height()) + 8)


class SearchDialog(QDialog):
    hit_chosen = Signal(int, str)

    def __init__(self, session: AppSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("Search everything"))
        self.resize(620, 460)
        self.box = QLineEdit()
        self.box.setPlaceholderText(self.tr(
            "Partners, people, differences, meeting notes, decisions, actions\u2026"))
        self.box.setClearButtonEnabled(True)
        self.box.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self.box.setAccessibleName(self.tr("Search words"))
        self.model = HitModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(HitDelegate(self.list))
        self.list.setUniformItemSizes(False)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName(self.tr("Search results"))
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Number of results"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.box.textChanged.connect(self.timer.start)
        self.box.returnPressed.connect(self.open_current)
        self.box.installEventFilter(self)
        self.list.activated.connect(lambda index: self.open_hit(index.row()))
        self.list.doubleClicked.connect(lambda index: self.open_hit(index.row()))
        self.status.setText(self.tr("Type to search the whole portfolio."))

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if (watched is self.box and event.type() == QEvent.Type.KeyPress
                and event.key() == Qt.Key.Key_Down and self.model.rowCount()):
            self.list.setFocus()
            self.list.setCurrentIndex(self.model.index(max(0, self.list.currentIndex().row()), 0))
            return True
        return super().eventFilter(watched, event)

    def run_search(self) -> None:
        self.timer.stop()
        text = self.box.text()
        try:
            hits = self.session.call(search_service.search, text) if text.strip() else []
        except ServerUnreachable as error:
            self.model.set_hits([])
            self.status.setText(str(error))
            return
        self.model.set_hits(hits)
        if hits:
            self.list.setCurrentIndex(self.model.index(0, 0))
            self.status.setText(self.tr("One result.") if len(hits) == 1 else
                                self.tr("{0} results, best first.").format(len(hits)))
        else:
            self.status.setText(self.tr("Nothing found.") if text.strip()
                                else self.tr("Type to search the whole portfolio."))

    def open_current(self) -> None:
        if self.timer.isActive():
            self.run_search()
        row = self.list.currentIndex().row()
        if row >= 0:
            self.open_hit(row)

    def open_hit(self, row: int) -> None:
        hit = self.model.hits[row]
        self.hit_chosen.emit(hit.partner_id, TAB_OF_PART.get(hit.part, "overview"))
        self.accept()
