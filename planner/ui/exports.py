"""What the command line can do with a portfolio, from the menus: CSV tables, a partner's
contacts as vCards, and the file check. Each asks where to write (unless told), calls one
service, and says in the status bar what was written, or in a dialog why nothing was.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from planner.domain.errors import PlannerError
from planner.services import contacts, csv_export, partners
from planner.services.portfolio import check_portfolio
from planner.ui.session import AppSession


def tr(text: str) -> str:
    return QCoreApplication.translate("Exports", text)


def _tell(parent: QWidget | None, title: str, message: str) -> None:
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 10000)
    else:
        QMessageBox.information(parent, title, message)


def export_csv(parent: QWidget | None, session: AppSession, *,
               folder: Path | None = None) -> dict[str, int] | None:
    """One CSV file per table (partners.csv, stakeholders.csv, ...) in a folder."""
    title = tr("Export as CSV")
    if folder is None:
        chosen = QFileDialog.getExistingDirectory(parent, tr("Folder for the CSV files"),
                                                  str(Path.home()))
        if not chosen:
            return None
        folder = Path(chosen)
    try:
        counts = csv_export.export_csv(session.uow(), folder)
    except PlannerError as error:
        QMessageBox.warning(parent, title, str(error))
        return None
    _tell(parent, title, tr("Wrote {0} CSV files ({1} partners) to {2}.").format(
        len(counts), counts.get("partners", 0), folder))
    return counts


def export_contacts(parent: QWidget | None, session: AppSession, partner_id: int, *,
                    path: Path | None = None) -> int | None:
    """The partner's stakeholders, both sides, as a .vcf file for an address book."""
    title = tr("Export contacts")
    partner = session.call(partners.get_partner, partner_id)
    if path is None:
        stem = re.sub(r"[^\w-]+", "-", partner.name).strip("-") or "contacts"
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, title, str(Path.home() / f"{stem}.vcf"),
            tr("vCard files (*.vcf);;All files (*)"))
        if not chosen:
            return None
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(".vcf")
    try:
        written = contacts.export_vcards(session.uow(), partner.name, path,
                                         uid_key=session.portfolio.name)
    except PlannerError as error:
        QMessageBox.warning(parent, title, str(error))
        return None
    _tell(parent, title, tr("Wrote {0} contacts of {1} to {2}.").format(
        written, partner.name, path))
    return written


def check_file(parent: QWidget | None, session: AppSession) -> bool:
    """The integrity check of the open file, its schema version and its counts per table."""
    team = session.portfolio.is_team
    title = tr("Check Portfolio") if team else tr("Check File")
    try:
        report = check_portfolio(session.portfolio.location)
    except PlannerError as error:
        QMessageBox.warning(parent, title, str(error))
        return False
    rows = "".join(f"<tr><td>{table}</td><td align='right'>"
                   f"{'—' if count is None else format(count, ',')}</td></tr>"
                   for table, count in report.counts.items())
    if team:  # a database on a server: its schema, constraints and references
        verdict = (tr("The team portfolio is intact.") if report.healthy else
                   tr("The team portfolio has problems: {0}").format(
                       "; ".join(report.problems[:5])))
    else:
        verdict = (tr("The file is intact.") if report.healthy
                   else tr("The file is damaged: {0}").format("; ".join(report.problems[:5])))
    box = QMessageBox(QMessageBox.Icon.Information if report.healthy
                      else QMessageBox.Icon.Warning, title, verdict,
                      QMessageBox.StandardButton.Close, parent)
    box.setInformativeText(tr("{0}<br>Schema version {1}").format(
        html.escape(str(report.path)), report.schema or "—") + f"<table>{rows}</table>")
    box.exec()
    return report.healthy
