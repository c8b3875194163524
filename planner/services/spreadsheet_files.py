"""Reading a spreadsheet file (.csv, .tsv, .txt, .xlsx) into a Sheet, within bounded memory.

A spreadsheet comes from anywhere (a colleague, a CRM export, an attacker), so it is read as a
stream and refused, in one sentence naming the problem, as soon as it passes a limit: the
file's size, the rows (an import takes at most as many partners as a JSON import), the columns
and the length of one cell. An .xlsx is a zip of XML parts: its declared sizes are checked
before anything is parsed (a zip bomb expands a few kilobytes into gigabytes), its XML is read
through defusedxml (openpyxl uses it when it is installed: no entity expansion, no external
entities), and its rows are streamed from the sheet's XML instead of loaded as a whole.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import warnings
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.etree.ElementTree import ParseError

from planner.domain.errors import PlannerError
from planner.domain.quoting import shown
from planner.domain.spreadsheet_rows import HEADER_SEARCH_ROWS, Sheet, SheetRow, sheet_from_rows
from planner.domain.spreadsheet_values import cell_text
from planner.services.import_limits import MAX_PARTNERS

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
SPREADSHEET_SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES
DELIMITERS = {",": "comma", ";": "semicolon", "\t": "tab"}
_SNIFF_ROWS = 50
_SNIFF_CHARS = 64 * 1024

# Hostile-input limits, far above a real partner list: one import takes at most MAX_PARTNERS
# partners (as a JSON import), a few title rows above the header, 256 columns (the old Excel
# width; a partner has 11 fields) and cells as long as Excel's own (32,767 characters).
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_FILLED_ROWS = MAX_PARTNERS + HEADER_SEARCH_ROWS
MAX_ROW_NUMBER = 100_000  # empty rows in between count too: the sheet's whole length
MAX_COLUMNS = 256
MAX_CELL = 32_767
# An .xlsx: every part together at most this big once expanded, and no part expanded more than
# MAX_RATIO times (real workbooks compress 5-30 times; zip bombs thousands of times).
MAX_EXPANDED_BYTES = 64 * 1024 * 1024
# openpyxl holds a workbook's whole table of shared strings in memory (about 15 bytes of XML
# per string): one part of at most this size stays within a few hundred MB however it is cut.
MAX_PART_BYTES = 16 * 1024 * 1024
MAX_RATIO = 150
MAX_PARTS = 2_000


def read_sheet(path: Path, *, overrides: dict[str, str] | None = None) -> Sheet:
    path = Path(path)
    try:
        if not path.exists():
            raise PlannerError(f"There is no file at {shown(path)}.")
        if path.is_dir():
            raise PlannerError(f"{shown(path)} is a folder, not a spreadsheet.")
        if not path.is_file():
            raise PlannerError(f"{shown(path)} is not a regular file.")
        size = path.stat().st_size
    except OSError as error:
        raise PlannerError(f"Cannot read {shown(path)}: {error.strerror}.") from None
    suffix = path.suffix.casefold()
    if suffix in (".xls", ".ods", ".numbers"):
        raise PlannerError(f"{shown(path.name)} is a {suffix} file; save it as .xlsx or .csv "
                           "(UTF-8) and import that.")
    if suffix not in SPREADSHEET_SUFFIXES:
        raise PlannerError(f"{shown(path.name)} is not a spreadsheet this app reads; use .csv, "
                           ".tsv, .txt or .xlsx.")
    if size > MAX_FILE_BYTES:
        raise PlannerError(
            f"{shown(path.name)} is {size / 2**20:,.0f} MB, more than the "
            f"{MAX_FILE_BYTES // 2**20} MB a list of {MAX_PARTNERS:,} partners needs; split it "
            "and import the parts.")
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(path, overrides)
    return _read_csv(path, overrides)


# rows, within the limits --------------------------------------------------------------------

def bounded_rows(name: str, rows: Iterable[tuple[int, tuple]]) -> list[SheetRow]:
    """The rows as SheetRows; PlannerError as soon as one passes a limit (nothing is kept)."""
    kept: list[SheetRow] = []
    filled = 0
    for number, cells in rows:
        width = len(cells)
        while width and not cell_text(cells[width - 1]):
            width -= 1
        if not width:
            if number <= MAX_ROW_NUMBER:
                kept.append(SheetRow(number, ()))
            continue
        filled += 1
        if filled > MAX_FILLED_ROWS:
            raise PlannerError(
                f"{shown(name)} has more than {MAX_PARTNERS:,} partner rows, more than one "
                "import takes; split it and import the parts.")
        if number > MAX_ROW_NUMBER:
            raise PlannerError(
                f"{shown(name)} has a filled row at row {number:,}, past the "
                f"{MAX_ROW_NUMBER:,} rows an import reads; move the partners up and import "
                "again.")
        if width > MAX_COLUMNS:
            raise too_wide(name, number, width)
        for column, cell in enumerate(cells[:width]):
            if isinstance(cell, str) and len(cell) > MAX_CELL:
                raise cell_too_long(name, number, column)
        kept.append(SheetRow(number, tuple(cells[:width])))
    return kept


def too_wide(name: str, number: int, width: int) -> PlannerError:
    return PlannerError(
        f"Row {number:,} of {shown(name)} has {width:,} columns, more than the {MAX_COLUMNS} "
        "an import reads; remove the columns that are not partner fields.")


def cell_too_long(name: str, number: int | None, column: int | None) -> PlannerError:
    from planner.domain.spreadsheet_rows import column_letter

    where = f"row {number:,}" if number is not None else "a row"
    if column is not None:
        where = f"cell {column_letter(column)}{number}" if number is not None else "a cell"
    return PlannerError(
        f"{where[0].upper()}{where[1:]} of {shown(name)} holds more than {MAX_CELL:,} "
        "characters, more than a spreadsheet cell holds; shorten it and import again.")


# CSV ------------------------------------------------------------------------------------------

def detect_encoding(head: bytes) -> tuple[str, str]:
    """The codec to read with and its name for the user: UTF-8 (BOM or not), UTF-16 with a BOM."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "UTF-16"
    return "utf-8-sig", "UTF-8"


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and how it was encoded: UTF-8 (with or without BOM), UTF-16 with a BOM."""
    codec, encoding = detect_encoding(data[:4])
    try:
        return data.decode(codec), encoding
    except UnicodeDecodeError as error:
        raise _not_text(error, encoding) from None


def _not_text(error: UnicodeDecodeError, encoding: str, line: int | None = None) -> PlannerError:
    if encoding == "UTF-16":
        return PlannerError("The file is not whole UTF-16 text (it ends in the middle of a "
                            "character); save it as 'CSV UTF-8' and import again.")
    where = f"line {line:,}" if line is not None else f"byte {error.start:,}"
    return PlannerError(f"The file is not UTF-8 text ({where} is not); save it as 'CSV UTF-8' "
                        "and import again.")


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: the one that splits the first rows most consistently.

    The rows are read as CSV (quotes honoured), so notes with line breaks or semicolons in a
    quoted cell do not make another delimiter look right."""
    best, best_score = ",", (False, 0.0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = itertools.islice(csv.reader(io.StringIO(text, newline=""),
                                               delimiter=delimiter), _SNIFF_ROWS)
            widths = [len(r) for r in rows if any(c.strip() for c in r)]
        except csv.Error:  # a cell over the csv module's field limit: it cannot be this one
            continue
        if not widths:
            continue
        width, count = Counter(widths).most_common(1)[0]
        score = (width > 1, count / len(widths), width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _separator_line(first: str) -> str | None:
    # Excel writes (and honours) a first line "sep=;" naming the delimiter; it hides that
    # line, so the rows are numbered from the one after it.
    first = first.strip()
    if first.casefold().startswith("sep=") and len(first) == 5 and first[4] in DELIMITERS:
        return first[4]
    return None


def _sheet_from_stream(stream: io.TextIOBase, overrides, encoding: str, name: str) -> Sheet:
    head = stream.read(_SNIFF_CHARS)
    first, newline, rest = head.partition("\n")
    delimiter = _separator_line(first) if newline or len(head) < _SNIFF_CHARS else None
    if delimiter is not None:
        head = rest
    else:
        delimiter = sniff_delimiter(head)
    lines = _chain(head, stream)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)

    def numbered() -> Iterator[tuple[int, tuple]]:
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):  # noqa: B007 (used after)
                yield number, tuple(cells)
        except csv.Error as error:
            if "field larger than field limit" in str(error):
                raise cell_too_long(name, number + 1, None) from None
            raise PlannerError(f"The CSV cannot be read at line {reader.line_num:,}: "
                               f"{shown(str(error))}.") from None
        except UnicodeDecodeError as error:
            raise _not_text(error, encoding, reader.line_num + 1) from None

    rows = bounded_rows(name, numbered())
    return sheet_from_rows(rows, overrides=overrides,
                           description=f"CSV in {encoding}, {DELIMITERS[delimiter]}-separated")


def _chain(head: str, stream: io.TextIOBase) -> Iterator[str]:
    """The lines of the already-read head followed by the rest of the stream, as csv wants."""
    pending = io.StringIO(head, newline="")
    carry = ""
    for line in pending:
        carry = line
        if line.endswith(("\n", "\r")):
            yield line
            carry = ""
    for line in stream:
        if carry:
            line, carry = carry + line, ""
        yield line
    if carry:
        yield carry


def _read_csv(path: Path, overrides) -> Sheet:
    try:
        with open(path, "rb") as raw:
            head = raw.read(4)
            if not head.strip() and not raw.read(1024).strip():
                raise PlannerError(f"{shown(path.name)} is empty.")
            raw.seek(0)
            codec, encoding = detect_encoding(head)
            stream = io.TextIOWrapper(raw, encoding=codec, newline="")
            return _sheet_from_stream(stream, overrides, encoding, path.name)
    except UnicodeDecodeError as error:  # while sniffing the first rows
        raise _not_text(error, encoding) from None
    except OSError as error:
        raise PlannerError(f"Cannot read {shown(path)}: {error.strerror}.") from None


# xlsx -----------------------------------------------------------------------------------------

def _not_readable(name: str, why: str) -> PlannerError:
    return PlannerError(f"{shown(name)} is not an .xlsx workbook Partner Planner can read "
                        f"({why}); save it again as .xlsx or .csv.")


def check_archive(path: Path) -> None:
    """Refuse a workbook whose parts would expand past the limits, before parsing any."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
        raise _not_readable(path.name, "it is not a zip archive, as every .xlsx is") from None
    if len(parts) > MAX_PARTS:
        raise _not_readable(path.name, f"it holds {len(parts):,} parts")
    expanded = 0
    for part in parts:
        expanded += part.file_size
        if part.file_size > 2**20 and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise PlannerError(
                f"{shown(path.name)} expands {part.file_size // max(part.compress_size, 1):,} "
                "times when opened, as a zip bomb does; it was not read.")
        if part.file_size > MAX_PART_BYTES:
            raise PlannerError(
                f"{shown(path.name)} holds a part of {part.file_size / 2**20:,.0f} MB "
                f"({shown(part.filename, limit=40)}), more than the "
                f"{MAX_PART_BYTES // 2**20} MB a list of {MAX_PARTNERS:,} partners needs; split "
                "it and import the parts.")
    if expanded > MAX_EXPANDED_BYTES:
        raise PlannerError(
            f"{shown(path.name)} expands to {expanded / 2**20:,.0f} MB when opened, more than "
            f"the {MAX_EXPANDED_BYTES // 2**20} MB a list of {MAX_PARTNERS:,} partners needs; "
            "split it and import the parts.")


def _xlsx_failure(path: Path, error: BaseException) -> PlannerError:
    """One sentence for whatever a damaged or hostile workbook makes openpyxl raise (it wraps
    the XML parser's error in its own ValueError, so the cause is looked for down the chain)."""
    from defusedxml import DefusedXmlException

    name = path.name
    causes = []
    while error is not None and len(causes) < 10:
        causes.append(error)
        error = error.__cause__ or error.__context__
    if any(isinstance(e, DefusedXmlException) for e in causes):
        return PlannerError(f"{shown(name)} declares XML entities or a DTD, which a workbook "
                            "never needs and an attack uses; it was not read.")
    damaged = _damaged_part(path)
    if damaged or any(isinstance(e, (zlib.error, zipfile.BadZipFile, EOFError))
                      for e in causes):
        where = f" in {shown(damaged, limit=40)}" if damaged else ""
        return _not_readable(name, f"its compressed data is damaged{where}")
    if any(isinstance(e, ParseError) for e in causes):
        return _not_readable(name, "its XML is malformed")
    if any(isinstance(e, KeyError) for e in causes):
        return _not_readable(name, "a part of the workbook is missing")
    return _not_readable(name, "its content is not what a workbook holds")


def _damaged_part(path: Path) -> str | None:
    """The first part whose data fails its checksum (the sizes were checked: bounded work)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        return "the archive"


# What openpyxl raises on damaged or hostile workbooks (its readers check little themselves).
_XLSX_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, TypeError,
                AttributeError, IndexError, ParseError, OverflowError, UnicodeError)


# openpyxl warns on stderr about what it reads but Excel would not write (a sheet's name over
# 31 characters, an extension it does not support): the import says what matters itself, in
# one sentence, and a person at the command line never sees a Python warning.
warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl(\.|$)")


def _read_xlsx(path: Path, overrides) -> Sheet:
    import openpyxl  # imported here: only an .xlsx import pays for loading it
    from openpyxl.utils.exceptions import InvalidFileException

    check_archive(path)
    try:
        source = open(path, "rb")  # ours to close: openpyxl leaves its own open on a failure
    except OSError as error:
        raise PlannerError(f"Cannot read {shown(path)}: {error.strerror}.") from None
    with source:
        try:
            workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
        except InvalidFileException:
            raise _not_readable(path.name, "it is not a workbook") from None
        except _XLSX_ERRORS as error:
            raise _xlsx_failure(path, error) from None
        except OSError as error:
            raise PlannerError(f"Cannot read {shown(path)}: {error.strerror}.") from None
        try:
            sheet = _active_sheet(workbook, path.name)
            title = sheet.title
            rows = bounded_rows(path.name, _xlsx_rows(sheet, path.name))
        except _XLSX_ERRORS as error:
            raise _xlsx_failure(path, error) from None
        finally:
            workbook.close()
    return sheet_from_rows(rows, overrides=overrides,
                           description=f"workbook sheet '{shown(title, limit=40)}'")


def _active_sheet(workbook, name: str):
    if not workbook.sheetnames:
        raise PlannerError(f"{shown(name)} holds no sheets; there is nothing to import.")
    sheet = workbook.active
    if sheet is None:  # the open tab is past the last sheet: the first table, else a chart
        sheet = (workbook.worksheets or workbook.chartsheets)[0]
    if not hasattr(sheet, "_get_source"):
        raise PlannerError(
            f"The open sheet of {shown(name)} is a chart ('{shown(sheet.title, limit=40)}'), "
            "not a table; open the sheet with the partners, save, and import again.")
    return sheet


def _xlsx_rows(sheet, name: str) -> Iterator[tuple[int, tuple]]:
    """The sheet's rows as they stand in its XML, one at a time, in flat memory.

    openpyxl's own row reader keeps every parsed row attached to the tree (3 million rows are
    gigabytes) and builds a whole row before anyone can look at it (one row of four million
    cells is two gigabytes), so its cell parser is driven here instead: each element is
    dropped from the tree as soon as it is read, a row stops at its first cell past
    MAX_COLUMNS, and no row is padded to a hostile declared dimension (A1:XFD1048576).
    """
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse  # defusedxml's when it is installed

    row_tag, cell_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}c"
    workbook = sheet.parent
    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=True,
                                 epoch=workbook.epoch, date_formats=workbook._date_formats,
                                 timedelta_formats=workbook._timedelta_formats)
        open_elements: list = []
        in_cell = 0  # elements open inside the current cell (its value, inline text runs)
        number, values = 0, {}
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                open_elements.append(element)
                if element.tag == cell_tag or in_cell:
                    in_cell += 1
                    if in_cell > _MAX_CELL_PARTS:
                        raise cell_too_long(name, number, None)
                elif element.tag == row_tag:
                    number = _row_number(element.get("r"), number)
                    parser.row_counter, parser.col_counter, values = number, 0, {}
                continue
            open_elements.pop()
            if in_cell:
                in_cell = 0 if element.tag == cell_tag else in_cell - 1
                if element.tag != cell_tag:
                    continue  # kept until its cell is read
                cell = parser.parse_cell(element)
                if cell["value"] is not None and cell["value"] != "":
                    if cell["column"] > MAX_COLUMNS:
                        raise too_wide(name, number, cell["column"])
                    values[cell["column"]] = cell["value"]
            elif element.tag == row_tag:
                width = max(values, default=0)
                yield number, tuple(values.get(c) for c in range(1, width + 1))
            if open_elements:
                open_elements[-1].remove(element)  # its only child: memory stays flat


_MAX_CELL_PARTS = 10_000  # elements inside one cell (rich-text runs); a real cell has a few


def _row_number(text: str | None, previous: int) -> int:
    if text is None:
        return previous + 1
    if not text.isdigit() or len(text) > 9:
        raise ValueError(f"row number {text[:20]!r}")
    return int(text)
