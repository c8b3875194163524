"""Hostile and huge spreadsheets, built byte by byte: each is (name, file name, writer, a
fragment of the expected message). A writer takes a folder and returns the file it wrote.

An .xlsx is a zip of XML parts, so each hostile workbook is a valid one with one part
changed: entities in its XML, a damaged deflate stream, no sheets, a chart as the open sheet.
Kept as data, like hostile_documents.py for JSON, so the count of hostile inputs is easy to
report.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RNS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _content_types(chart: bool = False) -> str:
    chart_part = (f'<Override PartName="/xl/chartsheets/sheet1.xml" '
                  f'ContentType="{CT}.chartsheet+xml"/>' if chart else "")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{CT}.worksheet+xml"/>'
        f'{chart_part}</Types>')


ROOT_RELS = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
             f'<Relationship Id="rId1" Type="{DOC}/officeDocument" Target="xl/workbook.xml"/>'
             '</Relationships>')


def _workbook(sheets: str, active: int = 0) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} {RNS}>'
            f'<bookViews><workbookView activeTab="{active}"/></bookViews>'
            f'<sheets>{sheets}</sheets></workbook>')


def _workbook_rels(chart: bool = False) -> str:
    extra = (f'<Relationship Id="rId2" Type="{DOC}/chartsheet" '
             'Target="chartsheets/sheet1.xml"/>' if chart else "")
    return (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{DOC}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'{extra}</Relationships>')


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml(rows: str, *, prolog: str = "", dimension: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {NS}>{dim}'
            f'<sheetData>{rows}</sheetData></worksheet>')


GOOD_ROWS = ('<row r="1">' + cell("A1", "Partner") + cell("B1", "Stage") + "</row>"
             '<row r="2">' + cell("A2", "Acme") + cell("B2", "courtship") + "</row>")


def workbook_parts(*, sheet: str | None = None, workbook: str | None = None,
                   chart: bool = False) -> dict[str, str | bytes]:
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": _content_types(chart),
        "_rels/.rels": ROOT_RELS,
        "xl/workbook.xml": workbook or _workbook(
            '<sheet name="Partners" sheetId="1" r:id="rId1"/>'),
        "xl/_rels/workbook.xml.rels": _workbook_rels(chart),
        "xl/worksheets/sheet1.xml": sheet if sheet is not None else sheet_xml(GOOD_ROWS),
    }
    if chart:
        parts["xl/chartsheets/sheet1.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?><chartsheet {NS} {RNS}>'
            '<sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>')
    return parts


def write_xlsx(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _xlsx(name: str, **kwargs) -> Callable[[Path], Path]:
    return lambda folder: write_xlsx(folder / name, workbook_parts(**kwargs))


LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                    for i in range(1, 10))
          + "]>")
EXTERNAL = '<!DOCTYPE x [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'


def _corrupt_deflate(folder: Path) -> Path:
    """A valid workbook whose sheet's compressed bytes are overwritten in the middle."""
    path = write_xlsx(folder / "corrupt.xlsx", workbook_parts(
        sheet=sheet_xml("".join(f'<row r="{n}">{cell(f"A{n}", f"Partner {n} of many")}</row>'
                                for n in range(1, 400)))))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    data[middle:middle + 64] = bytes(range(64))
    path.write_bytes(bytes(data))
    return path


def _chart_active(folder: Path) -> Path:
    """A workbook as Excel saves one whose open sheet is a chart of the partner table."""
    import openpyxl
    from openpyxl.chart import BarChart, Reference

    workbook = openpyxl.Workbook()
    table = workbook.active
    table.title = "Partners"
    table.append(["Partner", "Stage", "Worth"])
    table.append(["Acme", "courtship", 3])
    chart = BarChart()
    chart.add_data(Reference(table, min_col=3, min_row=1, max_row=2), titles_from_data=True)
    sheet = workbook.create_chartsheet("Pipeline chart")
    sheet.add_chart(chart)
    workbook.active = sheet
    path = folder / "chart.xlsx"
    workbook.save(path)
    return path


def _streamed_xlsx(name: str, rows: int, *, text: str = "Partner") -> Callable[[Path], Path]:
    """A big workbook written row by row (never held in memory whole)."""
    def write(folder: Path) -> Path:
        path = folder / name
        parts = workbook_parts()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for part, data in parts.items():
                if part != "xl/worksheets/sheet1.xml":
                    archive.writestr(part, data)
            with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
                out.write(f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>'
                          '<sheetData>'.encode())
                out.write(f'<row r="1">{cell("A1", "Partner")}</row>'.encode())
                chunk = []
                for n in range(2, rows + 2):
                    chunk.append(f'<row r="{n}">{cell(f"A{n}", f"{text} {n}")}</row>')
                    if len(chunk) == 10_000:
                        out.write("".join(chunk).encode())
                        chunk = []
                out.write(("".join(chunk) + "</sheetData></worksheet>").encode())
        return path
    return write


def _bomb(folder: Path) -> Path:
    """Some forty kilobytes that expand to 12 MB of one repeated cell."""
    path = folder / "bomb.xlsx"
    parts = workbook_parts()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, data in parts.items():
            if part != "xl/worksheets/sheet1.xml":
                archive.writestr(part, data)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as out:
            out.write(f'<worksheet {NS}><sheetData><row r="1">'.encode())
            block = b'<c r="A1"><v>1</v></c>' * 50_000
            for _ in range(12 * 2**20 // len(block)):
                out.write(block)
            out.write(b"</row></sheetData></worksheet>")
    return path


def _many_parts(folder: Path) -> Path:
    """Five parts of 14 MB each, none a bomb (they compress some 15 times), 70 MB in all."""
    path = write_xlsx(folder / "parts.xlsx", workbook_parts())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        for part in range(5):
            with archive.open(f"xl/media/part{part}.xml", "w", force_zip64=True) as out:
                written, n = 0, 0
                while written < 14 * 2**20:
                    block = "".join(f'<c r="A{n + i}"><v>{(n + i) * 7919 % 1_000_003}</v></c>'
                                    for i in range(10_000)).encode()
                    out.write(block[:14 * 2**20 - written])
                    written += len(block[:14 * 2**20 - written])
                    n += 10_000
    return path


def _text(name: str, data: bytes) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path
    return write


def _csv_rows(name: str, rows: int) -> Callable[[Path], Path]:
    def write(folder: Path) -> Path:
        path = folder / name
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write("Partner,Stage\r\n")
            for start in range(0, rows, 10_000):
                f.write("".join(f"Partner {n},exit\r\n"
                                for n in range(start, min(start + 10_000, rows))))
        return path
    return write


HEADER = "Partner,Stage\r\n"

CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    # XML that attacks the reader
    ("xlsx entity expansion",
     _xlsx("laughs.xlsx", sheet=sheet_xml(GOOD_ROWS.replace("Acme", "&lol9;"), prolog=LAUGHS)),
     "declares XML entities"),
    ("xlsx external entity",
     _xlsx("external.xlsx", sheet=sheet_xml(GOOD_ROWS.replace("Acme", "&secret;"),
                                            prolog=EXTERNAL)),
     "declares XML entities"),
    ("xlsx entity in the workbook part",
     _xlsx("laughs-workbook.xlsx", workbook=_workbook(
         '<sheet name="&lol9;" sheetId="1" r:id="rId1"/>').replace(
         '<workbook', LAUGHS + '<workbook', 1)),
     "declares XML entities"),
    # broken workbooks
    ("xlsx malformed XML", _xlsx("malformed.xlsx", sheet=sheet_xml(GOOD_ROWS)[:-20]),
     "its XML is malformed"),
    ("xlsx corrupt deflate", _corrupt_deflate, "compressed data is damaged"),
    ("xlsx without sheets", _xlsx("nosheets.xlsx", workbook=_workbook("")), "holds no sheets"),
    ("xlsx with a chart as the open sheet", _chart_active, "is a chart ('Pipeline chart')"),
    ("xlsx that is not a zip", _text("plain.xlsx", b"Partner,Stage\nAcme,courtship\n"),
     "not a zip archive"),
    ("xlsx missing its workbook part",
     lambda folder: write_xlsx(folder / "parts.xlsx", {
         k: v for k, v in workbook_parts().items() if k != "xl/workbook.xml"}),
     "not an .xlsx workbook Partner Planner can read"),
    # huge workbooks
    ("xlsx zip bomb", _bomb, "as a zip bomb does"),
    ("xlsx with 3,000,000 rows", _streamed_xlsx("rows3m.xlsx", 3_000_000),
     "(xl/worksheets/sheet1.xml), more than the 16 MB"),
    ("xlsx expanding to 70 MB in parts", _many_parts, "expands to 70 MB when opened"),
    ("xlsx with 6,000 rows", _streamed_xlsx("rows6k.xlsx", 6_000), "more than 5,000 partner rows"),
    ("xlsx cell in column XFD",
     _xlsx("wide.xlsx", sheet=sheet_xml(GOOD_ROWS + '<row r="3">' + cell("A3", "Bolt")
                                        + cell("XFD3", "far") + "</row>")),
     "16,384 columns"),
    ("xlsx filled row past 100,000",
     _xlsx("deep.xlsx", sheet=sheet_xml(GOOD_ROWS + '<row r="1048576">'
                                        + cell("A1048576", "Bolt") + "</row>")),
     "row 1,048,576"),
    ("xlsx cell over 32,767 characters",
     _xlsx("longcell.xlsx", sheet=sheet_xml(GOOD_ROWS.replace("Acme", "A" * 40_000))),
     "Cell A2 of longcell.xlsx holds more than 32,767 characters"),
    # CSV
    ("csv odd-length UTF-16",
     _text("odd16.csv", (HEADER + "Acme,courtship\r\n").encode("utf-16") + b"\x41"),
     "not whole UTF-16 text"),
    ("csv cell over 128 KB", _text("bigcell.csv", (HEADER + "Acme," + "x" * 200_000 + "\r\n")
                                   .encode()), "holds more than 32,767 characters"),
    ("csv first cell over 128 KB", _text("bigfirst.csv", ("P" * 140_000 + ",Stage\r\n")
                                         .encode()), "holds more than 32,767 characters"),
    ("csv cell between the limits", _text("midcell.csv", (HEADER + "Acme," + "x" * 40_000
                                                          + "\r\n").encode()),
     "Cell B2 of midcell.csv holds more than 32,767"),
    ("csv 10,000 columns", _text("wide.csv", (HEADER + "Acme" + ",x" * 10_000 + "\r\n")
                                 .encode()), "10,001 columns"),
    ("csv 1,000,000 rows", _csv_rows("million.csv", 1_000_000), "more than 5,000 partner rows"),
    ("csv over 32 MB", _csv_rows("huge.csv", 2_000_000), "MB, more than the 32 MB"),
    ("csv not UTF-8", _text("latin1.csv", (HEADER + "Acmé,courtship\r\n").encode("latin-1")),
     "not UTF-8 text"),
    ("csv unterminated quote", _text("quote.csv", (HEADER + '"Acme,courtship\r\n').encode()),
     "cannot be read"),
]
