"""How wide a list's texts are, for sizing its short columns: each text's advance measured
once and kept, and the dates of a list measured once for all of them.

A big partner's meeting log has 500 dates, each a different text; measuring each one (Qt
shapes the text to measure it) was a tenth of showing the tab the first time. In most fonts
the digits are all as wide as each other, with nothing between them to bring two closer
(tabular figures), and then every date written YYYY-MM-DD is as wide as any other: a text of
digits and hyphens is measured as its shape, its digits all read as 0. Whether that holds is
checked once per font, by measuring every pair of digits and every digit beside a hyphen;
where it does not (a font with proportional figures), each text is measured as it is.
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics

DIGITS = "0123456789"
_ZEROS = str.maketrans(DIGITS, "0" * len(DIGITS))
_ALIKE: dict[str, bool] = {}  # by font: every digit as wide, beside each other or a hyphen


def digits_alike(metrics: QFontMetrics, font_key: str) -> bool:
    """True when any two texts of digits and hyphens that differ only in their digits are
    as wide in this font (every pair of digits, and every digit beside a hyphen, measures
    the same)."""
    alike = _ALIKE.get(font_key)
    if alike is None:
        width = metrics.horizontalAdvance
        pair = width("00")
        alike = _ALIKE[font_key] = (
            all(width(a + b) == pair for a in DIGITS for b in DIGITS)
            and len({width(d + "-") for d in DIGITS}) == 1
            and len({width("-" + d) for d in DIGITS}) == 1)
    return alike


class Advances:
    """Texts' advances (of their widest line), kept per kind of cell (plain or bold)."""

    KEPT = 8192  # at most (dates, names, kinds recur from partner to partner)

    def __init__(self):
        self._kept: dict[tuple[bool, str], int] = {}

    def forget(self) -> None:
        """The font or style changed: texts measure differently now."""
        self._kept.clear()

    def of(self, text: str, metrics: QFontMetrics, font_key: str, strong: bool) -> int:
        kept = self._kept
        found = kept.get((strong, text))
        if found is None:
            shape = text
            if text.replace("-", "").isdecimal() and text.isascii() and digits_alike(
                    metrics, font_key):
                shape = text.translate(_ZEROS)  # as wide as any text of its shape
                found = kept.get((strong, shape))
            if found is None:
                found = max(metrics.horizontalAdvance(line) for line in shape.split("\n"))
            if len(kept) >= self.KEPT:
                kept.clear()
            kept[(strong, text)] = kept[(strong, shape)] = found
        return found
