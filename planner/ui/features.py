"""Features that live in their own modules (briefs, backups, spreadsheets, calendar).

They are imported when first used, so the window starts quickly without loading ReportLab,
the PDF rasteriser or openpyxl until someone asks for a brief or an import.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtWidgets import QWidget

from planner.domain.errors import ServerUnreachable


def call_feature(parent: QWidget, module: str, function: str, *args: Any) -> Any:
    """Call `planner.ui.<module>.<function>(parent, *args)`, importing the module on first use.

    A team portfolio's server that does not answer ends the feature quietly: the session
    announced it and the window's banner says so, with Retry."""
    try:
        return getattr(importlib.import_module(f"planner.ui.{module}"), function)(parent, *args)
    except ServerUnreachable:
        return None
