"""Health checks: dated scores per dimension from our side and, optionally, theirs."""

from __future__ import annotations

import dataclasses

from planner.domain.errors import InvalidValue
from planner.domain.health import Dimension
from planner.domain.model import HealthCheck
from planner.domain.quoting import shown
from planner.domain.templates import health_dimensions, unknown_dimension
from planner.services.editing import add_child, check_date, clean_fields, remove_child, update_child
from planner.storage import UnitOfWork


def dimensions() -> tuple[Dimension, ...]:
    return health_dimensions()


def validate_check(uow: UnitOfWork, check: HealthCheck) -> HealthCheck:
    check = clean_fields(check, {"comment": "comment"})
    check_date(check.date, "date of the health check", optional=False)
    if not check.scores:
        raise InvalidValue("Score at least one dimension.")
    seen = set()
    known = {d.key for d in health_dimensions()}
    for score in check.scores:
        if score.dimension not in known:
            raise InvalidValue(f"{unknown_dimension(score.dimension)}.")
        if score.dimension in seen:
            raise InvalidValue(f"The dimension '{shown(score.dimension)}' is scored twice.")
        seen.add(score.dimension)
        for value, optional in ((score.ours, False), (score.theirs, True)):
            if value is None and optional:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
                raise InvalidValue("Scores run from 1 (poor) to 5 (excellent).")
    return dataclasses.replace(check, scores=tuple(check.scores))


def record_check(uow: UnitOfWork, check: HealthCheck) -> HealthCheck:
    return add_child(uow, "health", check, validate_check)


def update_check(uow: UnitOfWork, check: HealthCheck, *,
                 loaded: HealthCheck | None = None) -> HealthCheck:
    return update_child(uow, "health", check, validate_check, loaded=loaded)


def remove_check(uow: UnitOfWork, check_id: int, version: int | None = None) -> HealthCheck:
    return remove_child(uow, "health", check_id, version)


restore_check = record_check


def checks(uow: UnitOfWork, partner_id: int) -> list[HealthCheck]:
    """Health checks, oldest first (the order of a trend line)."""
    with uow:
        return oldest_first(uow.health.for_partner(partner_id))


def oldest_first(checks) -> list[HealthCheck]:
    return sorted(checks, key=lambda c: (c.date, c.id))
