"""Import a partner list from a spreadsheet (.csv, .tsv, .txt, .xlsx): plan it, then all or nothing.

`read_sheet` (spreadsheet_files) reads the file within bounded memory (CSV in UTF-8 with or
without BOM, its delimiter sniffed; .xlsx through openpyxl). `plan_import` maps the columns and
reads every row, collecting every problem with its row number, without writing anything: the
dry run and the app's preview show this plan. `import_plan` writes it in one transaction, and
only when no row has a problem.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from planner.domain.errors import DuplicateName, InvalidValue, PlannerError
from planner.domain.model import Partner, PartnerRecord
from planner.domain.names import name_problem
from planner.domain.quoting import shown
from planner.domain.spreadsheet_columns import (
    apply_overrides,
    guess_mapping,
    mapping_problems,
)
from planner.domain.spreadsheet_rows import (
    RowProblem,
    RowReport,
    Sheet,
    name_key,
    read_partner_rows,
)
from planner.services import portfolio_io
from planner.services.editing import MAX_NAME, clean_text
from planner.services.partners import template_checklist
from planner.services.spreadsheet_files import (  # noqa: F401 (the import's public names)
    CSV_SUFFIXES,
    DELIMITERS,
    SPREADSHEET_SUFFIXES,
    XLSX_SUFFIXES,
    decode_text,
    read_sheet,
    sniff_delimiter,
)
from planner.storage import UnitOfWork


class SpreadsheetNotImported(PlannerError):
    """The plan has problems; `plan.problem_lines()` lists every one of them."""

    def __init__(self, plan: ImportPlan):
        super().__init__(plan.summary())
        self.plan = plan


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
    if (problem := name_problem(partner.name)) is not None:
        row = row.with_problem(RowProblem(label, f"the name '{shown(partner.name)}' {problem}"))
    known = existing.get(name_key(partner.name))
    if known is not None:
        row = row.with_problem(RowProblem(
            label, f"a partner named '{shown(known)}' is already in the portfolio"))
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
        named = ", ".join(f"'{shown(name, limit=40)}'" for name in taken[:3])
        more = f" and {len(taken) - 3:,} more" if len(taken) > 3 else ""
        raise DuplicateName(f"The portfolio now has a partner named {named}{more}, added since "
                            "the file was read; nothing was imported.") from None


def import_spreadsheet(uow: UnitOfWork, path: Path, *, overrides: dict[str, str] | None = None,
                       dayfirst: bool | None = None) -> portfolio_io.ImportResult:
    """Read, plan and import in one call; raises SpreadsheetNotImported listing every problem."""
    sheet = read_sheet(path, overrides=overrides)
    return import_plan(uow, plan_import(uow, sheet, overrides=overrides, dayfirst=dayfirst))
