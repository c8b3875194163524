"""Table cells drawn with plain drawString calls: fast enough for a 2,000-row table.

A cell holds up to two lines, each cut to the column with an ellipsis. Text the body font
cannot draw (another script) goes through a Paragraph instead, which picks the fonts that
draw it and puts right-to-left text in reading order.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Paragraph

from planner.brief import fonts
from planner.brief.layout import Styles
from planner.brief.markup import markup

Line = tuple[str, str, float, object]  # text, font name, size, colour

LEADING = 1.22


@lru_cache(maxsize=8192)
def fit(text: str, font: str, size: float, width: float) -> str:
    """`text` on one line of `width`, shortened at a word with an ellipsis when it must be."""
    text = " ".join(text.split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    words = text.split(" ")
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words).rstrip(" ,;:.-") + "\u2026"
        if pdfmetrics.stringWidth(candidate, font, size) <= width:
            return candidate
    while len(text) > 1 and pdfmetrics.stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text + "\u2026"


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """Greedy word wrap with the font's real widths (the logical order of the text)."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if line and pdfmetrics.stringWidth(candidate, font, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines or [""]


def body_draws(text: str) -> bool:
    """True when the body font has every character of `text` (the fast path)."""
    return (text.isascii() and text.isprintable()) or set(text) <= fonts.body_characters()


class TwoLines(Flowable):
    """A main line over a muted second line (either may be empty), vertically centred.

    `tag` is a short bold label drawn before the main line (e.g. NOW), so status never
    depends on colour alone.
    """

    def __init__(self, main: Line, second: Line, width: float, styles: Styles,
                 tag: Line | None = None, indent_second: bool = False):
        super().__init__()
        self.main, self.second, self.tag = main, second, tag
        self.indent_second = indent_second
        self.styles = styles
        self.cell_width = width
        self.height = main[2] * LEADING + (second[2] * LEADING if second[0] else 0)

    def wrap(self, available_width, available_height):
        return self.cell_width, self.height

    def draw(self):
        c = self.canv
        text, font, size, colour = self.main
        x = 0.0
        top = self.height - size
        if self.tag:
            tag_text, tag_font, tag_size, tag_colour = self.tag
            c.setFillColor(tag_colour)
            c.setFont(tag_font, tag_size)
            c.drawString(0, top + (size - tag_size) / 2, tag_text)
            x = pdfmetrics.stringWidth(tag_text, tag_font, tag_size) + 3
        self._line(text, font, size, colour, x, top)
        if self.second[0]:
            text2, font2, size2, colour2 = self.second
            self._line(text2, font2, size2, colour2, x if self.indent_second else 0,
                       top - size * LEADING + (size - size2))

    def _line(self, text: str, font: str, size: float, colour, x: float, y: float) -> None:
        width = self.cell_width - x
        if body_draws(text) or font == fonts.register(fonts.SYMBOLS):
            self.canv.setFillColor(colour)
            self.canv.setFont(font, size)
            self.canv.drawString(x, y, fit(text, font, size, width))
            return
        # another script: cut the logical text first, then let markup order and font it
        shown = fit(text, font, size, width * 0.92)
        bold = font == fonts.face(fonts.BODY, bold=True)
        style = ParagraphStyle("cell_line", parent=self.styles.body, fontSize=size,
                               leading=size * LEADING, textColor=colour)
        body = markup(shown)
        paragraph = Paragraph(f"<b>{body}</b>" if bold else body, style)
        _w, h = paragraph.wrap(width, size * LEADING * 2)
        paragraph.drawOn(self.canv, x, y - (h - size * LEADING) - size * 0.22)
