"""Check, after PyInstaller, that the bundle's archive holds what the app imports by name or
inside functions, which PyInstaller cannot follow: every module of planner (the window imports
its brief, backup, spreadsheet and calendar modules by name on first use) and the libraries
the app loads lazily. packaging/build.sh runs it; it exits 1 naming what is missing.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOC = ROOT / "build" / "pyinstaller" / "partner-planner" / "PYZ-00.toc"
LAZY = {
    "reportlab.platypus", "reportlab.pdfbase.ttfonts", "pypdfium2", "openpyxl", "icalendar",
    "alembic.op", "alembic.runtime.migration", "alembic.script",
    "sqlalchemy.dialects.sqlite.pysqlite", "bidi", "arabic_reshaper", "jsonschema",
    "jsonschema_rs", "orjson", "platformdirs", "PIL.Image", "openpyxl.worksheet._reader",
    # openpyxl parses through defusedxml only when it can import it: without it a hostile
    # workbook would be read unprotected, with no error to notice
    "defusedxml", "defusedxml.ElementTree",
}


def planner_modules() -> set[str]:
    modules = set()
    for path in (ROOT / "planner").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts or parts[-1] == "__main__":
            continue  # migrations ship as files for Alembic; __main__ is the entry script
        modules.add(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return modules


def main() -> int:
    bundled = {entry[0] for entry in ast.literal_eval(TOC.read_text("utf-8"))[1]}
    missing = sorted((planner_modules() | LAZY) - bundled)
    if missing:
        print(f"check_bundle.py: not in the bundle: {', '.join(missing)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
