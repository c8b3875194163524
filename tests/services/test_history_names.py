"""The history names the people a change points at as stored now, and a person removed since
as the history last named them, instead of failing to show the partner's history."""

from planner.domain.model import Level, Side, Stakeholder, Tie
from planner.services.history import partner_history
from planner.services.people import add_stakeholder, add_tie, remove_stakeholder


def test_a_tie_to_someone_removed_since_is_named_as_the_history_last_named_them(portfolio,
                                                                               acme):
    ann = add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Ann Ours", Side.OURS,
                                                       Level.EXECUTIVE))
    bo = add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Bo Theirs", Side.THEIRS,
                                                      Level.EXECUTIVE))
    add_tie(portfolio.uow(), Tie(acme.id, ann.id, bo.id))
    remove_stakeholder(portfolio.uow(), bo.id)
    entries = partner_history(portfolio.uow(), acme.id)
    words = " ".join(e.summary + " " + " ".join(str(f) for f in e.fields) for e in entries)
    assert "Bo Theirs" in words and "Ann Ours" in words
