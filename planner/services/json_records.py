"""One partner in the JSON interchange format and back: `record_to_json` writes what
`json_to_record` reads (see portfolio_io for the document around them, README.md for the
format). Inside a partner, stakeholders and meetings carry short keys ("s1", "m1") that ties,
attendees and actions refer to; database ids never leave the file."""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.domain.errors import ImportProblem
from planner.domain.model import (
    Action,
    Area,
    Cadence,
    ChecklistItem,
    Difference,
    DifferenceStatus,
    HealthCheck,
    HealthScore,
    Kind,
    Level,
    Meeting,
    MeetingKind,
    Partner,
    PartnerRecord,
    Rating,
    Scope,
    Side,
    Stakeholder,
    Strength,
    Tie,
    ValueCategory,
    ValueExchange,
)
from planner.domain.names import name_problem
from planner.domain.partner_dates import settle_partner_dates
from planner.domain.quoting import shown
from planner.domain.stages import Stage
from planner.domain.templates import health_dimensions, unknown_dimension
from planner.services.partners import template_checklist


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def record_to_json(record: PartnerRecord) -> dict[str, Any]:
    p = record.partner
    people_keys = {s.id: f"s{i}" for i, s in enumerate(record.stakeholders, 1)}
    meeting_keys = {m.id: f"m{i}" for i, m in enumerate(record.meetings, 1)}
    return {
        "name": p.name,
        "stage": p.stage.value,
        "organisation": p.organisation,
        "kind": p.kind.value,
        "definition": p.definition,
        "unique_result": p.unique_result,
        "owner": p.owner,
        "next_review": _date(p.next_review),
        "review_place": p.review_place,
        "tags": list(p.tags),
        "notes": p.notes,
        "decision_needed": p.decision_needed,
        "created_on": _date(p.created_on),
        "stage_since": _date(p.stage_since),
        "checklist": [
            {"stage": i.stage.value, "text": i.text, "trait": i.trait, "done": i.done,
             "done_on": _date(i.done_on), "note": i.note, "scope": i.scope.value,
             "cadence": i.cadence.value if i.cadence else None,
             "not_applicable": i.not_applicable,
             "not_applicable_reason": i.not_applicable_reason, "choice_group": i.choice_group}
            for i in record.checklist
        ],
        "stakeholders": [
            {"key": people_keys[s.id], "name": s.name, "side": s.side.value,
             "level": s.level.value, "role": s.role, "ambassador": s.ambassador,
             "email": s.email, "phone": s.phone}
            for s in record.stakeholders
        ],
        "ties": [
            {"ours": people_keys[t.ours_id], "theirs": people_keys[t.theirs_id],
             "strength": t.strength.value}
            for t in record.ties
        ],
        "differences": [
            {"area": d.area.value, "ours": d.ours, "theirs": d.theirs,
             "likelihood": d.likelihood.value, "impact": d.impact.value,
             "management": d.management, "owner": d.owner, "status": d.status.value,
             "question": d.question, "agreed_with_partner": d.agreed_with_partner,
             "last_reviewed": _date(d.last_reviewed)}
            for d in record.differences
        ],
        "meetings": [
            {"key": meeting_keys[m.id], "date": _date(m.date), "kind": m.kind.value,
             "place": m.place, "attendees": [people_keys[a] for a in m.attendee_ids],
             "notes": m.notes, "decisions": m.decisions, "moment_of_truth": m.moment_of_truth,
             "decision_needed": m.decision_needed}
            for m in record.meetings
        ],
        "actions": [
            {"text": a.text, "owner": a.owner, "side": a.side.value, "due": _date(a.due),
             "done": a.done, "done_on": _date(a.done_on),
             "meeting": meeting_keys.get(a.meeting_id)}
            for a in record.actions
        ],
        "value": [
            {"giver": v.giver.value, "what": v.what, "worth": v.worth, "date": _date(v.date),
             "category": v.category.value}
            for v in record.value
        ],
        "health": [
            {"date": _date(h.date), "comment": h.comment,
             "scores": [{"dimension": s.dimension, "ours": s.ours, "theirs": s.theirs}
                        for s in h.scores]}
            for h in record.health
        ],
    }



# import -----------------------------------------------------------------------------------

def _parse_date(value: str | None, where: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ImportProblem(f"'{shown(value)}' is not a real date (use YYYY-MM-DD)", where) \
            from None


def json_to_record(data: dict, where: str) -> PartnerRecord:
    """One partner of the document as a record; ids inside it are provisional (1, 2, ...)."""
    name = " ".join(data["name"].split())
    if not name:
        raise ImportProblem("a partner needs a name", f"{where}.name")
    if (problem := name_problem(name)) is not None:
        raise ImportProblem(f"the name '{shown(name)}' {problem}", f"{where}.name")
    partner = Partner(
        name=name,
        stage=Stage(data["stage"]),
        organisation=data.get("organisation", ""),
        kind=Kind(data.get("kind", "horizontal")),
        definition=data.get("definition", ""),
        unique_result=data.get("unique_result", ""),
        owner=data.get("owner", ""),
        next_review=_parse_date(data.get("next_review"), f"{where}.next_review"),
        review_place=data.get("review_place", ""),
        tags=tuple(dict.fromkeys(t.strip() for t in data.get("tags", []) if t.strip())),
        notes=data.get("notes", ""),
        decision_needed=data.get("decision_needed", ""),
        created_on=_parse_date(data.get("created_on"), f"{where}.created_on"),
        stage_since=_parse_date(data.get("stage_since"), f"{where}.stage_since"),
    )
    if "checklist" in data:
        positions: dict[Stage, int] = {}
        checklist = []
        for i, item in enumerate(data["checklist"]):
            stage = Stage(item["stage"])
            position = positions.get(stage, 0)
            positions[stage] = position + 1
            done = item["done"]
            # Parsed even when not done: an impossible date is refused, never dropped unseen.
            done_on = _parse_date(item.get("done_on"), f"{where}.checklist[{i}].done_on")
            checklist.append(ChecklistItem(
                None, stage, item["text"].strip(), item["trait"], done,
                done_on if done else None,
                item.get("note", ""), position, i + 1, Scope(item.get("scope", "joint")),
                Cadence(item["cadence"]) if item.get("cadence") else None,
                item.get("not_applicable", False), item.get("not_applicable_reason", ""),
                item.get("choice_group", "")))
            if not checklist[-1].text:
                raise ImportProblem("a checklist item needs text", f"{where}.checklist[{i}].text")
        checklist = tuple(checklist)
    else:
        checklist = template_checklist(None)

    people: dict[str, Stakeholder] = {}
    for i, s in enumerate(data.get("stakeholders", [])):
        at = f"{where}.stakeholders[{i}]"
        if s["key"] in people:
            raise ImportProblem(f"the key '{shown(s['key'])}' is used twice", f"{at}.key")
        if not s["name"].strip():
            raise ImportProblem("a stakeholder needs a name", f"{at}.name")
        people[s["key"]] = Stakeholder(
            None, s["name"].strip(), Side(s.get("side", "theirs")),
            Level(s.get("level", "management")), s.get("role", ""), s.get("ambassador", False),
            s.get("email", ""), s.get("phone", ""), id=i + 1)

    def person(key: str, at: str, side: Side | None = None) -> Stakeholder:
        if key not in people:
            raise ImportProblem(f"no stakeholder has the key '{shown(key)}'", at)
        if side is not None and people[key].side is not side:
            raise ImportProblem(f"stakeholder '{shown(key)}' is not on {side.value} side", at)
        return people[key]

    ties, pairs = [], set()
    for i, t in enumerate(data.get("ties", [])):
        at = f"{where}.ties[{i}]"
        ours = person(t["ours"], f"{at}.ours", Side.OURS)
        theirs = person(t["theirs"], f"{at}.theirs", Side.THEIRS)
        if (ours.id, theirs.id) in pairs:
            raise ImportProblem("the same two people are tied twice", at)
        pairs.add((ours.id, theirs.id))
        ties.append(Tie(None, ours.id, theirs.id, Strength(t.get("strength", "working")),
                        id=i + 1))

    differences = tuple(
        Difference(None, Area(d["area"]), d.get("ours", ""), d.get("theirs", ""),
                   Rating(d.get("likelihood", "medium")), Rating(d.get("impact", "medium")),
                   d.get("management", ""), d.get("owner", ""),
                   DifferenceStatus(d.get("status", "open")), d.get("question", ""), id=i + 1,
                   agreed_with_partner=d.get("agreed_with_partner", False),
                   last_reviewed=_parse_date(d.get("last_reviewed"),
                                             f"{where}.differences[{i}].last_reviewed"))
        for i, d in enumerate(data.get("differences", []))
    )

    meetings: dict[str, Meeting] = {}
    for i, m in enumerate(data.get("meetings", [])):
        at = f"{where}.meetings[{i}]"
        if m["key"] in meetings:
            raise ImportProblem(f"the key '{shown(m['key'])}' is used twice", f"{at}.key")
        attendees = tuple(dict.fromkeys(
            person(k, f"{at}.attendees[{j}]").id for j, k in enumerate(m.get("attendees", []))))
        meetings[m["key"]] = Meeting(
            None, _parse_date(m["date"], f"{at}.date"), MeetingKind(m.get("kind", "review")),
            m.get("place", ""), attendees, m.get("notes", ""), m.get("decisions", ""),
            m.get("moment_of_truth", False), id=i + 1,
            decision_needed=m.get("decision_needed", ""))

    actions = []
    for i, a in enumerate(data.get("actions", [])):
        at = f"{where}.actions[{i}]"
        meeting = a.get("meeting")
        if meeting is not None and meeting not in meetings:
            raise ImportProblem(f"no meeting has the key '{shown(meeting)}'", f"{at}.meeting")
        if not a["text"].strip():
            raise ImportProblem("an action needs text", f"{at}.text")
        done = a.get("done", False)
        done_on = _parse_date(a.get("done_on"), f"{at}.done_on")  # checked even when not done
        actions.append(Action(
            None, a["text"].strip(), a.get("owner", ""), Side(a.get("side", "ours")),
            _parse_date(a.get("due"), f"{at}.due"), done,
            done_on if done else None,
            meetings[meeting].id if meeting is not None else None, id=i + 1))

    value = tuple(
        ValueExchange(None, Side(v["giver"]), v["what"], v.get("worth", 0),
                      _parse_date(v.get("date"), f"{where}.value[{i}].date"), id=i + 1,
                      category=ValueCategory(v.get("category", "contribution")))
        for i, v in enumerate(data.get("value", []))
    )
    health = []
    known_dimensions = {d.key for d in health_dimensions()}
    for i, h in enumerate(data.get("health", [])):
        at = f"{where}.health[{i}]"
        dims = [s["dimension"] for s in h.get("scores", [])]
        if len(set(dims)) != len(dims):
            raise ImportProblem("a dimension is scored twice", f"{at}.scores")
        for j, dim in enumerate(dims):
            if dim not in known_dimensions:
                raise ImportProblem(unknown_dimension(dim), f"{at}.scores[{j}].dimension")
        health.append(HealthCheck(
            None, _parse_date(h["date"], f"{at}.date"),
            tuple(HealthScore(s["dimension"], s["ours"], s.get("theirs"))
                  for s in h.get("scores", [])),
            h.get("comment", ""), id=i + 1))
    return settle_partner_dates(PartnerRecord(
        partner, checklist, tuple(people.values()), tuple(ties), differences,
        tuple(meetings.values()), tuple(actions), value, tuple(health)))


