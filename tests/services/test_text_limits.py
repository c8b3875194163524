"""The editor keeps every text to the limit of the interchange format, so whatever was saved
can be exported and imported back (a 60-character phone number could be saved, then its
export was refused on import)."""

import json

import pytest

from planner.domain.errors import PlannerError
from planner.domain.model import Action, ChecklistItem, Side, Stakeholder, ValueExchange
from planner.domain.stages import Stage
from planner.services import checklist, editing, meetings, people, portfolio_io, value

LIMITED = {
    # (schema definition, property): (the editor's limit, how to store a text of that length)
    ("stakeholder", "phone"): (editing.MAX_PHONE, lambda uow, pid, text: people.add_stakeholder(
        uow, Stakeholder(pid, "Ann", Side.OURS, phone=text))),
    ("checklistItem", "text"): (500, lambda uow, pid, text:
                                checklist.add_item(uow, ChecklistItem(pid, Stage.BRIDGES, text))),
    ("action", "text"): (editing.MAX_ACTION_TEXT, lambda uow, pid, text: meetings.add_action(
        uow, Action(pid, text))),
    ("valueExchange", "what"): (editing.MAX_VALUE_WHAT, lambda uow, pid, text:
                                value.record_exchange(uow, ValueExchange(pid, Side.OURS, text))),
}


@pytest.mark.parametrize("where", list(LIMITED), ids=lambda w: ".".join(w))
def test_the_editor_limit_is_the_interchange_formats(where):
    definition, prop = where
    limit, _store = LIMITED[where]
    assert portfolio_io.schema()["$defs"][definition]["properties"][prop]["maxLength"] == limit


@pytest.mark.parametrize("where", list(LIMITED), ids=lambda w: ".".join(w))
def test_a_text_at_the_limit_is_kept_and_round_trips_one_more_is_refused(portfolio, acme, where,
                                                                        tmp_path):
    limit, store = LIMITED[where]
    with pytest.raises(PlannerError, match=f"(at most|under) {limit:,}"):
        store(portfolio.uow(), acme.id, "x" * (limit + 1))
    store(portfolio.uow(), acme.id, "y" * limit)
    document = portfolio_io.export_document(portfolio.uow())
    assert ("y" * limit) in json.dumps(document)
    # The export imports back into an empty portfolio, to the same document.
    from planner.services.portfolio import open_portfolio

    with open_portfolio(tmp_path / "again.sqlite", create=True) as again:
        portfolio_io.import_records(again.uow(), portfolio_io.document_records(document))
        assert portfolio_io.export_document(again.uow()) == document


def test_an_actions_owner_is_a_name_of_at_most_200_characters(portfolio, acme):
    with pytest.raises(PlannerError, match=r"^The owner is too long \(201 characters; at most "
                                           r"200\)\.$"):
        meetings.add_action(portfolio.uow(), Action(acme.id, "Send", owner="x" * 201))
    assert meetings.add_action(portfolio.uow(), Action(acme.id, "Send", owner="y" * 200)) \
        .owner == "y" * 200
