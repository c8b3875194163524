"""Right-to-left text that wraps keeps its lines in reading order.

Each line is put in visual order on its own after the logical text is wrapped; the text a
PDF reader extracts, line by line from the top, then reads as the text was written.
"""

import datetime as dt
import unicodedata

import pytest

from planner.brief import PAPERS, render_partner_brief
from planner.domain.brief_content import partner_brief_content
from planner.domain.model import (
    Area,
    Difference,
    Meeting,
    MeetingKind,
    Partner,
    PartnerRecord,
    Rating,
)
from planner.domain.stages import Stage
from planner.services.partners import template_checklist

from .conftest import pdf_text

TODAY = dt.date(2026, 6, 1)
HEBREW = ("שלום עולם זהו משפט ארוך בעברית שנועד לבדוק את סדר השורות כאשר הטקסט נשבר לכמה "
          "שורות בעמוד המודפס ויש לוודא שהשורה הראשונה מופיעה למעלה והשורה האחרונה למטה")
ARABIC = ("مرحبا بالعالم هذه جملة طويلة باللغة العربية لاختبار ترتيب الأسطر عندما ينكسر النص "
          "إلى عدة أسطر في الصفحة المطبوعة ويجب أن يظهر السطر الأول في الأعلى والأخير في الأسفل")


def words(text: str) -> list[str]:
    """The words of `text`, Arabic presentation forms folded back to letters."""
    return unicodedata.normalize("NFKC", text).split()


def rtl_lines(text: str, script: str) -> list[list[str]]:
    """The extracted lines that hold `script` letters, each as its words in that script."""
    letters = "\u0590-\u05ff" if script == "hebrew" else "\u0600-\u06ff"
    import re

    word = re.compile(f"[{letters}]+")
    out = []
    for line in unicodedata.normalize("NFKC", text).splitlines():
        found = word.findall(line)
        if len(found) >= 2:
            out.append(found)
    return out


def brief_text(**fields) -> str:
    partner = Partner("Rtl", Stage.BRIDGES, next_review=TODAY, **fields.get("partner", {}))
    record = PartnerRecord(partner, template_checklist(None), **fields.get("record", {}))
    return pdf_text(render_partner_brief(partner_brief_content(record, TODAY), PAPERS["a4"]))


@pytest.mark.parametrize("script, text", [("hebrew", HEBREW), ("arabic", ARABIC)])
def test_a_wrapped_paragraph_reads_top_to_bottom(script, text):
    extracted = brief_text(partner={"definition": text})
    lines = rtl_lines(extracted, script)
    assert len(lines) >= 2, "the paragraph wraps"
    assert [w for line in lines for w in line] == words(text)
    assert lines[0][:2] == words(text)[:2]  # the first words on the first line


@pytest.mark.parametrize("script, text", [("hebrew", HEBREW), ("arabic", ARABIC)])
def test_questions_notes_and_agenda_items_wrap_in_reading_order(script, text):
    difference = Difference(None, Area.CULTURE, "x", "y", Rating.HIGH, Rating.HIGH,
                            question=text, id=1)
    meeting = Meeting(None, TODAY - dt.timedelta(days=3), MeetingKind.CALL, decisions=text,
                      id=1)
    extracted = brief_text(record={"differences": (difference,), "meetings": (meeting,)})
    lines = rtl_lines(extracted, script)
    expected = words(text)
    # the question, the decision and the agenda item each start a run of lines that reads
    # the text from its first word on, in order (a cut text ends early, never out of order)
    starts = [i for i, line in enumerate(lines) if line[:2] == expected[:2]]
    assert len(starts) == 3, lines
    for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
        run = [w for line in lines[start:end] for w in line]
        assert end - start >= 2 and run == expected[:len(run)], run
