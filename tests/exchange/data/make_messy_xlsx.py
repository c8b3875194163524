"""Regenerate partners-messy.xlsx: the partner list as an alliance manager keeps it in Excel.

A title above the header (its merged cells undone), real date cells beside dates typed as
text in other formats, stray spaces, an empty row, a heading row left from a merged group
title, a stage misspelt and a duplicate partner. Run: python tests/exchange/data/make_messy_xlsx.py
"""

import datetime as dt
from pathlib import Path

import openpyxl

ROWS = [
    ["Strategic alliances 2026 (owner: Sam)", None, None, None, None, None, None, None],
    [None] * 8,
    ["Company", "Organisation", "Phase", "Owner", "Next meeting", "Kind", "Tags", "Notes"],
    ["Granite Peak Systems", "Granite Peak Systems Ltd", "bridges", "Sam Ortiz",
     dt.datetime(2026, 6, 18), "Horizontal", "co-sell;EMEA", "Board every quarter"],
    [" Lark & Wren Media ", "Lark & Wren", "Commitment", "  Priya Raman", "05/07/2026",
     "vertical", "media", None],
    [None] * 8,
    ["Tidewater Freight", "Tidewater Freight BV", "courtship", "Tom Weller", "2026-13-01",
     "supplier", None, "Intro via the Rotterdam office"],
    ["EMEA pipeline", None, None, None, None, None, None, None],
    ["Corvid Security", "Corvid Security plc", "Bridge", "Sam Ortiz", "1st August 2026",
     "horizontal", "security", None],
    ["Quarry Labs", "Quarry Labs Oy", "EXIT", "Priya Raman", dt.datetime(2026, 9, 30),
     "Vertical", "labs, Nordics", "- renewal due in Q3"],
    ["Granite Peak Systems", "Granite Peak Systems Ltd", "bridges", "Sam Ortiz",
     dt.datetime(2026, 6, 18), "Horizontal", "co-sell;EMEA", "Board every quarter"],
]


def build(path: Path, rows=ROWS) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Partners"
    for row in rows:
        sheet.append(row)
    for cell in sheet["E"]:
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "DD/MM/YYYY"
    book.save(path)
    return path


if __name__ == "__main__":
    build(Path(__file__).with_name("partners-messy.xlsx"))
