"""Each refusal of one partner in the JSON interchange format, word for word and at the JSON
path of its cause: the line a person reads to find the mistake in a file of thousands of
partners (services/json_records.json_to_record)."""

import pytest

from planner.domain.errors import ImportProblem
from planner.services.json_records import json_to_record

ANN = {"key": "s1", "name": "Ann", "side": "ours"}
BO = {"key": "s2", "name": "Bo", "side": "theirs"}
CASES = [
    ({"name": "   "}, "$.partners[3].name: a partner needs a name"),
    ({"checklist": [{"stage": "courtship", "text": "Goal", "trait": "t", "done": False},
                    {"stage": "courtship", "text": " \n ", "trait": "t", "done": False}]},
     "$.partners[3].checklist[1].text: a checklist item needs text"),
    ({"stakeholders": [ANN, {**BO, "key": "s1"}]},
     "$.partners[3].stakeholders[1].key: the key 's1' is used twice"),
    ({"stakeholders": [ANN, {**BO, "name": " \t "}]},
     "$.partners[3].stakeholders[1].name: a stakeholder needs a name"),
    ({"stakeholders": [ANN, BO], "ties": [{"ours": "s2", "theirs": "s1"}]},
     "$.partners[3].ties[0].ours: stakeholder 's2' is not on ours side"),
    ({"stakeholders": [ANN, BO], "ties": [{"ours": "s1", "theirs": "s1"}]},
     "$.partners[3].ties[0].theirs: stakeholder 's1' is not on theirs side"),
    ({"stakeholders": [ANN, BO], "ties": [{"ours": "s1", "theirs": "s9"}]},
     "$.partners[3].ties[0].theirs: no stakeholder has the key 's9'"),
    ({"stakeholders": [ANN, BO], "ties": [{"ours": "s1", "theirs": "s2"},
                                          {"ours": "s1", "theirs": "s2"}]},
     "$.partners[3].ties[1]: the same two people are tied twice"),
    ({"meetings": [{"key": "m1", "date": "2026-05-03"}, {"key": "m1", "date": "2026-05-04"}]},
     "$.partners[3].meetings[1].key: the key 'm1' is used twice"),
    ({"stakeholders": [ANN], "meetings": [{"key": "m1", "date": "2026-05-03",
                                           "attendees": ["s1", "s7"]}]},
     "$.partners[3].meetings[0].attendees[1]: no stakeholder has the key 's7'"),
    ({"meetings": [{"key": "m1", "date": "2026-02-30"}]},
     "$.partners[3].meetings[0].date: '2026-02-30' is not a real date (use YYYY-MM-DD)"),
    ({"actions": [{"text": "Call", "meeting": "m2"}]},
     "$.partners[3].actions[0].meeting: no meeting has the key 'm2'"),
    ({"actions": [{"text": "  "}]}, "$.partners[3].actions[0].text: an action needs text"),
]


@pytest.mark.parametrize(("fields", "said"), CASES, ids=[said.split(": ")[1] for _, said in CASES])
def test_a_partner_that_cannot_be_imported_is_refused_where_its_mistake_is(fields, said):
    with pytest.raises(ImportProblem) as refused:
        json_to_record({"name": "Acme", "stage": "courtship", **fields}, "$.partners[3]")
    assert str(refused.value) == said
    assert refused.value.where == said.split(": ")[0]


def test_the_same_partner_without_the_mistake_is_taken():
    record = json_to_record({
        "name": "Acme", "stage": "courtship", "stakeholders": [ANN, BO],
        "ties": [{"ours": "s1", "theirs": "s2"}],
        "meetings": [{"key": "m1", "date": "2026-05-03", "attendees": ["s1", "s2"]}],
        "actions": [{"text": "Call", "meeting": "m1"}]}, "$.partners[3]")
    assert [s.name for s in record.stakeholders] == ["Ann", "Bo"]
    assert [(t.ours_id, t.theirs_id) for t in record.ties] == [(1, 2)]
    assert record.meetings[0].attendee_ids == (1, 2)
    assert record.actions[0].meeting_id == record.meetings[0].id
