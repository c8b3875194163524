"""Layout tests that can fail: render the window and every dialog, and audit what is shown.

The home view, every workspace tab for the richest sample partner, and every dialog, in a
light and a dark palette, at 1024x700 and 1600x1000. A test fails when a row's main text or
a header is elided, a label is clipped, a widget overflows its window, or a text colour on
its background is below WCAG AA (see layout_audit). The renders are written as PNG files to
$PLANNER_RENDERS (or a temporary folder) for people to look at; they are not committed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QLabel, QTableView, QVBoxLayout, QWidget

from planner.ui.workspace import TAB_NAMES
from tests.ui.layout_audit import audit, clipped_labels, elided_headers, low_contrast

SIZES = [(1024, 700), (1600, 1000)]
Role = QPalette.ColorRole


def dark_palette() -> QPalette:
    """A dark palette like the desktop's (Breeze Dark / Adwaita dark)."""
    palette = QPalette()
    for role, colour in [
            (Role.Window, "#2b2b2b"), (Role.WindowText, "#e6e6e6"), (Role.Base, "#1e1e1e"),
            (Role.AlternateBase, "#262626"), (Role.Text, "#e6e6e6"), (Role.Button, "#353535"),
            (Role.ButtonText, "#e6e6e6"), (Role.Highlight, "#2f65ca"),
            (Role.HighlightedText, "#ffffff"), (Role.ToolTipBase, "#353535"),
            (Role.ToolTipText, "#e6e6e6"), (Role.PlaceholderText, "#9a9a9a"),
            (Role.Link, "#6cb6ff"), (Role.Mid, "#444444"), (Role.Dark, "#202020"),
            (Role.Light, "#505050"), (Role.Midlight, "#3a3a3a"), (Role.Shadow, "#000000"),
            (Role.BrightText, "#ffffff")]:
        palette.setColor(role, QColor(colour))
    return palette


@pytest.fixture(params=["light", "dark"])
def palette(request, qapp):
    before = QApplication.palette()
    QApplication.setPalette(dark_palette() if request.param == "dark"
                            else QApplication.style().standardPalette())
    yield request.param
    QApplication.setPalette(before)


@pytest.fixture(scope="session")
def renders(tmp_path_factory) -> Path:
    folder = os.environ.get("PLANNER_RENDERS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("renders")
    path.mkdir(parents=True, exist_ok=True)
    return path


def look(widget: QWidget, renders: Path, name: str) -> list[str]:
    QApplication.processEvents()
    QApplication.processEvents()
    widget.grab().save(str(renders / f"{name}.png"))
    return [f"{name}: {finding}" for finding in audit(widget)]


def richest_partner(window) -> int:
    model = window.panel.model
    rows = [model.row_at(r).summary for r in range(model.rowCount())]
    best = max(rows, key=lambda s: (s.checklist.done + s.open_actions + s.open_high_risk))
    return best.partner.id


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_home_and_every_tab_fit_and_read(window, palette, size, renders):
    window.resize(*size)
    tag = f"{palette}-{size[0]}"
    findings = look(window, renders, f"{tag}-home")
    window.select_partner(richest_partner(window))
    for name in TAB_NAMES:
        window.workspace.show_tab(name)
        findings += look(window, renders, f"{tag}-{name}")
    assert findings == [], "\n".join(findings)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_welcome_and_the_no_portfolio_page_fit_and_read(make_window, tmp_path, palette,
                                                            size, renders):
    from planner.services.portfolio import open_portfolio

    nothing = make_window()
    nothing.resize(*size)
    findings = look(nothing, renders, f"{palette}-{size[0]}-no-portfolio")
    assert nothing.status_counts.text() == ""
    empty = tmp_path / "empty.sqlite"
    open_portfolio(empty, create=True).close()
    window = make_window(empty)
    window.resize(*size)
    assert window.right.currentWidget() is window.welcome
    assert window.status_counts.text() == "No partners yet"
    findings += look(window, renders, f"{palette}-{size[0]}-welcome")
    assert findings == [], "\n".join(findings)


def dialogs(window):
    """Every dialog the window can open, each made the way its menu entry makes it."""
    from planner.ui.add_partner_dialog import AddPartnerDialog
    from planner.ui.backups_dialog import BackupsDialog
    from planner.ui.help_window import show_guide, show_shortcuts
    from planner.ui.portfolio_settings_dialog import PortfolioSettingsDialog
    from planner.ui.search_dialog import SearchDialog
    from planner.ui.spreadsheet_dialog import SpreadsheetImportDialog

    session = window.session
    data = Path(__file__).resolve().parent.parent / "exchange" / "data"
    yield "add-partner", AddPartnerDialog(session, window)
    yield "portfolio-settings", PortfolioSettingsDialog(session, window)
    yield "search", SearchDialog(session, window)
    yield "backups", BackupsDialog(session, window)
    yield "import-spreadsheet", SpreadsheetImportDialog(session, data / "partners-messy.csv",
                                                        window)
    yield "guide", show_guide(window)
    yield "shortcuts", show_shortcuts(window)
    window.select_partner(richest_partner(window))
    for tab_name in ("checklist", "people", "differences", "meetings", "value", "health"):
        tab = window.workspace.tab(tab_name)
        window.workspace.show_tab(tab_name)
        panel = next(iter(p for p in vars(tab).values()
                          if hasattr(p, "add_button") and hasattr(p, "model")))
        panel.add_button.click()
        yield f"add-{tab_name}", tab.dialog


def test_every_dialog_fits_the_smallest_screen_and_reads(window, palette, renders):
    window.resize(*SIZES[0])
    findings = []
    for name, dialog in dialogs(window):
        dialog.show()
        QApplication.processEvents()
        if dialog.width() > SIZES[0][0] or dialog.height() > SIZES[0][1]:
            findings.append(f"{name}: {dialog.width()}x{dialog.height()} is larger than "
                            f"{SIZES[0][0]}x{SIZES[0][1]}")
        findings += look(dialog, renders, f"{palette}-dialog-{name}")
        dialog.close()
    assert findings == [], "\n".join(findings)


# the audit itself can fail ------------------------------------------------------------------

def test_the_audit_finds_a_clipped_label_an_elided_header_and_a_pink_row(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    label = QLabel("A label far too long for the eighty pixels it is given", page)
    label.setFixedWidth(80)
    table = QTableView(page)
    model = QStandardItemModel(1, 1, page)
    model.setHorizontalHeaderLabels(["Agreed way to manage it"])
    item = QStandardItem("unreadable")
    item.setBackground(QColor(255, 220, 220))
    item.setForeground(QColor("#e6e6e6"))
    model.setItem(0, 0, item)
    table.setModel(model)
    table.horizontalHeader().resizeSection(0, 60)
    layout = QVBoxLayout(page)
    layout.addWidget(label)
    layout.addWidget(table)
    page.resize(400, 300)
    page.show()
    qtbot.waitExposed(page)
    assert any("cut on the right" in f for f in clipped_labels(page))
    assert any("Agreed way to manage it" in f for f in elided_headers(page))
    assert any("'unreadable'" in f for f in low_contrast(page))
    label.setFixedWidth(380)
    label.setText("Short")
    table.horizontalHeader().resizeSection(0, 250)
    item.setForeground(QColor("#202020"))
    QApplication.processEvents()
    assert clipped_labels(page) == [] and elided_headers(page) == []
    assert not any("'unreadable'" in f for f in low_contrast(page))
