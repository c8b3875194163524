"""The portfolio brief: every partner, attention first, one page for the sample."""

import io

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
