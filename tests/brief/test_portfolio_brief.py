"""The portfolio brief: every partner, attention first, one page for the sample."""

import io
import re

import pytest
from pypdf import PdfReader

from planner.brief import PAPERS, render_portfolio_brief
from planner.services import briefs
from planner.services.partners import list_partners

from .conftest import ANCHOR, flat, page_count, pdf_text


def test_the_sample_portfolio_fits_on_one_page_attention_first(sample):
    content = briefs.portfolio_brief(sample.uow(), ANCHOR)
    pdf = render_portfolio_brief(content, PAPERS["a4"])
    assert page_count(pdf) == 1
    text = flat(pdf_text(pdf))
    table = text[text.index("The one thing that needs attention"):]
    names = [p.name for p in list_partners(sample.uow())]
    positions = {name: table.index(name) for name in names}
    ordered = [r.summary.partner.name for r in content.rows]
    assert sorted(names, key=positions.get) == ordered
    for row in content.rows:  # the one thing, and the count of the rest
        if row.first:
            assert flat(row.first.text) in table or flat(row.first.text)[:25] in table
            if len(row.reasons) > 1:
                assert f"+{len(row.reasons) - 1} more" in table
        else:
            assert "on track" in table
    assert f"{len(names)} partners" in text


def test_two_renders_are_byte_identical_and_every_font_embedded(sample):
    content = briefs.portfolio_brief(sample.uow(), ANCHOR)
    pdf = render_portfolio_brief(content, PAPERS["letter"])
    assert pdf == render_portfolio_brief(content, PAPERS["letter"])
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            assert "/FontFile2" in font.get_object()["/FontDescriptor"].get_object()


def test_an_empty_portfolio_still_gets_a_page(tmp_path):
    from planner.services.portfolio import open_portfolio

    with open_portfolio(tmp_path / "empty.sqlite", create=True) as portfolio:
        pdf = render_portfolio_brief(briefs.portfolio_brief(portfolio.uow(), ANCHOR),
                                     PAPERS["a4"])
    assert "no partners yet" in pdf_text(pdf)


def crowded_portfolio(count: int, today=ANCHOR):
    """`count` partners that all need attention, with every glance section full: the
    tallest page one a portfolio brief can have."""
    import datetime as dt

    from planner.domain.attention import PartnerSummary
    from planner.domain.checklist import Progress
    from planner.domain.health import Trend
    from planner.domain.model import Area, Difference, Partner, Rating
    from planner.domain.portfolio_brief import portfolio_brief_content
    from planner.domain.stages import STAGE_ORDER

    summaries, differences = [], []
    for i in range(count):
        partner = Partner(f"Partner {i:04d} Trading Ltd", STAGE_ORDER[i % 4],
                          organisation=f"Holding {i:04d} International Group plc",
                          owner="Alexandra Montgomery-Smythe",
                          next_review=today + dt.timedelta(days=(i % 40) - 5),
                          review_place="Their head office, a long street name, Manchester",
                          id=i + 1)
        summaries.append(PartnerSummary(partner, Progress(i % 9, 12), health=1 + (i % 5) * 0.9,
                                        health_theirs=3.1, trend=list(Trend)[i % 3],
                                        last_meeting=today - dt.timedelta(days=120),
                                        overdue_actions=i % 3, unmanaged_high_risk=1))
        differences.append(Difference(i + 1, Area.CONTRACT, likelihood=Rating.HIGH,
                                      impact=Rating.HIGH, id=i + 1))
    return portfolio_brief_content(summaries, today, value={1: (5000, 1000)},
                                   differences=differences, currency="GBP",
                                   prepared_by="Priya Raman (priya)")


def table_pages(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("count, pages", [(12, 1), (30, 2)])
def test_twelve_partners_fit_one_page_and_thirty_two(count, pages):
    content = crowded_portfolio(count)
    for paper in ("a4", "letter"):
        pdf = render_portfolio_brief(content, PAPERS[paper])
        assert page_count(pdf) == pages, paper
        text = flat(pdf_text(pdf))
        for row in content.rows:
            assert row.summary.partner.name in text
        for heading in ("PARTNERS BY STAGE", "HEALTH", "VALUE EXCHANGED", "NEEDS A DECISION NOW",
                        "TOP RISKS", "REVIEWS IN THE NEXT 30 DAYS"):
            assert heading in table_pages(pdf)[0], heading
        # a brief over more than one page numbers them "N of M"; a one-page brief needs none
        for number, page in enumerate(table_pages(pdf), 1):
            assert (f"page {number} of {pages}" in page) == (pages > 1), (paper, number)
            assert ("page 1" in page) == (pages > 1 and number == 1), (paper, number)


def test_two_thousand_partners_flow_with_headings_on_every_page_and_no_lone_rows():
    content = crowded_portfolio(2000)
    pdf = render_portfolio_brief(content, PAPERS["a4"])
    pages = table_pages(pdf)
    assert len(pages) > 30
    seen = []
    for number, page in enumerate(pages, 1):
        assert "The one thing that needs attention" in page, number  # headings repeated
        table = page[page.index("The one thing that needs attention"):]
        rows = re.findall(r"Partner (\d{4}) Trading", table)
        assert len(rows) >= 3, (number, len(rows))  # never a heading with a stray row or two
        seen += rows
        assert f"page {number} of {len(pages)}" in page
    assert seen == [r.summary.partner.name[8:12] for r in content.rows]  # each once, in order
    assert "printed" in pages[-1] and "Priya Raman (priya)" in pages[-1]
