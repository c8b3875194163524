"""Preview, print and save briefs from the app: rendered off the UI thread, shown in-app."""

import io

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from planner.services import portfolio_io
from planner.services.partners import find_partner
from planner.services.portfolio import open_portfolio
from planner.ui import brief_actions
from planner.ui.session import AppSession


@pytest.fixture
def session(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("LC_PAPER", "en_GB.UTF-8")
    path = tmp_path / "sample.sqlite"
    portfolio = open_portfolio(path, create=True)
    portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(
        portfolio_io.SAMPLE_ANCHOR))
    monkeypatch.setattr(AppSession, "today", staticmethod(lambda: portfolio_io.SAMPLE_ANCHOR))
    yield AppSession(portfolio)
    portfolio.close()


@pytest.fixture
def helix(session):
    return find_partner(session.uow(), "Helix & Stone Consulting").id


def text_of(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def test_preview_shows_the_pages_in_a_dialog(qtbot, session, helix):
    task = brief_actions.preview_partner_brief(None, session, helix)
    with qtbot.waitSignal(task.ready, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: task.dialog is not None)
    dialog = task.dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert len(dialog.pages) == 1
    pixmap = dialog.pages[0].pixmap()
    assert pixmap.width() > 500 and pixmap.height() > pixmap.width()  # portrait A4
    image = pixmap.toImage()
    assert len({image.pixel(x, 60) for x in range(0, image.width(), 4)}) > 2  # not blank
    assert "Helix & Stone Consulting" in text_of_bytes(dialog.pdf)


def text_of_bytes(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_rendering_happens_off_the_ui_thread(qtbot, session, helix, monkeypatch):
    import threading

    seen = {}
    real = brief_actions.render_partner_brief

    def spy(content, paper):
        seen["thread"] = threading.current_thread()
        return real(content, paper)

    monkeypatch.setattr(brief_actions, "render_partner_brief", spy)
    monkeypatch.setattr(brief_actions, "ask_and_save", lambda *a: None)
    task = brief_actions.save_partner_brief_pdf(None, session, helix)
    with qtbot.waitSignal(task.ready, timeout=20_000):
        pass
    assert seen["thread"] is not threading.main_thread()


def test_print_to_a_pdf_printer(qtbot, session, helix, tmp_path):
    task = brief_actions.BriefTask("test", lambda: b"")
    pdf = brief_actions._partner_task(session, helix).make_pdf()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    printer.setResolution(150)
    brief_actions.print_pdf(printer, pdf)
    printed = PdfReader(str(out))
    assert len(printed.pages) == 1
    box = printed.pages[0].mediabox
    assert abs(float(box.width) - 595) < 2 and abs(float(box.height) - 842) < 2
    assert out.stat().st_size > 50_000  # a full-page image, not an empty page
    del task


def test_print_partner_brief_goes_through_the_print_dialog(qtbot, session, helix, tmp_path,
                                                           monkeypatch):
    out = tmp_path / "via-dialog.pdf"

    class AcceptingDialog:
        def __init__(self, printer, parent=None):
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(out))
            printer.setResolution(100)

        def setWindowTitle(self, title):
            pass

        def exec(self):
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(brief_actions, "QPrintDialog", AcceptingDialog)
    task = brief_actions.print_partner_brief(None, session, helix)
    with qtbot.waitSignal(task.ready, timeout=20_000):
        pass
    qtbot.waitUntil(out.exists)
    assert len(PdfReader(str(out)).pages) == 1


def test_save_partner_brief_writes_the_pdf(qtbot, session, helix, tmp_path, monkeypatch):
    target = tmp_path / "chosen"
    monkeypatch.setattr(brief_actions.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "PDF files (*.pdf)")))
    task = brief_actions.save_partner_brief_pdf(None, session, helix)
    with qtbot.waitSignal(task.ready, timeout=20_000):
        pass
    saved = tmp_path / "chosen.pdf"
    qtbot.waitUntil(saved.exists)
    assert saved.read_bytes() == task.pdf
    assert "Helix & Stone Consulting" in text_of(saved)


def test_portfolio_preview_and_save(qtbot, session, tmp_path, monkeypatch):
    task = brief_actions.preview_portfolio_brief(None, session)
    with qtbot.waitSignal(task.ready, timeout=20_000):
        pass
    qtbot.waitUntil(lambda: task.dialog is not None)
    qtbot.addWidget(task.dialog)
    assert len(task.dialog.pages) == 1
    target = tmp_path / "portfolio.pdf"
    monkeypatch.setattr(brief_actions.QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    task = brief_actions.save_portfolio_brief_pdf(None, session)
    with qtbot.waitSignal(task.ready, timeout=20_000):
        pass
    qtbot.waitUntil(target.exists)
    assert "PORTFOLIO BRIEF" in text_of(target)


def test_a_failure_is_one_sentence_in_a_dialog(qtbot, session, monkeypatch):
    shown = []
    monkeypatch.setattr(brief_actions.QMessageBox, "warning",
                        staticmethod(lambda parent, title, text: shown.append(text)))
    task = brief_actions.preview_partner_brief(None, session, 987654)
    with qtbot.waitSignal(task.failed, timeout=20_000) as blocker:
        pass
    assert blocker.args[0] and "\n" not in blocker.args[0]
    assert shown == [blocker.args[0]]
    assert task.dialog is None
