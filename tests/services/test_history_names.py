"""The history names the people a change points at as stored now, and a person removed since
as the history last named them (by name: a name emptied outside the app does not count),
instead of failing to show the partner's history."""

from sqlalchemy import text

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


def test_a_name_emptied_outside_the_app_does_not_replace_the_last_words(portfolio, acme):
    ann = add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Ann Ours", Side.OURS,
                                                       Level.EXECUTIVE))
    bo = add_stakeholder(portfolio.uow(), Stakeholder(acme.id, "Bo Theirs", Side.THEIRS,
                                                      Level.EXECUTIVE))
    add_tie(portfolio.uow(), Tie(acme.id, ann.id, bo.id))
    uow = portfolio.uow()
    with uow:  # someone's script blanks the name, then Bo is removed, tie and all
        uow.session.execute(text("UPDATE stakeholders SET name = '' WHERE id = :id"),
                            {"id": bo.id})
        uow.commit()
    remove_stakeholder(portfolio.uow(), bo.id)
    tied = next(e for e in partner_history(portfolio.uow(), acme.id)
                if e.summary.startswith("Added tie"))
    assert "Bo Theirs" in [f.new for f in tied.fields]
