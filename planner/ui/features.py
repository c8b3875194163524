"""Features that live in their own modules (briefs, backups, spreadsheets, calendar).

They are imported when first used, so the window starts quickly without loading ReportLab,
the PDF rasteriser or openpyxl until someone asks for a brief or an import.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtWidgets import QWidget


def call_feature(parent: QWidget, module: str, function: str, *args: Any) -> Any:
    """Call `planner.ui.<module>.<function>(parent, *args)`, importing the module on first use."""
    return getattr(importlib.import_module(f"planner.ui.{module}"), function)(parent, *args)
