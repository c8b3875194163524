"""A spreadsheet's rows read as partners: every problem of every row, with its row number.

An import must list every bad row at once (not stop at the first), so each row yields a
report: the partner it would become, or the problems that stop it. Row numbers are the ones
the spreadsheet shows beside the row, so the user can go straight to it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from planner.domain.model import Kind, Partner
from planner.domain.names import name_key
from planner.domain.quoting import shown
from planner.domain.spreadsheet_columns import FIELD_LABELS, is_header_row
from planner.domain.spreadsheet_values import (
    AmbiguousDate,
    cell_text,
    one_line,
    read_date,
    read_kind,
    read_stage,
    read_tags,
)
from planner.domain.stages import Stage

# Only the first few non-empty rows are searched for the header (titles sit above it).
HEADER_SEARCH_ROWS = 10


def column_letter(index: int) -> str:
    """The spreadsheet's name for a column: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class SheetRow:
    number: int  # as the spreadsheet shows it: the first line of the file is row 1
    cells: tuple[object, ...]

    @property
    def empty(self) -> bool:
        return all(not cell_text(c) for c in self.cells)


@dataclass(frozen=True)
class Sheet:
    """A table read from a file: its header and the rows under it."""

    headers: tuple[str, ...]
    header_row: int
    rows: tuple[SheetRow, ...]
    above_header: tuple[int, ...] = ()  # numbers of non-empty rows above the header (titles)
    description: str = ""  # how it was read, e.g. "CSV, semicolon-separated"

    def column_label(self, index: int) -> str:
        header = " ".join(self.headers[index].split()) if index < len(self.headers) else ""
        return shown(header, limit=40) if header else f"column {column_letter(index)}"


def sheet_from_rows(rows: list[SheetRow], *, description: str = "",
                    overrides: dict[str, str] | None = None) -> Sheet:
    """Find the header (the first row naming a known field, else the first non-empty row)."""
    filled = [r for r in rows if not r.empty]
    if not filled:
        return Sheet((), 0, (), (), description)
    header = next((r for r in filled[:HEADER_SEARCH_ROWS] if is_header_row(r.cells, overrides)),
                  filled[0])
    width = max(len(header.cells), 1)
    while width > 1 and not cell_text(header.cells[width - 1]):
        width -= 1
    headers = tuple(cell_text(c) for c in header.cells[:width])
    below = tuple(
        SheetRow(r.number, tuple(r.cells[:width]) + (None,) * (width - len(r.cells)))
        for r in rows if r.number > header.number
    )
    # Trailing empty rows are the end of the sheet, not rows the user left empty.
    while below and below[-1].empty:
        below = below[:-1]
    above = tuple(r.number for r in filled if r.number < header.number)
    return Sheet(headers, header.number, below, above, description)


@dataclass(frozen=True)
class RowProblem:
    column: str  # the column's header, or "" for the row as a whole
    text: str
    ambiguous_date: bool = False

    def __str__(self) -> str:
        return f"{self.column}: {self.text}" if self.column else self.text


@dataclass(frozen=True)
class RowReport:
    """What one row would import: a partner, or the problems that stop it."""

    number: int
    partner: Partner | None
    problems: tuple[RowProblem, ...] = ()
    skipped: bool = False  # an empty row: nothing to import, nothing wrong

    def with_problem(self, problem: RowProblem) -> RowReport:
        return dataclasses.replace(self, partner=None, problems=self.problems + (problem,))


def read_partner_rows(sheet: Sheet, mapping: tuple[str | None, ...], *,
                      dayfirst: bool | None = None) -> tuple[RowReport, ...]:
    """Every row under the header as a report; a name seen on an earlier row is a problem."""
    reports = []
    seen: dict[str, SheetRow] = {}
    for row in sheet.rows:
        if row.empty:
            reports.append(RowReport(row.number, None, skipped=True))
            continue
        report = _read_row(sheet, mapping, row, dayfirst)
        key = name_key(report.partner.name) if report.partner else _raw_name_key(mapping, row)
        if key and key in seen:
            first = seen[key]
            copy = " (an exact copy)" if _same_cells(first, row) else ""
            report = report.with_problem(RowProblem(
                sheet.column_label(mapping.index("name")),
                f"the partner '{shown(_raw_name(mapping, row), limit=60)}' is already on row "
                f"{first.number}"
                f"{copy}; keep one row per partner"))
        elif key:
            seen[key] = row
        reports.append(report)
    return tuple(reports)


def _same_cells(a: SheetRow, b: SheetRow) -> bool:
    return [one_line(c).casefold() for c in a.cells] == [one_line(c).casefold() for c in b.cells]


def _raw_name(mapping, row: SheetRow) -> str:
    return one_line(row.cells[mapping.index("name")]) if "name" in mapping else ""


def _raw_name_key(mapping, row: SheetRow) -> str:
    return name_key(_raw_name(mapping, row))


def _read_row(sheet: Sheet, mapping: tuple[str | None, ...], row: SheetRow,
              dayfirst: bool | None) -> RowReport:
    values: dict[str, object] = {}
    notes: list[tuple[str, str]] = []
    tags: list[str] = []
    problems: list[RowProblem] = []
    for column, field in enumerate(mapping):
        if field is None or column >= len(row.cells):
            continue
        cell, label = row.cells[column], sheet.column_label(column)
        try:
            if field == "tags":
                tags.extend(read_tags(cell))
            elif field == "notes":
                if cell_text(cell):
                    notes.append((label, cell_text(cell)))
            elif field == "stage":
                if not cell_text(cell):
                    raise ValueError("no stage; fill it in (courtship, commitment, bridges or "
                                     "exit), or delete the row if it is a heading")
                values["stage"] = read_stage(cell)
            elif field == "kind":
                values["kind"] = read_kind(cell) if cell_text(cell) else Kind.HORIZONTAL
            elif field == "next_review":
                values["next_review"] = (read_date(cell, dayfirst=dayfirst)
                                         if cell_text(cell) else None)
            elif field == "name":
                values[field] = one_line(cell)  # a name is one line, as the form keeps it
            else:
                values[field] = cell_text(cell)
        except ValueError as error:
            problems.append(RowProblem(label, str(error), isinstance(error, AmbiguousDate)))
    if "name" in mapping and not values.get("name"):
        problems.insert(0, RowProblem(sheet.column_label(mapping.index("name")),
                                      f"no {FIELD_LABELS['name'].lower()}"))
    if problems:
        return RowReport(row.number, None, tuple(problems))
    if len(notes) > 1:
        note_text = "\n".join(f"{label}: {text}" for label, text in notes)
    else:
        note_text = notes[0][1] if notes else ""
    partner = Partner(
        name=str(values["name"]),
        stage=values.get("stage", Stage.COURTSHIP),
        organisation=str(values.get("organisation", "")),
        kind=values.get("kind", Kind.HORIZONTAL),
        definition=str(values.get("definition", "")),
        unique_result=str(values.get("unique_result", "")),
        owner=str(values.get("owner", "")),
        next_review=values.get("next_review"),
        review_place=str(values.get("review_place", "")),
        tags=tuple(dict.fromkeys(tags)),
        notes=note_text,
    )
    return RowReport(row.number, partner)
