"""When a partner was added and when it entered its stage, for records that do not say.

An import written before these dates existed (or by hand) leaves them out. The partner's own
history is the best witness: it was added no later than the first thing it holds, and it
entered its stage no earlier than the last tick in the stages behind it.
"""

from __future__ import annotations

import dataclasses

from planner.domain.model import PartnerRecord


def settle_partner_dates(record: PartnerRecord) -> PartnerRecord:
    """The record with created_on and stage_since filled in from its history where missing."""
    partner = record.partner
    if partner.created_on is not None and partner.stage_since is not None:
        return record
    dates = [d for d in (
        *(m.date for m in record.meetings),
        *(i.done_on for i in record.checklist),
        *(h.date for h in record.health),
        *(v.date for v in record.value),
    ) if d is not None]
    created = partner.created_on or (min(dates) if dates else None)
    behind = [i.done_on for i in record.checklist
              if i.done_on is not None and i.stage.order < partner.stage.order]
    since = partner.stage_since or (max(behind) if behind else created)
    if since is not None and created is not None and since < created:
        since = created
    return dataclasses.replace(record, partner=dataclasses.replace(
        partner, created_on=created, stage_since=since))
