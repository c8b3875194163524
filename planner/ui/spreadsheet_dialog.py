"""File > Import spreadsheet...: see the file, choose the columns, fix the problems, then import.

The dialog reads the file once and shows its rows under a row of combo boxes, one per
column, saying which partner field the column fills (guessed from the headers, editable).
Every change re-plans the import (services.spreadsheet_import.plan_import, which writes
nothing) and lists every problem with its row number; the cell at fault is marked (an icon,
the alert colour, the reason in its tooltip). A row can be skipped (a heading such as
"Courtship pipeline"), and a value the app does not know ("Negotiation", "Brdiges") can be
mapped to a stage or kind it knows: both only change what is handed to the planner, never
the file. Import stays disabled until there are no problems; the import itself is one
transaction: all partners or none.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from planner.domain.errors import PlannerError
from planner.domain.model import Kind
from planner.domain.spreadsheet_columns import FIELD_LABELS, FIELDS, guess_mapping
from planner.domain.spreadsheet_rows import Sheet, SheetRow
from planner.domain.spreadsheet_values import cell_text, one_line, read_kind, read_stage
from planner.domain.stages import STAGE_ORDER
from planner.services import spreadsheet_import
from planner.services.portfolio_io import ImportResult
from planner.ui.icons import icon
from planner.ui.look import alert_colour, bold, muted_text
from planner.ui.session import AppSession

PREVIEW_ROWS = 500  # every row of any list a person keeps by hand; the bad cells are marked
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # a problem line's spreadsheet row number
# Fields whose values come from a fixed list, and that list: what an unknown value can map to.
KNOWN_VALUES = {
    "stage": (read_stage, [(s.value, s.value.capitalize()) for s in STAGE_ORDER]),
    "kind": (read_kind, [(k.value, k.value.capitalize()) for k in Kind]),
}
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
        self.skipped: set[int] = set()  # spreadsheet row numbers the user chose to skip
        self.value_map: dict[tuple[str, str], str] = {}  # (field, value casefolded) -> known
        self.setWindowTitle(self.tr("Import partners from %1").replace("%1", self.path.name))
        self._fit_screen()

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
        self.preview.verticalHeader().setContextMenuPolicy(
            Qt.ContextMenuPolicy.CustomContextMenu)
        self.preview.verticalHeader().customContextMenuRequested.connect(self._row_menu)
        self.combos: list[QComboBox] = []

        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.problems = QListWidget(self)
        self.problems.setAccessibleName(self.tr("Problems"))
        self.problems.setWordWrap(True)
        self.skip_button = QPushButton(self.tr("&Skip This Row"), self)
        self.skip_button.setToolTip(self.tr("Leave the selected problem's row out of the "
                                            "import (a heading, a note, a partner not meant "
                                            "for this portfolio)"))
        self.skip_button.setAutoDefault(False)
        self.skip_button.clicked.connect(self._skip_selected)
        self.problems.currentItemChanged.connect(self._problem_chosen)
        self.values_box = QWidget(self)
        self.values_form = QFormLayout(self.values_box)
        self.values_form.setContentsMargins(0, 0, 0, 0)
        self.value_combos: dict[tuple[str, str], QComboBox] = {}

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
        layout.addWidget(self.values_box)
        problems_row = QHBoxLayout()
        problems_row.addWidget(self.problems, 1)
        problems_row.addWidget(self.skip_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(problems_row, 2)
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
                self.session.uow(), self.effective_sheet(), mapping=self.mapping(),
                dayfirst=self.dayfirst())
        except PlannerError as error:
            self.plan = None
            self._show([(str(error), None)], str(error))
            return
        plan = self.plan
        # The plan's own lines, each with the row it concerns (so it can be skipped).
        lines: list[tuple[str, int | None]] = [(line, None) for line in plan.problems]
        lines += [(self.tr("Row %1: %2").replace("%1", str(row.number))
                   .replace("%2", str(problem)), row.number)
                  for row in plan.bad_rows for problem in row.problems]
        if plan.has_ambiguous_dates:
            lines.append((self.tr("Choose the order of day and month above to read dates like "
                                  "03/04/2026."), None))
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
        if self.skipped:
            text += " " + self.tr("You skip rows %1.").replace(
                "%1", ", ".join(str(n) for n in sorted(self.skipped)))
        self._mark_preview(plan)
        self._show(lines, text)
        self._show_values()

    def _mark_preview(self, plan: spreadsheet_import.ImportPlan) -> None:
        """Mark the cell at fault (icon, alert colour, reason in the tooltip), not the whole
        row; grey the columns left out and the rows skipped."""
        labels = {self.sheet.column_label(i): i for i in range(len(self.sheet.headers))}
        faults: dict[tuple[int, int], list[str]] = {}
        row_faults: dict[int, list[str]] = {}
        for report in plan.rows:
            for problem in report.problems:
                column = labels.get(problem.column)
                if column is None:
                    row_faults.setdefault(report.number, []).append(str(problem))
                else:
                    faults.setdefault((report.number, column), []).append(problem.text)
        palette = self.palette()
        alert = QBrush(alert_colour(palette))
        for row in range(1, self.preview.rowCount()):
            number = self.sheet.rows[row - 1].number
            skipped = number in self.skipped
            header = self.preview.verticalHeaderItem(row)
            header.setText(str(number) if not skipped else self.tr("%1 skipped")
                           .replace("%1", str(number)))
            header.setIcon(icon("attention-now") if number in row_faults else icon("none"))
            header.setToolTip("\n".join(row_faults.get(number, ())))
            for column in range(self.preview.columnCount()):
                item = self.preview.item(row, column)
                unmapped = plan.mapping[column] is None if column < len(plan.mapping) else True
                reasons = faults.get((number, column), [])
                font = self.preview.font()
                font.setItalic(skipped)
                item.setFont(bold(font) if reasons else font)
                item.setIcon(icon("attention-now") if reasons else icon("none"))
                # Left out (a column not imported, a row skipped): muted, yet still readable.
                item.setForeground(alert if reasons else QBrush(
                    muted_text(palette) if unmapped or skipped
                    else palette.color(QPalette.ColorRole.Text)))
                item.setToolTip("\n".join(reasons))

    # skipping rows and mapping values --------------------------------------------------------

    def effective_sheet(self) -> Sheet:
        """The sheet as the user wants it read: skipped rows out, mapped values in."""
        mapping = self.mapping()
        rows = []
        for row in self.sheet.rows:
            if row.number in self.skipped:
                continue
            cells = list(row.cells)
            for column, field in enumerate(mapping):
                if field in KNOWN_VALUES and column < len(cells):
                    known = self.value_map.get((field, one_line(cells[column]).casefold()))
                    if known is not None:
                        cells[column] = known
            rows.append(SheetRow(row.number, tuple(cells)))
        return dataclasses.replace(self.sheet, rows=tuple(rows))

    def skip_row(self, number: int, skip: bool = True) -> None:
        (self.skipped.add if skip else self.skipped.discard)(number)
        self.replan()

    def map_value(self, field: str, text: str, known: str | None) -> None:
        """Read `text` in a `field` column as the known value `known` (None: not mapped)."""
        key = (field, " ".join(text.split()).casefold())
        if known is None:
            self.value_map.pop(key, None)
        else:
            self.value_map[key] = known
        self.replan()

    def unknown_values(self) -> list[tuple[str, str]]:
        """(field, value) for every value of a stage or kind column the app cannot read."""
        found: dict[tuple[str, str], str] = {}
        for column, field in enumerate(self.mapping()):
            if field not in KNOWN_VALUES:
                continue
            reader = KNOWN_VALUES[field][0]
            for row in self.sheet.rows:
                if row.number in self.skipped or column >= len(row.cells):
                    continue
                text = one_line(row.cells[column])
                if not text or (field, text.casefold()) in found:
                    continue
                try:
                    reader(text)
                except ValueError:
                    found[(field, text.casefold())] = text
        return [(field, text) for (field, _key), text in found.items()]

    def _show_values(self) -> None:
        """One 'value -> known value' choice per unknown value (and per value mapped)."""
        wanted = self.unknown_values()
        wanted += [(f, k) for (f, k) in self.value_map if (f, k) not in
                   {(f2, t.casefold()) for f2, t in wanted}]
        while self.values_form.rowCount():
            self.values_form.removeRow(0)
        self.value_combos = {}
        for field, text in wanted:
            combo = QComboBox(self.values_box)
            combo.addItem(self.tr("Choose\u2026"), None)
            for value, words in KNOWN_VALUES[field][1]:
                combo.addItem(tr(words), value)
            key = (field, text.casefold())
            combo.setCurrentIndex(max(0, combo.findData(self.value_map.get(key))))
            combo.setAccessibleName(self.tr("Read '%1' as").replace("%1", text))
            combo.currentIndexChanged.connect(
                lambda _i, f=field, t=text, c=combo: self.map_value(f, t, c.currentData()))
            caption = self.tr("Read %1 '%2' as").replace(
                "%1", tr(FIELD_LABELS[field]).lower()).replace("%2", text)
            self.values_form.addRow(caption, combo)
            self.value_combos[key] = combo
        self.values_box.setVisible(bool(wanted))

    def _row_menu(self, position) -> None:
        row = self.preview.verticalHeader().logicalIndexAt(position)
        if row < 1:
            return
        number = self.sheet.rows[row - 1].number
        menu = QMenu(self)
        if number in self.skipped:
            menu.addAction(self.tr("Import Row %1").replace("%1", str(number)),
                           lambda: self.skip_row(number, False))
        else:
            menu.addAction(self.tr("Skip Row %1").replace("%1", str(number)),
                           lambda: self.skip_row(number))
        menu.exec(self.preview.verticalHeader().mapToGlobal(position))

    def _problem_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        number = item.data(ROW_ROLE) if item is not None else None
        self.skip_button.setEnabled(number is not None)
        if number is not None:
            row = next((i for i, r in enumerate(self.sheet.rows[:PREVIEW_ROWS], 1)
                        if r.number == number), None)
            if row is not None:
                self.preview.scrollToItem(self.preview.item(row, 0))

    def _skip_selected(self) -> None:
        item = self.problems.currentItem()
        if item is not None and item.data(ROW_ROLE) is not None:
            self.skip_row(item.data(ROW_ROLE))

    def _fit_screen(self) -> None:
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = 900, 660
        if screen is not None:
            width = min(width, screen.width() * 9 // 10)
            height = min(height, screen.height() * 85 // 100)
        self.resize(width, height)

    def _show(self, lines: list[tuple[str, int | None]], summary: str) -> None:
        self.summary.setText(summary)
        self.problems.clear()
        for line, number in lines:
            QListWidgetItem(line, self.problems).setData(ROW_ROLE, number)
        self.problems.setVisible(bool(lines))
        self.skip_button.setVisible(bool(lines))
        self._problem_chosen(self.problems.currentItem())
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
        self.skipped &= {row.number for row in sheet.rows}
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
