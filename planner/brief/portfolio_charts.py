"""The portfolio at a glance, drawn: partners by stage as a track, health as a split bar.

Legible in black and white: every segment carries its count and its name, not only a colour.
"""

from __future__ import annotations

from reportlab.graphics.shapes import Drawing, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from planner.brief import fonts
from planner.brief.layout import ACCENT, ACCENT_TINT, ALERT, GOOD, INK, MUTED, RULE, WARN
from planner.domain.portfolio_brief import HealthBand
from planner.domain.stages import STAGE_ORDER, Stage

BAND_COLOURS = {HealthBand.GOOD: GOOD, HealthBand.FAIR: WARN, HealthBand.POOR: ALERT,
                HealthBand.UNCHECKED: RULE}


def stage_funnel(by_stage: dict[Stage, int], width: float) -> Drawing:
    """Four chevrons left to right, one per stage, each with its number of partners; the
    stage's name and its share of the portfolio beneath."""
    regular, bold, _ = fonts.body_fonts()
    height = 46
    d = Drawing(width, height, initialFontName=regular)  # never a stray Helvetica
    total = sum(by_stage.values()) or 1
    step = width / len(STAGE_ORDER)
    tip = 6
    top, bottom = 45, 23
    middle = (top + bottom) / 2
    for i, stage in enumerate(STAGE_ORDER):
        x = i * step
        count = by_stage.get(stage, 0)
        notch = tip if i else 0
        last = i == len(STAGE_ORDER) - 1
        right = x + step - (0 if last else 1.5)
        points = [x, bottom, right, bottom, right + (0 if last else tip), middle, right, top,
                  x, top, x + notch, middle]
        d.add(Polygon(points, fillColor=ACCENT if count else ACCENT_TINT,
                      strokeColor=colors.white, strokeWidth=1.2))
        centre = x + step / 2 + (notch / 2)
        d.add(String(centre, middle - 4, str(count), fontName=bold, fontSize=11,
                     fillColor=colors.white if count else MUTED, textAnchor="middle"))
        d.add(String(centre, 12, stage.title, fontName=bold if count else regular,
                     fontSize=6.4, fillColor=INK if count else MUTED, textAnchor="middle"))
        d.add(String(centre, 3, f"{round(count / total * 100)}%", fontName=regular,
                     fontSize=6.0, fillColor=MUTED, textAnchor="middle"))
    return d


def health_bar(bands: dict[str, int], width: float) -> Drawing:
    """One bar split good | fair | poor | no check, each segment with its count beneath."""
    regular, bold, _ = fonts.body_fonts()
    height = 30
    d = Drawing(width, height, initialFontName=regular)  # never a stray Helvetica
    total = sum(bands.values())
    if not total:
        d.add(Rect(0, 16, width, 9, strokeWidth=0.5, strokeColor=RULE, fillColor=None))
        return d
    x = 0.0
    for band in HealthBand.ORDER:
        count = bands.get(band, 0)
        if not count:
            continue
        w = width * count / total
        d.add(Rect(x, 16, w, 9, strokeWidth=0.8, strokeColor=colors.white,
                   fillColor=BAND_COLOURS[band]))
        if w >= 14:
            d.add(String(x + w / 2, 18.4, str(count), fontName=bold, fontSize=6.5,
                         fillColor=INK if band == HealthBand.UNCHECKED else colors.white,
                         textAnchor="middle"))
        x += w
    # the legend beneath, one entry per band with its colour and count, black-and-white safe
    x = 0.0
    for band in HealthBand.ORDER:
        label = f"{bands.get(band, 0)} {band}"
        d.add(Rect(x, 4, 6, 6, strokeWidth=0, fillColor=BAND_COLOURS[band]))
        d.add(String(x + 8, 4.6, label, fontName=regular, fontSize=6.2, fillColor=INK))
        x += 14 + stringWidth(label, regular, 6.2)
    return d
