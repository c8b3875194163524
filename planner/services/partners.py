"""Partners: add, edit, remove and restore; stage moves; the portfolio overview."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

from planner import collector
from planner.domain import health
from planner.domain.attention import PartnerSummary
from planner.domain.checklist import StageMove, plan_stage_move, stage_progress_of
from planner.domain.differences import is_high_risk, unmanaged_high_risk
from planner.domain.errors import DuplicateName, EditConflict, InvalidValue
from planner.domain.model import ChecklistItem, Kind, Partner, PartnerRecord
from planner.domain.names import name_problem
from planner.domain.people import web_report_from
from planner.domain.quoting import shown
from planner.domain.stages import Stage
from planner.domain.templates import full_template
from planner.domain.value import balance, window_start
from planner.services.conflicts import REMOVAL_REFUSED, moment, refusing_stale
from planner.services.editing import (
    MAX_NAME,
    check_date,
    clean_fields,
    clean_text,
    get_or_none,
)
from planner.storage.figures_rows import PartnerFigures

if TYPE_CHECKING:
    from planner.storage import UnitOfWork

_TEXT = {"organisation": "organisation", "definition": "shared definition",
         "unique_result": "result neither side could reach alone", "owner": "owner",
         "review_place": "review place", "notes": "notes"}


def validate_partner(uow: UnitOfWork, partner: Partner) -> Partner:
    name = " ".join(clean_text(partner.name, "partner name", required=True,
                               limit=MAX_NAME).split())
    if (problem := name_problem(name)) is not None:
        raise InvalidValue(f"The partner name {problem}; type it again without it.")
    partner = clean_fields(partner, _TEXT, names=("organisation", "owner", "review_place"))
    if not isinstance(partner.stage, Stage):
        raise InvalidValue("Choose one of the four stages: courtship, commitment, bridges, exit.")
    if not isinstance(partner.kind, Kind):
        raise InvalidValue("An alliance is either horizontal or vertical.")
    check_date(partner.next_review, "next review date")
    tags = tuple(dict.fromkeys(
        t for t in (clean_text(tag, "tag", limit=60) for tag in partner.tags) if t
    ))
    existing = uow.partners.by_name(name)
    if existing is not None and existing.id != partner.id:
        raise DuplicateName(f"A partner named '{shown(existing.name)}' is already in the "
                            "portfolio.")
    decision = clean_text(partner.decision_needed, "decision needed", limit=500)
    return dataclasses.replace(partner, name=name, tags=tags, decision_needed=decision)


def template_checklist(partner_id: int | None) -> tuple[ChecklistItem, ...]:
    positions: dict[Stage, int] = {}
    items = []
    for t in full_template():
        position = positions.get(t.stage, 0)
        positions[t.stage] = position + 1
        items.append(ChecklistItem(partner_id, t.stage, t.text, t.trait, position=position,
                                   scope=t.scope, cadence=t.cadence, choice_group=t.group))
    return tuple(items)


def add_partner(uow: UnitOfWork, partner: Partner, today: dt.date | None = None) -> Partner:
    """A new partner, starting with the template checklist of all four stages."""
    today = today or dt.date.today()
    partner = dataclasses.replace(partner, id=None, created_on=partner.created_on or today,
                                  stage_since=partner.stage_since or today)
    with uow:
        partner = validate_partner(uow, partner)
        stored = uow.partners.add(partner)
        for item in template_checklist(stored.id):
            uow.checklist.add(item)
        uow.commit()
        return stored


def update_partner(uow: UnitOfWork, partner: Partner, today: dt.date | None = None, *,
                   loaded: Partner | None = None) -> Partner:
    """Save an edited partner; refused, with who changed what, when someone else saved it
    after it was loaded (see services/conflicts.py)."""
    with refusing_stale(uow, "partners", loaded), uow:
        before = uow.partners.get(partner.id)
        if before.stage is not partner.stage and partner.stage_since == before.stage_since:
            partner = dataclasses.replace(partner, stage_since=today or dt.date.today())
        stored = uow.partners.save(validate_partner(uow, partner))
        uow.commit()
        return stored


def get_partner(uow: UnitOfWork, partner_id: int) -> Partner:
    with uow:
        return uow.partners.get(partner_id)


def find_partner(uow: UnitOfWork, name: str) -> Partner | None:
    """The partner with this name, ignoring case and extra spaces."""
    with uow:
        return uow.partners.by_name(name)


def list_partners(uow: UnitOfWork) -> list[Partner]:
    with uow:
        return sorted(uow.partners.all(), key=lambda p: p.name.casefold())


def partner_names(uow: UnitOfWork) -> list[str]:
    with uow:
        return uow.partners.names()


def partner_record(uow: UnitOfWork, partner_id: int) -> PartnerRecord:
    """Everything about one partner, loaded on purpose in a few queries."""
    with uow:
        records = uow.load_records([partner_id])
        if not records:
            uow.partners.get(partner_id)  # raises NotFound with its usual sentence
        return records[0]


def remove_partner(uow: UnitOfWork, partner_id: int,
                   version: int | None = None) -> PartnerRecord:
    """Remove a partner and all it holds; the record handed back restores it exactly. Given
    the version it was loaded at, only when nobody changed the partner since."""
    with refusing_stale(uow, "partners", outcome=REMOVAL_REFUSED), uow:
        record = uow.load_records([partner_id])
        uow.partners.remove(partner_id, version)
        uow.commit()
        return record[0]


def restore_partner(uow: UnitOfWork, record: PartnerRecord) -> Partner:
    """Put back a removed partner with the same ids (undo of a removal)."""
    with uow:
        # Validated as a newcomer: SQLite may have given the removed id to a partner added
        # since, and a name clash with that partner must still be refused.
        validate_partner(uow, dataclasses.replace(record.partner, id=None))
        if (taken := get_or_none(uow.partners, record.partner.id)) is not None:
            # that partner is someone's since, never overwritten: said like a stale save
            # (to whoever may add partners at all: a reader is told they may only read)
            uow.partners.refuse_unless_allowed("INSERT")
            who, when = uow.partners.stamp(taken.id)
            raise EditConflict(f"{who} added '{shown(taken.name)}' {moment(when)} in the "
                               f"place this partner had; it was not put back.",
                               item_id=taken.id, current=taken)
        (partner_id,) = uow.insert_records([record], keep_ids=True)
        uow.commit()
        return uow.partners.get(partner_id)


def plan_move(uow: UnitOfWork, partner_id: int, target: Stage) -> StageMove:
    """What moving to `target` means: the unticked items of earlier stages, for confirmation."""
    with uow:
        partner = uow.partners.get(partner_id)
        return plan_stage_move(partner.stage, target, uow.checklist.for_partner(partner_id))


def move_to_stage(uow: UnitOfWork, partner_id: int, target: Stage, *,
                  confirmed: bool = False, today: dt.date | None = None,
                  version: int | None = None) -> StageMove:
    """Move a partner to a stage. Forward past unticked items needs `confirmed`; back is free.

    Returns the plan, with the partner's new version once moved; the partner is moved only
    when the plan needs no confirmation or the caller confirmed it. Given the `version` the
    partner was loaded at, the move is refused when someone else changed the partner since.
    """
    with refusing_stale(uow, "partners"), uow:
        partner = uow.partners.get(partner_id)
        move = plan_stage_move(partner.stage, target, uow.checklist.for_partner(partner_id))
        if move.needs_confirmation and not confirmed:
            return move
        since = partner.stage_since if target is partner.stage else today or dt.date.today()
        if version is not None:
            partner = dataclasses.replace(partner, version=version)
        stored = uow.partners.save(dataclasses.replace(partner, stage=target, stage_since=since))
        uow.commit()
        return dataclasses.replace(move, version=stored.version)


def portfolio_overview(uow: UnitOfWork, today: dt.date) -> list[PartnerSummary]:
    """One summary per partner, for the portfolio table, the home view and the brief.

    Every input of the columns and the attention rules is aggregated in SQL
    (planner/storage/figures.py) into a few small rows per partner; the domain's own rules
    turn them into the summary, so this stays cheap at any size.
    """
    with collector.held():  # thousands of lasting objects: see planner.collector
        with uow:
            partners = uow.partners.for_partners()  # plain rows: no ORM instance per partner
            figures = uow.partner_figures(today, window_start(today))
        return _summaries(partners, figures, today)


def summaries_of(partners, figures, today: dt.date) -> list[PartnerSummary]:
    """The summaries from the partners and their figures however they were read (a launch
    reads them with plain sqlite3: services.opening.overview_at_opening)."""
    return _summaries(partners, figures, today)


def _summaries(partners, figures, today: dt.date) -> list[PartnerSummary]:
    # the differences come grouped by the few things the risk rules read: ask once per group
    high, unmanaged = _per_group(is_high_risk), _per_group(unmanaged_high_risk)
    summaries = []
    for p in partners:
        f = figures.get(p.id, _NO_FIGURES)
        report = (health.report_from(f.health, f.latest_check, f.joint_check, today)
                  if f.latest_check is not None else None)
        summaries.append(
            PartnerSummary(
                partner=p,
                checklist=stage_progress_of(f.checklist_counts, f.checklist, p.stage, today),
                health=report.ours if report else None,
                health_theirs=report.theirs if report else None,
                trend=report.trend if report else None,
                last_meeting=f.last_meeting,
                open_actions=f.open_actions,
                overdue_actions=f.overdue_actions,
                open_high_risk=sum(n for d, n in f.open_differences if high(d)),
                unmanaged_high_risk=sum(n for d, n in f.open_differences if unmanaged(d)),
                last_face_to_face=f.last_face_to_face,
                most_overdue_days=f.most_overdue_days,
                health_report=report,
                value_window=balance(f.value),  # already the window's, summed in SQL
                web_warnings=web_report_from(f.web).warnings,
            )
        )
    return sorted(summaries, key=lambda s: s.partner.name.casefold())


_NO_FIGURES = PartnerFigures()


def _per_group(rule):
    answers: dict = {}

    def answer(stand_in) -> bool:
        key = (stand_in.likelihood, stand_in.impact, stand_in.management, stand_in.status)
        if key not in answers:
            answers[key] = rule(stand_in)
        return answers[key]

    return answer
