"""What the design pass added to the window, driven like a user would: the first size, the
status bar, the portfolio's name and currency, exports, the file check, help, the preview."""

import io

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from reportlab.pdfgen import canvas

from planner.services.portfolio_settings import read_settings
from planner.ui import exports, help_window, main_window
from planner.ui.brief_actions import BriefPreviewDialog
from planner.ui.main_window import SCREEN_SHARE
from planner.ui.portfolio_model import Column
from planner.ui.portfolio_settings_dialog import PortfolioSettingsDialog


def partner_id(window, name):
    model = window.panel.model
    return next(model.row_at(r).partner_id for r in range(model.rowCount())
                if model.row_at(r).summary.partner.name == name)


def test_a_first_launch_opens_at_a_share_of_the_screen(make_window):
    window = make_window()
    area = window.screen().availableGeometry()
    assert window.width() >= min(area.width(), max(1024, round(area.width() * SCREEN_SHARE)))
    assert window.height() <= max(area.height(), 700)


def test_the_status_bar_is_quiet_when_nothing_is_open(make_window, sample_path):
    window = make_window(sample_path)
    assert "8 partners" in window.status_counts.text()
    assert "need you now" in window.status_counts.text()
    window._close_session()
    assert window.status_counts.text() == ""


def test_the_table_fits_its_pane_and_says_why_a_row_needs_you(window):
    table = window.panel.table
    header = table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in Column if not header.isSectionHidden(c))
    assert used <= table.viewport().width()
    assert header.isSectionHidden(Column.KIND)  # the less important ones start hidden
    model = window.panel.model
    flagged = [r for r in range(model.rowCount()) if model.row_at(r).reasons]
    assert flagged and len(flagged) < model.rowCount()


def test_the_home_view_names_the_portfolio_and_offers_to_name_it(window, qtbot):
    assert window.home.title.text() == "Your portfolio"
    assert window.home.name_link.isVisibleTo(window.home)
    dialog = PortfolioSettingsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.name.setText("  EMEA   alliances ")
    dialog.currency.setCurrentText("chf")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    settings = window.session.call(read_settings)
    assert (settings.name, settings.currency) == ("EMEA alliances", "CHF")
    assert window.home.title.text() == "EMEA alliances"
    assert not window.home.name_link.isVisibleTo(window.home)
    window.actions.undo.trigger()  # one undoable edit
    assert window.session.call(read_settings).name == ""
    assert window.home.title.text() == "Your portfolio"


def test_a_bad_currency_is_refused_next_to_the_form(window, qtbot):
    dialog = PortfolioSettingsDialog(window.session, window)
    qtbot.addWidget(dialog)
    dialog.currency.setCurrentText("E1")
    dialog.save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "three-letter code" in dialog.message.text()


def test_csv_and_vcard_export_and_the_file_check_from_the_app(window, tmp_path, monkeypatch):
    counts = exports.export_csv(window, window.session, folder=tmp_path / "csv")
    assert counts["partners"] == 8
    assert (tmp_path / "csv" / "partners.csv").is_file()
    assert "Wrote" in window.statusBar().currentMessage()
    target = partner_id(window, "Datastrom")
    written = exports.export_contacts(window, window.session, target,
                                      path=tmp_path / "datastrom.vcf")
    assert written and (tmp_path / "datastrom.vcf").read_text().count("BEGIN:VCARD") == written
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    assert exports.check_file(window, window.session) is True
    assert shown == ["The file is intact."]


def test_every_command_line_task_has_a_menu_entry(window):
    texts = {a.text().replace("&", "") for a in window.actions.all()}
    for wanted in ("Export as CSV…", "Export Contacts (vCard)…", "Check File",
                   "Preview Portfolio Brief", "Print Portfolio Brief…",
                   "Save Portfolio Brief as PDF…", "Import Spreadsheet…",
                   "Export to Calendar…", "Backups…", "Partner Planner Guide",
                   "Keyboard Shortcuts", "Portfolio Settings…"):
        assert wanted in texts, wanted
    assert QKeySequence("F1") in window.actions.guide.shortcuts()


def test_help_lists_the_shortcuts_the_actions_really_have(window, qtbot):
    dialog = help_window.show_shortcuts(window)
    qtbot.addWidget(dialog)
    rows = help_window.shortcut_rows(window)
    undo = window.actions.undo.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    assert any(keys.startswith(undo) for _command, keys in rows)
    guide = help_window.show_guide(window)
    qtbot.addWidget(guide)
    assert guide.isVisible()


def test_the_welcome_offers_importing_a_spreadsheet(window, monkeypatch):
    asked = []
    monkeypatch.setattr(main_window, "call_feature",
                        lambda parent, module, function, *args: asked.append(function))
    window.welcome.import_button.click()
    assert asked == ["show_import_spreadsheet_dialog"]


@pytest.fixture
def two_pages() -> bytes:
    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in (1, 2):
        pdf.drawString(72, 720, f"Page {page}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def test_the_brief_preview_fits_the_screen_zooms_and_turns_pages(qtbot, two_pages):
    dialog = BriefPreviewDialog("Preview", two_pages, "brief.pdf")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    area = dialog.screen().availableGeometry()
    assert dialog.height() <= area.height() and dialog.width() <= area.width()
    assert dialog.page_label.text() == "Page 1 of 2"
    assert not dialog.previous_button.isEnabled()
    width = dialog.pages[0].pixmap().width()
    dialog.step_zoom(1)
    assert dialog.zoom > 1.0 and dialog.pages[0].pixmap().width() > width
    dialog.step_zoom(-1)
    dialog.step_zoom(-1)
    assert dialog.zoom < 1.0 and dialog.pages[0].pixmap().width() < width
    dialog.next_button.click()
    QApplication.processEvents()
    assert dialog.page_label.text() == "Page 2 of 2"
    assert dialog.current_page() == 1


def test_an_unticked_box_stays_visible_on_a_dark_palette(qtbot):
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QCheckBox

    from planner.ui.look import contrast
    from planner.ui.style import legible_style
    from tests.ui.test_layout import dark_palette

    def ring_contrast(style) -> float:
        box = QCheckBox()
        qtbot.addWidget(box)
        box.setStyle(style)
        box.setPalette(dark_palette())
        box.resize(box.sizeHint())
        image = box.grab().toImage()
        base = dark_palette().color(QPalette.ColorRole.Base)
        window = dark_palette().color(QPalette.ColorRole.Window)
        return max(min(contrast(QColor(image.pixel(x, y)), base),
                       contrast(QColor(image.pixel(x, y)), window))
                   for x in range(min(image.width(), 24)) for y in range(image.height()))

    plain = QApplication.style().name()
    assert ring_contrast(legible_style(plain)) >= 3.0


def test_settings_from_version_1_drop_the_header_that_scrolled(tmp_path):
    from PySide6.QtCore import QByteArray, QSettings

    from planner.ui.settings import SETTINGS_VERSION, TABLE_HEADER, Settings

    path = tmp_path / "old.ini"
    old = QSettings(str(path), QSettings.Format.IniFormat)
    old.setValue("version", 1)
    old.setValue("portfolio/header", QByteArray(b"old header state"))
    old.sync()
    settings = Settings(path)
    settings.sync()
    again = QSettings(str(path), QSettings.Format.IniFormat)
    assert again.value("portfolio/header") is None
    assert int(again.value("version")) == SETTINGS_VERSION
    assert settings.get(TABLE_HEADER).isEmpty()


def test_a_wide_pane_shows_more_columns_a_narrow_one_does_not(window):
    header = window.panel.table.horizontalHeader()
    window.panel.reset_columns()
    window.panel.show_extras_for(420)
    assert header.isSectionHidden(Column.HEALTH)
    window.panel.show_extras_for(1400)
    assert not header.isSectionHidden(Column.HEALTH)
    assert not header.isSectionHidden(Column.OPEN_ACTIONS)


def test_an_unticked_box_in_a_list_stays_visible_on_a_dark_palette(qtbot):
    """The workspace's lists draw with the platform style itself (no call into Python per
    row) and outline their own check boxes: an unticked one stands out 3:1 from the list's
    dark base, as a check box does everywhere else."""
    from dataclasses import dataclass

    from PySide6.QtCore import QEventLoop
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QProxyStyle, QStyle, QStyleOptionViewItem

    from planner.ui.look import contrast
    from planner.ui.workspace.record_panel import RecordPanel
    from planner.ui.workspace.records import Column, Layout
    from tests.ui.test_layout import dark_palette

    @dataclass(frozen=True)
    class Item:
        id: int
        text: str
        done: bool = False

    panel = RecordPanel("Items", Layout([Column("Item", lambda i: i.text, main=True,
                                                checked=lambda i: i.done)]), noun="item")
    qtbot.addWidget(panel)
    panel.setPalette(dark_palette())
    panel.resize(400, 300)
    panel.show()
    panel.set_records([Item(1, "Agree the review dates"), Item(2, "Name an ambassador"),
                       Item(3, "Write down what each side expects to give and to get, and "
                               "when the two sides will look at it together again: " * 3)])
    panel.lay_out_now()
    for _ in range(10):
        QEventLoop().processEvents()
    view = panel.view
    assert not isinstance(view.style(), QProxyStyle)  # no Python call per thing drawn
    image = view.viewport().grab().toImage()
    base = dark_palette().color(QPalette.ColorRole.Base)
    for row in (0, 2):  # a one-line row, and one that wraps to several lines
        index = view.model().index(row, 0)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = view.visualRect(index)
        delegate = view.itemDelegateForIndex(index)
        delegate.initStyleOption(option, index)
        box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator,
                                          option, view)
        ring = max(contrast(QColor(image.pixel(x, y)), base)
                   for x in range(box.left(), box.right() + 1)
                   for y in range(box.top(), box.bottom() + 1))
        assert ring >= 3.0, (row, ring)
