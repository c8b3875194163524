"""The look every brief shares: palette, type scale, section titles and the page itself.

One family (Noto Sans), four sizes, one accent colour; greys for what is secondary, red and
amber only for what needs attention. Reproducible: invariant mode keeps timestamps and random
ids out of the file, so the same input gives the same bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from planner.brief import fonts
from planner.brief.paper import Paper

INK = colors.HexColor("#1b2430")
MUTED = colors.HexColor("#5d6a78")
FAINT = colors.HexColor("#9aa5b1")
RULE = colors.HexColor("#d4dae0")
TINT = colors.HexColor("#f1f4f6")
ACCENT = colors.HexColor("#0d5c70")
ACCENT_TINT = colors.HexColor("#e3eff2")
THEIRS = colors.HexColor("#c0762a")
ALERT = colors.HexColor("#b3261e")
ALERT_TINT = colors.HexColor("#fbeceb")
WARN = colors.HexColor("#a86400")
GOOD = colors.HexColor("#2f7d4f")

GAP = 14.0  # between columns


class Styles:
    """The paragraph styles of a brief, built once the fonts are registered."""

    def __init__(self) -> None:
        regular, bold, _italic = fonts.body_fonts()
        family = fonts.BODY.name
        self.title = ParagraphStyle("title", fontName=bold, fontSize=17, leading=20,
                                    textColor=INK)
        self.kicker = ParagraphStyle("kicker", fontName=bold, fontSize=6.8, leading=8,
                                     textColor=ACCENT)
        self.subtitle = ParagraphStyle("subtitle", fontName=family, fontSize=8.5, leading=11,
                                       textColor=MUTED)
        self.when = ParagraphStyle("when", fontName=bold, fontSize=11, leading=13,
                                   textColor=INK, alignment=TA_RIGHT)
        self.where = ParagraphStyle("where", fontName=family, fontSize=8, leading=10,
                                    textColor=MUTED, alignment=TA_RIGHT)
        self.section = ParagraphStyle("section", fontName=bold, fontSize=7, leading=9,
                                      textColor=ACCENT, spaceBefore=0, spaceAfter=0)
        self.body = ParagraphStyle("body", fontName=family, fontSize=7.8, leading=9.8,
                                   textColor=INK)
        self.small = ParagraphStyle("small", parent=self.body, fontSize=6.8, leading=8.4,
                                    textColor=MUTED)
        self.item = ParagraphStyle("item", parent=self.body, leftIndent=8, firstLineIndent=-8,
                                   spaceAfter=2.2)
        self.agenda = ParagraphStyle("agenda", parent=self.body, fontSize=8.2, leading=10.4,
                                     leftIndent=13, firstLineIndent=-13, spaceAfter=2.4)
        self.warning = ParagraphStyle("warning", parent=self.body, textColor=ALERT)
        self.cell = ParagraphStyle("cell", parent=self.body, fontSize=7.4, leading=9.0)
        self.cell_small = ParagraphStyle("cell_small", parent=self.cell, fontSize=6.6,
                                         leading=8.0, textColor=MUTED)
        self.cell_alert = ParagraphStyle("cell_alert", parent=self.cell, fontSize=6.8,
                                         leading=8.2, textColor=ALERT)
        self.footer = ParagraphStyle("footer", fontName=family, fontSize=6.5, leading=8,
                                     textColor=FAINT)


def section(title: str, styles: Styles, width: float, note: str = "") -> Table:
    """A section title: small capitals in the accent colour over a hairline."""
    text = title.upper()
    if note:
        text += f'  <font color="{MUTED.hexval()}" name="{fonts.BODY.name}">{note}</font>'
    table = Table([[Paragraph(text, styles.section)]], colWidths=[width])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), fonts.BODY.name, 8),  # not the Helvetica default
        ("LINEBELOW", (0, 0), (-1, -1), 0.6, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def columns(cells: Sequence[list[Flowable]], widths: Sequence[float]) -> Table:
    """Blocks side by side, top-aligned, separated by a gutter."""
    table = Table([list(cells)], colWidths=list(widths))
    style = [
        ("FONT", (0, 0), (-1, -1), fonts.BODY.name, 8),  # not the Helvetica default
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), GAP),
        ("RIGHTPADDING", (-1, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
    table.setStyle(TableStyle(style))
    return table


def split_width(total: float, *fractions: float) -> list[float]:
    """Column widths that add up to `total`, each owning its share of the gutters."""
    return [total * f for f in fractions]


class RuledNotes(Flowable):
    """A titled, ruled space for handwritten notes, filling what is left of the page.

    It takes whatever height remains (at least `minimum_lines`), so a typical brief ends in
    a generous notes area and a full one still gets a few lines rather than a second page.
    """

    LINE = 17.0  # a comfortable handwriting line
    TITLE = 13.0

    def __init__(self, styles: Styles, title: str = "NOTES", minimum_lines: int = 2):
        super().__init__()
        self.styles = styles
        self.title = title
        self.minimum = minimum_lines * self.LINE + self.TITLE

    def wrap(self, available_width, available_height):
        self.width = available_width
        # A brief full to the last line leaves no notes area rather than a second page that
        # holds nothing but lines.
        self.height = available_height - 1 if available_height - 1 >= self.minimum else 0
        return self.width, self.height

    def draw(self):
        if not self.height:
            return
        c = self.canv
        top = self.height
        c.setFont(self.styles.section.fontName, self.styles.section.fontSize)
        c.setFillColor(ACCENT)
        c.drawString(0, top - 7, self.title)
        c.setStrokeColor(ACCENT)
        c.setLineWidth(0.6)
        c.line(0, top - self.TITLE + 2, self.width, top - self.TITLE + 2)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        y = top - self.TITLE - self.LINE
        while y >= 0:
            c.line(0, y, self.width, y)
            y -= self.LINE


def page_footer(footer: str, page: int, pages: int) -> str:
    """The footer's line, with "page N of M" when the brief runs over more than one page
    (a one-page brief needs no number; "page 2" alone would not say whether a page is
    missing)."""
    return f"{footer} \u00b7 page {page} of {pages}" if pages > 1 else footer


def _footed_canvas(draw_footer):
    """A canvas that holds its pages back until the last one is laid out, then draws each
    page's footer knowing how many pages there are (one layout pass, not two)."""

    class FootedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._held: list[dict] = []

        def showPage(self):  # noqa: N802
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            pages = len(self._held)
            for state in self._held:
                self.__dict__.update(state)
                draw_footer(self, self.getPageNumber(), pages)
                super().showPage()
            super().save()

    return FootedCanvas


def build(story: list[Flowable], paper: Paper, *, title: str, footer: str,
          styles: Styles, landscape: bool = False) -> bytes:
    """Lay out `story` on `paper` and return the PDF's bytes (the same bytes every time).

    `footer` is set at the foot of every page, with the page's number of all the pages when
    there is more than one."""
    width, height = paper.size
    if landscape:
        width, height = height, width
    buffer = io.BytesIO()
    margin = paper.margin
    frame = Frame(margin, margin + 12, width - 2 * margin, height - 2 * margin - 12,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id="body")

    def draw_footer(canvas, page: int, pages: int) -> None:
        canvas.saveState()
        text = Paragraph(page_footer(footer, page, pages), styles.footer)
        _w, h = text.wrap(width - 2 * margin, 20)
        text.drawOn(canvas, margin, margin - h + 6)
        canvas.restoreState()

    document = BaseDocTemplate(
        buffer, pagesize=(width, height), leftMargin=margin, rightMargin=margin,
        topMargin=margin, bottomMargin=margin, title=title, author="Partner Planner",
        creator="Partner Planner", producer="Partner Planner", subject="", keywords="",
        invariant=1, pageCompression=1,
        # the canvas starts in this font: Helvetica would be named in the file, not embedded
        initialFontName=styles.body.fontName,
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    document.build(story, canvasmaker=_footed_canvas(draw_footer))
    return buffer.getvalue()


def frame_width(paper: Paper, landscape: bool = False) -> float:
    width, height = paper.size
    return (height if landscape else width) - 2 * paper.margin
