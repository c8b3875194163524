"""Small charts drawn with reportlab.graphics: the stage track, the health trend, the balance.

Each is a Drawing sized to its column, legible at arm's length in black and white too (our
line is solid, theirs dashed; the current stage is filled, not only coloured).
"""

from __future__ import annotations

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.pdfbase.pdfmetrics import stringWidth

from planner.brief import fonts
from planner.brief.amounts import amount, compact
from planner.brief.layout import ACCENT, ACCENT_TINT, FAINT, INK, MUTED, RULE, THEIRS, TINT
from planner.domain.brief_content import HealthNow
from planner.domain.checklist import Progress
from planner.domain.stages import STAGE_ORDER, Stage
from planner.domain.value import Balance


def stage_track(current: Stage, progress: dict[Stage, Progress], width: float) -> Drawing:
    """Four stages left to right; each with its checklist progress; the current one filled."""
    regular, bold, _ = fonts.body_fonts()
    height = 40
    d = Drawing(width, height, initialFontName=regular)  # never a stray Helvetica
    step = width / len(STAGE_ORDER)
    for i, stage in enumerate(STAGE_ORDER):
        x = i * step
        is_current = stage is current
        past = stage.order < current.order
        box = Rect(x + 1, 18, step - 3, 12, rx=2, ry=2, strokeWidth=0.6,
                   strokeColor=ACCENT if (is_current or past) else RULE,
                   fillColor=ACCENT if is_current else (ACCENT_TINT if past else None))
        d.add(box)
        d.add(String(x + step / 2 - 1, 21.3, stage.title, fontName=bold if is_current else regular,
                     fontSize=6.2, fillColor="white" if is_current else (
                         ACCENT if past else MUTED), textAnchor="middle"))
        p = progress.get(stage, Progress(0, 0))
        bar_w = step - 3
        d.add(Rect(x + 1, 10, bar_w, 3, strokeWidth=0, fillColor=TINT))
        if p.total:
            d.add(Rect(x + 1, 10, bar_w * p.fraction, 3, strokeWidth=0,
                       fillColor=ACCENT if (is_current or past) else FAINT))
        label = f"{p.done}/{p.total} done" if p.total else "no items"
        d.add(String(x + 1, 1.5, label, fontName=regular, fontSize=6.2,
                     fillColor=INK if is_current else MUTED))
    return d


def health_chart(now: HealthNow, width: float) -> Drawing:
    """Overall health per check on a 1-5 scale: ours solid, theirs dashed, latest labelled."""
    regular, bold, _ = fonts.body_fonts()
    height = 40
    d = Drawing(width, height, initialFontName=regular)  # never a stray Helvetica
    left, right, bottom, top = 10, 20, 6, height - 4
    span = max(1, len(now.points) - 1)

    def x(i: int) -> float:
        return left + (width - left - right) * (i / span if len(now.points) > 1 else 0.5)

    def y(v: float) -> float:
        return bottom + (top - bottom) * (v - 1) / 4

    for level in (1, 3, 5):
        d.add(Line(left, y(level), width - right, y(level), strokeColor=RULE,
                   strokeWidth=0.4 if level != 3 else 0.3,
                   strokeDashArray=None if level != 3 else [1, 2]))
        d.add(String(0, y(level) - 2, str(level), fontName=regular, fontSize=5.5,
                     fillColor=FAINT))
    last = now.points[-1]
    label_y = {attr: y(getattr(last, attr)) for attr in ("ours", "theirs")
               if getattr(last, attr) is not None}
    if len(label_y) == 2 and abs(label_y["ours"] - label_y["theirs"]) < 7:
        # close scores: push the two labels apart, ours above, so neither hides the other
        middle = (label_y["ours"] + label_y["theirs"]) / 2
        above = label_y["ours"] >= label_y["theirs"]
        label_y["ours"] = middle + (3.5 if above else -3.5)
        label_y["theirs"] = middle - (3.5 if above else -3.5)
    for attr, colour, dash in (("theirs", THEIRS, [2, 1.5]), ("ours", ACCENT, None)):
        points = [(x(i), y(getattr(p, attr))) for i, p in enumerate(now.points)
                  if getattr(p, attr) is not None]
        if len(points) > 1:
            d.add(PolyLine([c for xy in points for c in xy], strokeColor=colour,
                           strokeWidth=1.3 if attr == "ours" else 1.0,
                           strokeDashArray=dash))
        for px, py in points:
            d.add(Circle(px, py, 1.6 if attr == "ours" else 1.2, fillColor=colour,
                         strokeColor=colour, strokeWidth=0))
        if attr in label_y:
            d.add(String(x(len(now.points) - 1) + 4, label_y[attr] - 2.2,
                         f"{getattr(last, attr):.1f}", fontName=bold, fontSize=6.5,
                         fillColor=colour))
    return d


def balance_bar(value: Balance, width: float, currency: str = "") -> Drawing:
    """What each side gives, as one bar split ours | theirs, with the figures (and their
    currency) beneath; the tick marks the even split."""
    regular, bold, _ = fonts.body_fonts()
    height = 24
    d = Drawing(width, height, initialFontName=regular)  # never a stray Helvetica
    if value.total == 0:
        d.add(Rect(0, 12, width, 7, strokeWidth=0.5, strokeColor=RULE, fillColor=None))
        return d
    ours_w = width * value.our_share
    d.add(Rect(0, 12, ours_w, 7, strokeWidth=0, fillColor=ACCENT))
    d.add(Rect(ours_w, 12, width - ours_w, 7, strokeWidth=0, fillColor=THEIRS))
    d.add(Line(width / 2, 10, width / 2, 21, strokeColor=INK, strokeWidth=0.6))
    ours = f"We give {amount(value.ours, currency)}"
    theirs = f"They give {amount(value.theirs, currency)}"
    if stringWidth(ours + theirs, bold, 6.5) > width - 8:  # too long side by side: shorten
        ours = f"We give {compact(value.ours, currency)}"
        theirs = f"They give {compact(value.theirs, currency)}"
    d.add(String(0, 2, ours, fontName=bold, fontSize=6.5, fillColor=ACCENT))
    d.add(String(width, 2, theirs, fontName=bold, fontSize=6.5, fillColor=THEIRS,
                 textAnchor="end"))
    return d
