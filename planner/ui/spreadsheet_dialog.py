"""File > Import spreadsheet...: see the file, choose the columns, fix the problems, then import.

The dialog reads the file once and shows its first rows under a row of combo boxes, one per
column, saying which partner field the column fills (guessed from the headers, editable).
Every change re-plans the import (services.spreadsheet_import.plan_import, which writes
nothing) and lists every problem with its row number; Import stays disabled until there are
none. The import itself is one transaction: all partners or none.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import PlannerError
from planner.domain.spreadsheet_columns import FIELD_LABELS, FIELDS, guess_mapping
from planner.domain.spreadsheet_values import cell_text
from planner.services import spreadsheet_import
from planner.services.portfolio_io import ImportResult
from planner.ui.session import AppSession

PREVIEW_ROWS = 8
FILE_FILTER = "Spreadsheets (*.csv *.tsv *.txt *.xlsx);;All files (*)"


def tr(text: str) -> str:
    return QCoreApplication.translate("SpreadsheetImportDialog", text)


class SpreadsheetImportDialog(QDialog):
    """The preview of one spreadsheet import; `result` is set once the import is written."""

    def __init__(self, session: AppSession, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.path = Path(path)
        self.result: ImportResult | None = None
        self.sheet = spreadsheet_import.read_sheet(self.path)
        self.plan: spreadsheet_import.ImportPlan | None = None
        self.setWindowTitle(self.tr("Import partners from %1").replace("%1", self.path.name))
        self.resize(900, 620)

        self.source = QLabel(self)
        self.source.setWordWrap(True)

        self.date_order = QComboBox(self)
        self.date_order.setAccessibleName(self.tr("Order of day and month"))
        self.date_order.addItem(self.tr("Ask: list them as problems"), None)
        self.date_order.addItem(self.tr("Day first (03/04 is 3 April)"), True)
        self.date_order.addItem(self.tr("Month first (03/04 is 4 March)"), False)
        dates = QHBoxLayout()
        dates.addWidget(QLabel(self.tr("Dates like 03/04/2026:"), self))
        dates.addWidget(self.date_order)
        dates.addStretch(1)

        self.preview = QTableWidget(self)
        self.preview.setAccessibleName(self.tr("First rows and column mapping"))
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.combos: list[QComboBox] = []

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setAccessibleName(self.tr("Problems"))

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(self.tr("Import"),
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.reload_button = QPushButton(self.tr("Read the file again"), self)
        self.buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.import_button.clicked.connect(self.import_partners)
        self.reload_button.clicked.connect(self.reload)

        layout = QVBoxLayout(self)
        layout.addWidget(self.source)
        layout.addLayout(dates)
        layout.addWidget(QLabel(self.tr("First rows of the file; the boxes above the rows say "
                                        "which partner field each column fills."), self))
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 2)
        layout.addWidget(self.buttons)

        self._fill_preview()
        self.date_order.currentIndexChanged.connect(self.replan)
        self.replan()

    # the file and its columns ----------------------------------------------------------------

    def _fill_preview(self) -> None:
        sheet = self.sheet
        self.source.setText(self.tr("%1 (%2). The header is on row %3; %4 rows below it.")
                            .replace("%1", self.path.name).replace("%2", sheet.description)
                            .replace("%3", str(sheet.header_row))
                            .replace("%4", str(len(sheet.rows))))
        guess = guess_mapping(sheet.headers)
        rows = sheet.rows[:PREVIEW_ROWS]
        self.preview.clear()
        self.preview.setColumnCount(len(sheet.headers))
        self.preview.setRowCount(len(rows) + 1)
        self.preview.setHorizontalHeaderLabels([sheet.column_label(i)
                                                for i in range(len(sheet.headers))])
        self.preview.setVerticalHeaderLabels(
            [self.tr("Import as")] + [str(r.number) for r in rows])
        self.combos = []
        for column in range(len(sheet.headers)):
            combo = QComboBox(self.preview)
            combo.setAccessibleName(self.tr("Import column %1 as")
                                    .replace("%1", sheet.column_label(column)))
            combo.addItem(self.tr("Not imported"), None)
            for field in FIELDS:
                combo.addItem(tr(FIELD_LABELS[field]), field)
            combo.setCurrentIndex(max(combo.findData(guess[column]), 0))
            combo.currentIndexChanged.connect(self.replan)
            self.preview.setCellWidget(0, column, combo)
            self.combos.append(combo)
            for row, sheet_row in enumerate(rows, start=1):
                cell = sheet_row.cells[column] if column < len(sheet_row.cells) else None
                item = QTableWidgetItem(cell_text(cell))
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.preview.setItem(row, column, item)
        self.preview.resizeColumnsToContents()

    def mapping(self) -> tuple[str | None, ...]:
        return tuple(combo.currentData() for combo in self.combos)

    def set_mapping(self, column: int, field: str | None) -> None:
        """Choose the field of one column, as a user does with its combo box."""
        combo = self.combos[column]
        combo.setCurrentIndex(combo.findData(field))

    def dayfirst(self) -> bool | None:
        return self.date_order.currentData()

    # planning and importing ------------------------------------------------------------------

    def replan(self) -> None:
        try:
            self.plan = spreadsheet_import.plan_import(
                self.session.uow(), self.sheet, mapping=self.mapping(), dayfirst=self.dayfirst())
        except PlannerError as error:
            self.plan = None
            self._show([str(error)], str(error))
            return
        plan = self.plan
        lines = plan.problem_lines()
        if plan.has_ambiguous_dates:
            lines.append(self.tr("Choose the order of day and month above to read dates like "
                                 "03/04/2026."))
        if plan.ready:
            text = self.tr("%1 partners will be imported, each with the four stage checklists.")
            text = text.replace("%1", str(len(plan.partners)))
        else:
            text = plan.summary().replace(" nothing was imported.", " nothing can be imported "
                                                                   "yet.")
        skipped = sum(1 for r in plan.rows if r.skipped)
        if skipped == 1:
            text += " " + self.tr("1 empty row is skipped.")
        elif skipped:
            text += " " + self.tr("%1 empty rows are skipped.").replace("%1", str(skipped))
        self._mark_preview(plan)
        self._show(lines, text)

    def _mark_preview(self, plan: spreadsheet_import.ImportPlan) -> None:
        """Shade the rows with problems (their tooltip says why) and the columns left out."""
        bad = {r.number: r.problems for r in plan.bad_rows}
        bad_brush = QBrush(QColor(255, 220, 220))
        for row in range(1, self.preview.rowCount()):
            number = self.sheet.rows[row - 1].number
            reasons = "\n".join(str(p) for p in bad.get(number, ()))
            for column in range(self.preview.columnCount()):
                item = self.preview.item(row, column)
                unmapped = plan.mapping[column] is None if column < len(plan.mapping) else True
                item.setBackground(bad_brush if reasons else QBrush())
                item.setForeground(self.palette().brush(
                    QPalette.ColorGroup.Disabled if unmapped else QPalette.ColorGroup.Active,
                    QPalette.ColorRole.Text))
                item.setToolTip(reasons)

    def _show(self, lines: list[str], summary: str) -> None:
        self.summary.setText(summary)
        self.problems.clear()
        self.problems.addItems(lines)
        self.problems.setVisible(bool(lines))
        self.import_button.setEnabled(self.plan is not None and self.plan.ready
                                      and not self.session.read_only)

    def reload(self) -> None:
        """After fixing the file in the spreadsheet app: read it again, keep the choices."""
        mapping = self.mapping()
        try:
            sheet = spreadsheet_import.read_sheet(self.path)
        except PlannerError as error:
            QMessageBox.warning(self, self.windowTitle(), str(error))
            return
        same_columns = sheet.headers == self.sheet.headers
        self.sheet = sheet
        self._fill_preview()
        if same_columns:
            for column, field in enumerate(mapping):
                self.combos[column].blockSignals(True)
                self.set_mapping(column, field)
                self.combos[column].blockSignals(False)
        self.replan()

    def import_partners(self) -> None:
        if self.plan is None or not self.plan.ready:
            return
        try:
            self.result = spreadsheet_import.import_plan(self.session.uow(), self.plan)
        except PlannerError as error:
            QMessageBox.warning(self, self.windowTitle(), str(error))
            self.replan()  # someone may have added one of these partners meanwhile
            return
        self.session.changed.emit(0)
        self.accept()


def show_import_spreadsheet_dialog(parent: QWidget | None, session: AppSession,
                                   path: Path | None = None) -> ImportResult | None:
    """Ask for a spreadsheet, preview it, import on the user's word; None when nothing was."""
    title = tr("Import spreadsheet")
    if session.read_only:
        QMessageBox.warning(parent, title, tr("This portfolio is open read-only; nothing can "
                                              "be imported into it."))
        return None
    if path is None:
        chosen, _filter = QFileDialog.getOpenFileName(parent, title, str(Path.home()),
                                                      tr(FILE_FILTER))
        if not chosen:
            return None
        path = Path(chosen)
    try:
        dialog = SpreadsheetImportDialog(session, path, parent)
    except PlannerError as error:
        QMessageBox.warning(parent, title, str(error))
        return None
    dialog.exec()
    return dialog.result
