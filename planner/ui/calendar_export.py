"""File > Export to calendar...: reviews and open actions as an .ics file for your calendar."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox, QWidget

from planner.domain.errors import PlannerError
from planner.services import calendar_export
from planner.ui.file_operations import portfolio_stem
from planner.ui.session import AppSession


def tr(text: str) -> str:
    return QCoreApplication.translate("CalendarExport", text)


def ask_actions_as_events(parent: QWidget | None) -> bool | None:
    """To-dos or all-day events? None when the user cancels."""
    box = QMessageBox(parent)
    box.setWindowTitle(tr("Export to calendar"))
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(tr("How should open actions appear in your calendar?"))
    box.setInformativeText(tr("Apple Calendar and Thunderbird show to-dos. Google Calendar "
                              "and Outlook ignore them: choose all-day events for those."))
    todos = box.addButton(tr("As to-dos"), QMessageBox.ButtonRole.AcceptRole)
    events = box.addButton(tr("As all-day events"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(todos)
    box.exec()
    clicked = box.clickedButton()
    if clicked is todos:
        return False
    if clicked is events:
        return True
    return None


def export_calendar(parent: QWidget | None, session: AppSession, *, path: Path | None = None,
                    actions_as_events: bool | None = None
                    ) -> calendar_export.CalendarCounts | None:
    """Ask where to write (and how to show actions), write the .ics, say what was written."""
    title = tr("Export to calendar")
    if path is None:
        suggested = Path.home() / f"{portfolio_stem(session.portfolio)}-reviews.ics"
        chosen, _filter = QFileDialog.getSaveFileName(
            parent, title, str(suggested), tr("iCalendar files (*.ics);;All files (*)"))
        if not chosen:
            return None
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(".ics")
    if actions_as_events is None:
        actions_as_events = ask_actions_as_events(parent)
        if actions_as_events is None:
            return None
    try:
        counts = calendar_export.export_calendar(
            session.uow(), path, uid_key=session.portfolio.name,
            actions_as_events=actions_as_events)
    except PlannerError as error:
        QMessageBox.warning(parent, title, str(error))
        return None
    message = (tr("Wrote %1 reviews and %2 open actions to %3. Import it again after changes: "
                  "the entries are updated, not duplicated.")
               .replace("%1", str(counts.reviews)).replace("%2", str(counts.actions))
               .replace("%3", str(path)))
    window = parent.window() if parent is not None else None
    if isinstance(window, QMainWindow):
        window.statusBar().showMessage(message, 10000)
    else:
        QMessageBox.information(parent, title, message)
    return counts
