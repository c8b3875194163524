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
    names = [p.name for p in list_partners(sample.uow())]
    positions = {name: text.index(name) for name in names}
    ordered = [r.summary.partner.name for r in content.rows]
    assert sorted(names, key=positions.get) == ordered
    for row in content.rows:
        for reason in row.reasons[:4]:  # the table shows a partner's four heaviest reasons
            assert flat(reason) in text
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
