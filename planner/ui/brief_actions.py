"""Preview, print and save meeting briefs from the app.

The main window wires its menus (and Ctrl+P) to the five functions at the bottom. Each one
loads the brief's content through services and renders the PDF on a worker thread
(QThreadPool), so the window stays responsive; the result comes back by signal to the UI
thread, which shows the preview, drives the printer or writes the file.

PySide6-Essentials has no QtPdf, so pages are rasterised with PDFium (pypdfium2): at screen
resolution for the preview, at the printer's own resolution for printing.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from pathlib import Path

import pypdfium2
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPixmap,
    QShortcut,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from planner.brief import Paper, locale_paper, render_partner_brief, render_portfolio_brief
from planner.domain.errors import PlannerError
from planner.services import briefs
from planner.ui.session import AppSession

log = logging.getLogger(__name__)

# PDFium is not thread-safe: one rasterisation at a time, whichever thread asks.
_pdfium = threading.Lock()

# Printing rasterises each page; beyond 600 dpi a page costs memory and no reader sees more.
MAX_PRINT_DPI = 600
PREVIEW_DPI = 110


class BriefTask(QObject):
    """One brief being rendered off the UI thread; `ready(bytes)` or `failed(str)` follows.

    The worker emits the private signals; they arrive (queued) on this object's own thread,
    the UI thread, which re-emits them publicly, so every listener runs on the UI thread.
    """

    ready = Signal(bytes)
    failed = Signal(str)
    _done = Signal(bytes)
    _fault = Signal(str)

    def __init__(self, title: str, make_pdf: Callable[[], bytes]):
        super().__init__()
        self.title = title
        self.make_pdf = make_pdf
        self.pdf: bytes | None = None
        self.dialog: BriefPreviewDialog | None = None
        self.suggested_name = "Brief.pdf"
        self.finished = False
        self._done.connect(self._on_done)
        self._fault.connect(self._on_fault)

    def start(self) -> BriefTask:
        _running.add(self)  # kept alive until it reports, even if the caller drops it
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        QThreadPool.globalInstance().start(_Worker(self))
        return self

    @Slot(bytes)
    def _on_done(self, pdf: bytes) -> None:
        self.pdf = pdf
        self._finish()
        self.ready.emit(pdf)

    @Slot(str)
    def _on_fault(self, message: str) -> None:
        self._finish()
        self.failed.emit(message)

    def _finish(self) -> None:
        self.finished = True
        QGuiApplication.restoreOverrideCursor()
        _running.discard(self)


_running: set[BriefTask] = set()


class _Worker(QRunnable):
    def __init__(self, task: BriefTask):
        super().__init__()
        self.task = task

    def run(self) -> None:  # on a pool thread: no widgets here, only signals back
        try:
            pdf = self.task.make_pdf()
        except PlannerError as error:
            self.task._fault.emit(str(error))
        except Exception:  # an unexpected fault: logged in full, shown as one sentence
            log.exception("Rendering the %s failed", self.task.title)
            self.task._fault.emit(f"The {self.task.title} could not be made; the log has "
                                  "the details.")
        else:
            self.task._done.emit(pdf)


# rasterising -------------------------------------------------------------------------------

def page_images(pdf: bytes, dpi: float) -> list[QImage]:
    """Every page of `pdf` as an image at `dpi`."""
    images = []
    with _pdfium:
        document = pypdfium2.PdfDocument(pdf)
        try:
            for index in range(len(document)):
                page = document[index]
                bitmap = page.render(scale=dpi / 72, rev_byteorder=True, may_draw_forms=False)
                image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                               QImage.Format.Format_RGBX8888 if bitmap.n_channels == 4
                               else QImage.Format.Format_RGB888).copy()
                images.append(image)
                bitmap.close()
                page.close()
        finally:
            document.close()
    return images


def print_pdf(printer: QPrinter, pdf: bytes) -> None:
    """Paint every page of `pdf` on `printer`, rasterised at the printer's resolution."""
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    with _pdfium:
        document = pypdfium2.PdfDocument(pdf)
        sizes = [document.get_page_size(i) for i in range(len(document))]
        document.close()
    if sizes:
        width, height = sizes[0]
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4 if abs(width - 595.3) < 2
                                      else QPageSize.PageSizeId.Letter))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait if height >= width
                                   else QPageLayout.Orientation.Landscape)
    printer.setFullPage(True)  # the brief has its own printable margins
    painter = QPainter()
    if not painter.begin(printer):
        raise PlannerError("The printer could not be started; check that it is available.")
    try:
        for index, image in enumerate(_pages_one_by_one(pdf, dpi)):
            if index:
                printer.newPage()
            target = printer.paperRect(QPrinter.Unit.DevicePixel)
            painter.drawImage(target, image)
    finally:
        painter.end()


def _pages_one_by_one(pdf: bytes, dpi: float):
    """Pages rasterised one at a time, so a 600 dpi job holds one page in memory, not all."""
    with _pdfium:
        count = len(pypdfium2.PdfDocument(pdf))
    for index in range(count):
        with _pdfium:
            document = pypdfium2.PdfDocument(pdf)
            page = document[index]
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)
            image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                           QImage.Format.Format_RGBX8888 if bitmap.n_channels == 4
                           else QImage.Format.Format_RGB888).copy()
            bitmap.close()
            page.close()
            document.close()
        yield image


# the preview -------------------------------------------------------------------------------

class BriefPreviewDialog(QDialog):
    """The brief's pages, as they will print, with Print and Save as PDF at hand.

    Opens at a share of the screen (never taller than it), zooms (Ctrl++, Ctrl+-, Ctrl+0
    for the page width) and moves page by page (Page Up, Page Down, or the arrows).
    """

    ZOOMS = (0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0)

    def __init__(self, title: str, pdf: bytes, suggested_name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.pdf = pdf
        self.suggested_name = suggested_name
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.pages: list[QLabel] = []
        self.zoom = 1.0
        column = QWidget()
        layout = QVBoxLayout(column)
        layout.setSpacing(12)
        layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        ratio = self.devicePixelRatioF() or 1.0
        self._images = page_images(pdf, PREVIEW_DPI * ratio * max(self.ZOOMS))
        for number, _image in enumerate(self._images, 1):
            label = QLabel()
            label.setAccessibleName(self.tr("Page %n", "", number))
            # The page is paper: it stays white, whatever the palette.
            label.setStyleSheet("background: white; border: 1px solid #c8ccd0;")
            layout.addWidget(label)
            self.pages.append(label)
        self.scroll = QScrollArea()
        self.scroll.setWidget(column)
        self.scroll.setWidgetResizable(True)
        self.scroll.setBackgroundRole(QPalette.ColorRole.Dark)
        self.scroll.verticalScrollBar().valueChanged.connect(self._show_page_number)

        self.previous_button = QPushButton(self.tr("Previous Page"))
        self.next_button = QPushButton(self.tr("Next Page"))
        self.page_label = QLabel()
        self.zoom_out_button = QPushButton(self.tr("Zoom Out"))
        self.zoom_in_button = QPushButton(self.tr("Zoom In"))
        self.fit_button = QPushButton(self.tr("Fit Width"))
        self.zoom_label = QLabel()
        tools = QHBoxLayout()
        for widget in (self.previous_button, self.page_label, self.next_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        for widget in (self.zoom_out_button, self.zoom_label, self.zoom_in_button,
                       self.fit_button):
            tools.addWidget(widget)
        for button in (self.previous_button, self.next_button, self.zoom_out_button,
                       self.zoom_in_button, self.fit_button):
            button.setAutoDefault(False)
        self.previous_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.zoom_in_button.clicked.connect(lambda: self.step_zoom(1))
        self.zoom_out_button.clicked.connect(lambda: self.step_zoom(-1))
        self.fit_button.clicked.connect(self.fit_width)
        for keys, slot in ((QKeySequence.StandardKey.ZoomIn, lambda: self.step_zoom(1)),
                           (QKeySequence.StandardKey.ZoomOut, lambda: self.step_zoom(-1)),
                           ("Ctrl+0", self.fit_width),
                           (QKeySequence.StandardKey.MoveToPreviousPage,
                            lambda: self.go_to_page(self.current_page() - 1)),
                           (QKeySequence.StandardKey.MoveToNextPage,
                            lambda: self.go_to_page(self.current_page() + 1))):
            QShortcut(QKeySequence(keys), self, slot)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.print_button = QPushButton(self.tr("Print\u2026"))
        self.save_button = QPushButton(self.tr("Save as PDF\u2026"))
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.print_button.clicked.connect(lambda: ask_and_print(self, self.pdf))
        self.save_button.clicked.connect(
            lambda: ask_and_save(self, self.pdf, self.suggested_name))
        outer = QVBoxLayout(self)
        outer.addLayout(tools)
        outer.addWidget(self.scroll)
        outer.addWidget(buttons)
        self._fit_screen()

    def _fit_screen(self) -> None:
        """A page's width and most of the screen's height; never larger than the screen."""
        screen = self.screen().availableGeometry() if self.screen() else None
        page = self._images[0].size() if self._images else None
        scale = 1.0 / max(self.ZOOMS)
        width = round(page.width() * scale / (self.devicePixelRatioF() or 1.0)) + 80 \
            if page else 700
        height = 900
        if screen is not None:
            width = min(width, screen.width() * 9 // 10)
            height = screen.height() * 85 // 100
        self.resize(width, height)
        self.set_zoom(1.0)

    # zoom ------------------------------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(max(zoom, self.ZOOMS[0]), self.ZOOMS[-1])
        ratio = self.devicePixelRatioF() or 1.0
        factor = self.zoom / max(self.ZOOMS)
        for label, image in zip(self.pages, self._images, strict=True):
            pixmap = QPixmap.fromImage(image.scaled(
                round(image.width() * factor), round(image.height() * factor),
                Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
            pixmap.setDevicePixelRatio(ratio)
            label.setPixmap(pixmap)
        self.zoom_label.setText(f"{round(self.zoom * 100)}%")
        self.zoom_out_button.setEnabled(self.zoom > self.ZOOMS[0])
        self.zoom_in_button.setEnabled(self.zoom < self.ZOOMS[-1])
        self._show_page_number()

    def step_zoom(self, step: int) -> None:
        steps = [z for z in self.ZOOMS if (z > self.zoom + 1e-6 if step > 0
                                            else z < self.zoom - 1e-6)]
        if steps:
            self.set_zoom(steps[0] if step > 0 else steps[-1])

    def fit_width(self) -> None:
        if not self._images:
            return
        ratio = self.devicePixelRatioF() or 1.0
        natural = self._images[0].width() / max(self.ZOOMS) / ratio
        self.set_zoom((self.scroll.viewport().width() - 40) / natural)

    # pages -----------------------------------------------------------------------------------
    def current_page(self) -> int:
        """The page at the top of the view, counted from 0."""
        top = self.scroll.verticalScrollBar().value()
        starts = [label.y() for label in self.pages]
        return max((i for i, y in enumerate(starts) if y <= top + 20), default=0)

    def go_to_page(self, page: int) -> None:
        if not self.pages:
            return
        page = min(max(page, 0), len(self.pages) - 1)
        self.scroll.verticalScrollBar().setValue(self.pages[page].y() - 6)
        self._show_page_number()

    def _show_page_number(self, *args) -> None:
        count = len(self.pages)
        page = self.current_page()
        self.page_label.setText(self.tr("Page {0} of {1}").format(page + 1, count))
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < count - 1)


# asking the user ---------------------------------------------------------------------------

def ask_and_print(parent: QWidget | None, pdf: bytes) -> bool:
    """The system print dialog, then the brief at the printer's resolution."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(parent.tr("Print brief") if parent else "Print brief")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    try:
        print_pdf(printer, pdf)
    except PlannerError as error:
        _show_error(parent, str(error))
        return False
    return True


def ask_and_save(parent: QWidget | None, pdf: bytes, suggested_name: str) -> Path | None:
    title = parent.tr("Save brief as PDF") if parent else "Save brief as PDF"
    filters = parent.tr("PDF files (*.pdf)") if parent else "PDF files (*.pdf)"
    name, _filter = QFileDialog.getSaveFileName(parent, title, str(Path.home() / suggested_name),
                                                filters)
    if not name:
        return None
    path = Path(name)
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        briefs.save_pdf(path, pdf)
    except PlannerError as error:
        _show_error(parent, str(error))
        return None
    return path


def _show_error(parent: QWidget | None, message: str) -> None:
    QMessageBox.warning(parent, parent.tr("Brief") if parent else "Brief", message)


# what the main window calls ----------------------------------------------------------------

def _paper() -> Paper:
    return locale_paper()


def _partner_task(session: AppSession, partner_id: int, date: dt.date | None = None,
                  place: str | None = None) -> BriefTask:
    """The partner's brief printed today, for its next review unless `date`/`place` say
    otherwise: the same rule (and so the same page) as `planner brief`."""
    portfolio, paper, today = session.portfolio, _paper(), session.today()

    def make() -> bytes:  # on the worker thread
        content = briefs.partner_brief(portfolio.uow(), partner_id, today, date=date,
                                       place=place)
        task.suggested_name = _file_name(content.partner.name, content.date)
        return render_partner_brief(content, paper)

    task = BriefTask("partner brief", make)
    return task


def _portfolio_task(session: AppSession) -> BriefTask:
    portfolio, paper, today = session.portfolio, _paper(), session.today()

    def make() -> bytes:  # on the worker thread
        return render_portfolio_brief(briefs.portfolio_brief(portfolio.uow(), today), paper)

    task = BriefTask("portfolio brief", make)
    task.suggested_name = f"Portfolio brief {today.isoformat()}.pdf"
    return task


def _file_name(partner_name: str, date: dt.date) -> str:
    """A file name any file system takes: the partner's letters and digits, and the date."""
    safe = "".join(ch if ch.isalnum() or ch in " -_&" else " " for ch in partner_name)
    return f"Brief {' '.join(safe.split())} {date.isoformat()}.pdf"


def _when_ready(task: BriefTask, parent: QWidget | None, then: Callable[[bytes], object]):
    task.ready.connect(then)
    task.failed.connect(lambda message: _show_error(parent, message))
    return task.start()


def _preview(parent: QWidget | None, task: BriefTask, title: str) -> BriefTask:
    def show(pdf: bytes) -> None:
        task.dialog = BriefPreviewDialog(title, pdf, task.suggested_name, parent)
        task.dialog.show()

    return _when_ready(task, parent, show)


def _tr(parent: QWidget | None, text: str) -> str:
    return parent.tr(text) if parent is not None else text


def preview_partner_brief(parent: QWidget | None, session: AppSession, partner_id: int, *,
                          date: dt.date | None = None, place: str | None = None) -> BriefTask:
    """Render the partner's brief off the UI thread, then show it in a preview dialog.

    For the partner's next review, unless `date` or `place` name another meeting."""
    return _preview(parent, _partner_task(session, partner_id, date, place),
                    _tr(parent, "Brief preview"))


def preview_brief_for_meeting(parent: QWidget | None, session: AppSession,
                              partner_id: int) -> BriefTask | None:
    """Ask which meeting the brief is for (the next review, or a date and place), then
    preview it; None when the user cancels."""
    from planner.ui.brief_occasion import ask_occasion

    chosen = ask_occasion(parent, session, partner_id)
    if chosen is None:
        return None
    date, place = chosen
    return preview_partner_brief(parent, session, partner_id, date=date, place=place)


def print_partner_brief(parent: QWidget | None, session: AppSession,
                        partner_id: int) -> BriefTask:
    """Render the partner's brief, then the system print dialog, then print it."""
    task = _partner_task(session, partner_id)
    return _when_ready(task, parent, lambda pdf: ask_and_print(parent, pdf))


def save_partner_brief_pdf(parent: QWidget | None, session: AppSession,
                           partner_id: int) -> BriefTask:
    """Render the partner's brief, then ask where to save it as PDF."""
    task = _partner_task(session, partner_id)
    return _when_ready(task, parent, lambda pdf: ask_and_save(parent, pdf, task.suggested_name))


def preview_portfolio_brief(parent: QWidget | None, session: AppSession) -> BriefTask:
    """Render the portfolio brief off the UI thread, then show it in a preview dialog."""
    return _preview(parent, _portfolio_task(session), _tr(parent, "Portfolio brief preview"))


def save_portfolio_brief_pdf(parent: QWidget | None, session: AppSession) -> BriefTask:
    """Render the portfolio brief, then ask where to save it as PDF."""
    task = _portfolio_task(session)
    return _when_ready(task, parent, lambda pdf: ask_and_save(parent, pdf, task.suggested_name))


def print_portfolio_brief(parent: QWidget | None, session: AppSession) -> BriefTask:
    """Render the portfolio brief, then the system print dialog, then print it."""
    task = _portfolio_task(session)
    return _when_ready(task, parent, lambda pdf: ask_and_print(parent, pdf))
