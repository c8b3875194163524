"""Property-based: any text a user can store renders into a brief without a crash."""

import datetime as dt
import io

from hypothesis import HealthCheck as Health
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from planner.brief import paper_named, render_partner_brief, render_portfolio_brief
from planner.domain.errors import PlannerError
from planner.domain.model import (
    Action,
    Area,
    Difference,
    Meeting,
    Partner,
    Side,
    Stakeholder,
)
from planner.services import briefs, differences, meetings, partners, people
from tests.safety.conftest import Fresh
from tests.safety.test_properties import ORDINARY, TEXT

TODAY = dt.date(2026, 6, 1)


def stored(call):
    """A service call's result, or None when it refused the text (that is allowed)."""
    try:
        return call()
    except PlannerError:
        return None


@settings(max_examples=25, deadline=None,
          suppress_health_check=[Health.function_scoped_fixture, Health.too_slow])
@given(text=st.lists(TEXT, min_size=12, max_size=12), paper=st.sampled_from(["a4", "letter"]))
def test_any_stored_text_renders_into_partner_and_portfolio_briefs(empty_template, text, paper):
    t = iter(text)
    with Fresh(empty_template) as portfolio:
        uow = portfolio.uow
        partner = stored(lambda: partners.add_partner(uow(), Partner(
            name=next(t) or "x", definition=next(t), unique_result=next(t), notes=next(t),
            next_review=TODAY + dt.timedelta(days=7))))
        if partner is None:
            partner = partners.add_partner(uow(), Partner(name="Fallback"))
        pid = partner.id
        ours = stored(lambda: people.add_stakeholder(uow(), Stakeholder(
            pid, next(t) or "y", Side.OURS, role=next(t))))
        stored(lambda: differences.record_difference(uow(), Difference(
            pid, Area.POLITICS, next(t), next(t), question=next(t))))
        meeting = stored(lambda: meetings.record_meeting(uow(), Meeting(
            pid, TODAY - dt.timedelta(days=3), notes=next(t),
            attendee_ids=(ours.id,) if ours else ())))
        stored(lambda: meetings.add_action(uow(), Action(
            pid, next(t) or "z", owner=next(t), meeting_id=meeting.id if meeting else None)))
        content = briefs.partner_brief(uow(), pid, TODAY)
        one = render_partner_brief(content, paper_named(paper))
        overview = render_portfolio_brief(briefs.portfolio_brief(uow(), TODAY),
                                          paper_named(paper))
    for pdf in (one, overview):
        assert pdf.startswith(b"%PDF")
        assert len(PdfReader(io.BytesIO(pdf)).pages) >= 1


ASCII_WORD = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E,
                                   exclude_characters="<>&"), min_size=1, max_size=10)


@settings(max_examples=8, deadline=None,
          suppress_health_check=[Health.function_scoped_fixture, Health.too_slow])
@given(name=st.lists(ASCII_WORD, min_size=1, max_size=3).map(" ".join), text=st.lists(
    ORDINARY, min_size=6, max_size=6), paper=st.sampled_from(["a4", "letter"]))
def test_ordinary_stored_text_is_never_refused_and_the_name_is_on_the_brief(
        empty_template, name, text, paper):
    t = iter(text)
    with Fresh(empty_template) as portfolio:
        uow = portfolio.uow
        pid = partners.add_partner(uow(), Partner(
            name=name, definition=next(t), notes=next(t),
            next_review=TODAY + dt.timedelta(days=7))).id
        ours = people.add_stakeholder(uow(), Stakeholder(pid, next(t), Side.OURS))
        differences.record_difference(uow(), Difference(pid, Area.POLITICS, next(t)))
        meeting = meetings.record_meeting(uow(), Meeting(
            pid, TODAY - dt.timedelta(days=3), attendee_ids=(ours.id,)))
        meetings.add_action(uow(), Action(pid, next(t), owner=next(t), meeting_id=meeting.id))
        one = render_partner_brief(briefs.partner_brief(uow(), pid, TODAY), paper_named(paper))
    words = "".join(PdfReader(io.BytesIO(one)).pages[0].extract_text().split())
    assert "".join(name.split()) in words
