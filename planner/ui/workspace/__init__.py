"""The partner workspace: one tab per part of the relationship.

The main window owns one PartnerWorkspace and calls `show_partner(partner_id)` when the
selection changes and `show_tab(name)` when a search hit opens a partner at a given part.
"""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from planner.ui.session import AppSession

TAB_NAMES = ("overview", "checklist", "people", "differences", "meetings", "value", "health")


class PartnerWorkspace(QTabWidget):
    def __init__(self, session: AppSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.partner_id: int | None = None
        self.setDocumentMode(True)
        self.setAccessibleName(self.tr("Partner workspace"))

    def show_partner(self, partner_id: int | None) -> None:
        self.partner_id = partner_id

    def show_tab(self, name: str) -> None:
        if name in TAB_NAMES and TAB_NAMES.index(name) < self.count():
            self.setCurrentIndex(TAB_NAMES.index(name))
