"""Import a partner list from a spreadsheet (.csv, .tsv, .txt, .xlsx): plan it, then all or nothing.

`read_sheet` reads the file (CSV in UTF-8 with or without BOM, its delimiter sniffed; .xlsx
through openpyxl). `plan_import` maps the columns and reads every row, collecting every
problem with its row number, without writing anything: the dry run and the app's preview show
this plan. `import_plan` writes it in one transaction, and only when no row has a problem.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import zipfile
from collections import Counter
from pathlib import Path

from planner.domain.errors import DuplicateName, InvalidValue, PlannerError
from planner.domain.model import Partner, PartnerRecord
from planner.domain.spreadsheet_columns import (
    apply_overrides,
    guess_mapping,
    mapping_problems,
)
from planner.domain.spreadsheet_rows import (
    RowProblem,
    RowReport,
    Sheet,
    SheetRow,
    name_key,
    read_partner_rows,
    sheet_from_rows,
)
from planner.services import portfolio_io
from planner.services.editing import MAX_NAME, clean_text
from planner.services.partners import template_checklist
from planner.storage import UnitOfWork

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
SPREADSHEET_SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_SNIFF_ROWS = 50


class SpreadsheetNotImported(PlannerError):
    """The plan has problems; `plan.problem_lines()` lists every one of them."""

    def __init__(self, plan: ImportPlan):
        super().__init__(plan.summary())
        self.plan = plan


# reading the file ---------------------------------------------------------------------------

def read_sheet(path: Path, *, overrides: dict[str, str] | None = None) -> Sheet:
    path = Path(path)
    if not path.exists():
        raise PlannerError(f"There is no file at {path}.")
    if path.is_dir():
        raise PlannerError(f"{path} is a folder, not a spreadsheet.")
    suffix = path.suffix.casefold()
    if suffix in (".xls", ".ods", ".numbers"):
        raise PlannerError(f"{path.name} is a {suffix} file; save it as .xlsx or .csv "
                           "(UTF-8) and import that.")
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, overrides)
    if suffix in CSV_SUFFIXES:
        return _read_csv(path, overrides)
    raise PlannerError(f"{path.name} is not a spreadsheet this app reads; use .csv, .tsv, .txt "
                       "or .xlsx.")


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise PlannerError(f"Cannot read {path}: {error.strerror}.") from None


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and how it was encoded: UTF-8 (with or without BOM), UTF-16 with a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "UTF-16"
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as error:
        raise PlannerError(
            f"The file is not UTF-8 text (byte {error.start:,} is not); save it as "
            "'CSV UTF-8' and import again.") from None


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first rows most consistently."""
    lines = [line for line in text.splitlines() if line.strip()][:_SNIFF_ROWS]
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in DELIMITERS:
        widths = [len(r) for r in csv.reader(lines, delimiter=delimiter)]
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (width > 1, count / len(widths), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def parse_csv(text: str, *, overrides: dict[str, str] | None = None,
              encoding: str = "UTF-8") -> Sheet:
    # Excel writes (and honours) a first line "sep=;" naming the delimiter; it hides that
    # line, so the rows are numbered from the one after it.
    first, _newline, rest = text.partition("\n")
    if first.strip().casefold().startswith("sep=") and len(first.strip()) == 5 \
            and first.strip()[4] in DELIMITERS:
        delimiter, text = first.strip()[4], rest
    else:
        delimiter = sniff_delimiter(text)
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append(SheetRow(number, tuple(cells)))
    except csv.Error as error:
        raise PlannerError(f"The CSV cannot be read at line {reader.line_num}: {error}.") \
            from None
    return sheet_from_rows(rows, overrides=overrides,
                           description=f"CSV in {encoding}, {DELIMITERS[delimiter]}-separated")


def _read_csv(path: Path, overrides) -> Sheet:
    data = _read_bytes(path)
    if not data.strip():
        raise PlannerError(f"{path.name} is empty.")
    text, encoding = decode_text(data)
    return parse_csv(text, overrides=overrides, encoding=encoding)


def _read_xlsx(path: Path, overrides) -> Sheet:
    import openpyxl  # imported here: only an .xlsx import pays for loading it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError):
        raise PlannerError(f"{path.name} is not an .xlsx workbook Partner Planner can read; "
                           "save it again as .xlsx or .csv.") from None
    except OSError as error:
        raise PlannerError(f"Cannot read {path}: {error.strerror}.") from None
    try:
        sheet = workbook.active
        rows = [SheetRow(number, tuple(cells))
                for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)]
        title = sheet.title
    finally:
        workbook.close()
    return sheet_from_rows(rows, overrides=overrides, description=f"workbook sheet '{title}'")


# planning -----------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class ImportPlan:
    """What an import would do, row by row; nothing has been written."""

    sheet: Sheet
    mapping: tuple[str | None, ...]
    problems: tuple[str, ...]  # about the file or its columns as a whole
    rows: tuple[RowReport, ...]

    @property
    def partners(self) -> list[Partner]:
        return [r.partner for r in self.rows if r.partner is not None]

    @property
    def bad_rows(self) -> list[RowReport]:
        return [r for r in self.rows if r.problems]

    @property
    def problem_count(self) -> int:
        return len(self.problems) + sum(len(r.problems) for r in self.rows)

    @property
    def ready(self) -> bool:
        return not self.problem_count and bool(self.partners)

    @property
    def has_ambiguous_dates(self) -> bool:
        return any(p.ambiguous_date for r in self.rows for p in r.problems)

    def unmapped_columns(self) -> list[str]:
        return [self.sheet.column_label(i) for i, f in enumerate(self.mapping) if f is None
                and i < len(self.sheet.headers)]

    def problem_lines(self) -> list[str]:
        lines = list(self.problems)
        for row in self.bad_rows:
            lines.extend(f"Row {row.number}: {problem}" for problem in row.problems)
        return lines

    def summary(self) -> str:
        if self.ready:
            return f"{len(self.partners)} partners are ready to import."
        if not self.problem_count:
            return "There are no partners to import."
        rows = len(self.bad_rows)
        where = f" in {rows} row{'s' if rows != 1 else ''}" if rows else ""
        count = self.problem_count
        return (f"{count} problem{'s' if count != 1 else ''}{where}; nothing was imported. "
                "Fix them in the spreadsheet (or map the columns) and import again.")


def plan_import(uow: UnitOfWork, sheet: Sheet, *, mapping: tuple[str | None, ...] | None = None,
                overrides: dict[str, str] | None = None,
                dayfirst: bool | None = None) -> ImportPlan:
    """Map the columns, read every row and check names against the portfolio; writes nothing.

    `mapping` (one field or None per column) replaces the guess from the headers; `overrides`
    ("Header" -> field, as --map gives them) adjust it. `dayfirst` settles dates like 03/04.
    """
    problems: list[str] = []
    if not sheet.headers:
        return ImportPlan(sheet, (), ("The file has no rows; there is nothing to import.",), ())
    if mapping is None:
        mapping = guess_mapping(sheet.headers)
    mapping = tuple(mapping) + (None,) * (len(sheet.headers) - len(mapping))
    if overrides:
        mapping, override_problems = apply_overrides(sheet.headers, mapping, overrides)
        problems.extend(p.text for p in override_problems)
    problems.extend(p.text for p in mapping_problems(sheet.headers, mapping))
    if problems:
        return ImportPlan(sheet, mapping, tuple(problems), ())
    rows = read_partner_rows(sheet, mapping, dayfirst=dayfirst)
    label = sheet.column_label(mapping.index("name"))
    with uow:
        existing = {name_key(name): name for name in uow.partners.names()}
    rows = tuple(_check_limits(row, existing, label) if row.partner else row for row in rows)
    if not any(not r.skipped for r in rows):
        problems.append(f"There are no partner rows under the header on row {sheet.header_row}.")
    return ImportPlan(sheet, mapping, tuple(problems), rows)


def _check_limits(row: RowReport, existing: dict[str, str], label: str) -> RowReport:
    """The checks the partner form makes: lengths, and a name not already in the portfolio."""
    partner = row.partner
    try:
        clean_text(partner.name, "partner name", limit=MAX_NAME)
        for field in ("organisation", "owner", "review_place"):
            clean_text(getattr(partner, field), field.replace("_", " "), limit=MAX_NAME)
        for field in ("definition", "unique_result", "notes"):
            clean_text(getattr(partner, field), field.replace("_", " "))
        for tag in partner.tags:
            clean_text(tag, f"tag '{tag[:20]}...'", limit=60)
    except InvalidValue as error:
        row = row.with_problem(RowProblem("", str(error).rstrip(".")))
    known = existing.get(name_key(partner.name))
    if known is not None:
        row = row.with_problem(RowProblem(
            label, f"a partner named '{known}' is already in the portfolio"))
    return row


def import_plan(uow: UnitOfWork, plan: ImportPlan) -> portfolio_io.ImportResult:
    """Write the plan's partners, each with the template checklist; all or nothing."""
    if not plan.ready:
        raise SpreadsheetNotImported(plan)
    records = [PartnerRecord(partner, template_checklist(None)) for partner in plan.partners]
    try:
        return portfolio_io.import_records(uow, records)
    except DuplicateName:
        # Someone added one of these partners since the plan was made (another window).
        with uow:
            existing = {name_key(name) for name in uow.partners.names()}
        taken = [p.name for p in plan.partners if name_key(p.name) in existing]
        named = ", ".join(f"'{name}'" for name in taken)
        raise DuplicateName(f"The portfolio now has a partner named {named}, added since the "
                            "file was read; nothing was imported.") from None


def import_spreadsheet(uow: UnitOfWork, path: Path, *, overrides: dict[str, str] | None = None,
                       dayfirst: bool | None = None) -> portfolio_io.ImportResult:
    """Read, plan and import in one call; raises SpreadsheetNotImported listing every problem."""
    sheet = read_sheet(path, overrides=overrides)
    return import_plan(uow, plan_import(uow, sheet, overrides=overrides, dayfirst=dayfirst))
