"""Features that live in their own modules (briefs, backups, spreadsheets, calendar).

They are imported when first used, so the window starts quickly and a build without one of
them still runs: the menu item then says the feature is not available.
"""

from __future__ import annotations

import importlib
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget


def call_feature(parent: QWidget, module: str, function: str, *args: Any) -> Any:
    """Call `planner.ui.<module>.<function>(parent, *args)`; None when it is not available."""
    try:
        feature = getattr(importlib.import_module(f"planner.ui.{module}"), function)
    except (ImportError, AttributeError):
        QMessageBox.information(
            parent, parent.tr("Not available"),
            parent.tr("This feature is not available in this build of Partner Planner."))
        return None
    return feature(parent, *args)
