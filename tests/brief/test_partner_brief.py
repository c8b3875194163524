"""The partner brief as a reader gets it: the text in the PDF, its pages, fonts and bytes."""

import dataclasses
import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from planner.brief import PAPERS, render_partner_brief
from planner.domain.brief_content import partner_brief_content
from planner.domain.model import Stakeholder
from planner.services import briefs
from planner.services.partners import list_partners

from .conftest import ANCHOR, flat, huge_record, page_count, pdf_text

A4 = PAPERS["a4"]


def brief_for(portfolio, partner):
    content = briefs.partner_brief(portfolio.uow(), partner.id, ANCHOR)
    return content, render_partner_brief(content, A4)


def test_every_sample_partner_fits_on_one_page_and_says_what_matters(sample):
    partners = list_partners(sample.uow())
    assert len(partners) == 8
    for partner in partners:
        content, pdf = brief_for(sample, partner)
        assert page_count(pdf) == 1, partner.name
        text = flat(pdf_text(pdf))
        assert "page 1" not in text  # one page: no page number in the footer
        assert partner.name in text
        assert f"{partner.stage.title} stage" in text
        for d in content.differences:
            if d.high:
                assert flat(d.question) in text, (partner.name, d.question)
        for o in content.actions:
            if o.overdue:
                assert flat(o.action.text) in text
                days = o.days_overdue
                assert f"overdue {days} day{'s' if days != 1 else ''}" in text
        if content.overdue:
            assert f"{content.overdue} overdue today" in text
        assert "PROPOSED AGENDA" in text
        for item in content.agenda:
            assert flat(item.text)[:60] in text, item.text


def test_letter_paper_also_fits_on_one_page(sample):
    for partner in list_partners(sample.uow()):
        pdf = render_partner_brief(briefs.partner_brief(sample.uow(), partner.id, ANCHOR),
                                   PAPERS["letter"])
        assert page_count(pdf) == 1, partner.name
        width, height = PdfReader(io.BytesIO(pdf)).pages[0].mediabox[2:]
        assert (round(float(width)), round(float(height))) == (612, 792)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_huge_partner_never_runs_past_two_pages(paper):
    content = partner_brief_content(huge_record(), ANCHOR)
    pdf = render_partner_brief(content, PAPERS[paper])
    assert page_count(pdf) <= 2
    text = flat(pdf_text(pdf))
    pages = page_count(pdf)
    if pages > 1:  # its footer says which page of how many
        for number in range(1, pages + 1):
            assert f"page {number} of {pages}" in text
    assert "+196 more open differences" in text
    assert "more open actions" in text


def test_two_renders_are_byte_identical(sample):
    partner = list_partners(sample.uow())[0]
    assert brief_for(sample, partner)[1] == brief_for(sample, partner)[1]


NAMES = {
    "chinese": "北京数据科技有限公司",
    "russian": "Газпром Нефть",
    "markup": '<b>R&D</b> "Alpha"',
    "arabic": "شركة النور للتقنية",
    "hebrew": "חברת אלפא",
}


def unjoined(text: str) -> str:
    """Extracted text with Arabic presentation forms (joined letters) back to plain letters."""
    return unicodedata.normalize("NFKC", text)


@pytest.mark.parametrize("script", NAMES)
def test_names_in_any_script_survive_into_the_text(script):
    name = NAMES[script]
    record = huge_record(name, differences=3, meetings=5, stakeholders=6)
    people = tuple(dataclasses.replace(s, name=f"{name} {i}") for i, s in
                   enumerate(record.stakeholders))
    record = dataclasses.replace(record, stakeholders=people)
    pdf = render_partner_brief(partner_brief_content(record, ANCHOR), A4)
    text = pdf_text(pdf)
    if script in ("arabic", "hebrew"):
        # pypdf gives right-to-left runs back in logical order: the name reads as typed
        assert name in unjoined(text), text[:400]
    else:
        assert name in text


def test_a_character_no_font_has_prints_as_a_placeholder():
    record = huge_record("Tagged \U000e0041 Partner", differences=1, meetings=1, stakeholders=2)
    text = pdf_text(render_partner_brief(partner_brief_content(record, ANCHOR), A4))
    assert "Tagged \ufffd Partner" in text


def test_every_font_is_embedded(sample):
    record = huge_record(NAMES["chinese"] + NAMES["arabic"] + NAMES["hebrew"], differences=2,
                         meetings=2, stakeholders=4)
    people = record.stakeholders + (Stakeholder(None, "→ ★ Ελλάδα", id=999),)
    record = dataclasses.replace(record, stakeholders=people)
    pdf = render_partner_brief(partner_brief_content(record, ANCHOR), A4)
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert len(fonts) >= 4
    for name, font in fonts.items():
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
        assert re.match(r"^/?[A-Z]{6}\+", str(name)), f"{name} is not a subset"


def test_no_sample_brief_says_a_word_twice(sample):
    """"We: We pilot..." and "Datastrom / Datastrom GmbH": a word only once in a row."""
    import re

    from planner.brief import render_portfolio_brief

    twice = re.compile(r"\b([^\W\d_]+)(?:[\s:]+)\1\b", re.IGNORECASE)
    pages = [flat(pdf_text(brief_for(sample, p)[1])) for p in list_partners(sample.uow())]
    pages.append(flat(pdf_text(render_portfolio_brief(briefs.portfolio_brief(sample.uow(),
                                                                            ANCHOR), A4))))
    for page in pages:
        assert [m.group(0) for m in twice.finditer(page)] == [], page[:60]


def test_a_label_is_left_out_when_the_text_starts_with_it():
    from planner.brief.markup import labelled

    assert labelled("We", "We pilot first, then scale") == "We pilot first, then scale"
    assert labelled("They", "they decide by committee") == "they decide by committee"
    assert labelled("We", "Pilot first") == "We: Pilot first"
    assert labelled("We", "  ") == ""
