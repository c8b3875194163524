"""Value exchanged: what each side gives, so the alliance stays win-win (trait 14)."""

from __future__ import annotations

from planner.domain.errors import InvalidValue
from planner.domain.model import Side, ValueExchange
from planner.services.editing import (
    MAX_VALUE_WHAT,
    add_child,
    check_date,
    clean_fields,
    remove_child,
    update_child,
)
from planner.storage import UnitOfWork


def validate_exchange(uow: UnitOfWork, exchange: ValueExchange) -> ValueExchange:
    exchange = clean_fields(exchange, {"what": "what was given"}, required=("what",),
                            limits={"what": MAX_VALUE_WHAT})
    if not isinstance(exchange.giver, Side):
        raise InvalidValue("Say which side gives.")
    worth = exchange.worth
    if isinstance(worth, bool) or not isinstance(worth, int) or worth < 0:
        raise InvalidValue("The worth is a whole amount of zero or more.")
    if exchange.worth > 10**15:
        raise InvalidValue("The worth is too large to be a rough figure.")
    check_date(exchange.date, "date")
    return exchange


def record_exchange(uow: UnitOfWork, exchange: ValueExchange) -> ValueExchange:
    return add_child(uow, "value", exchange, validate_exchange)


def update_exchange(uow: UnitOfWork, exchange: ValueExchange, *,
                    loaded: ValueExchange | None = None) -> ValueExchange:
    return update_child(uow, "value", exchange, validate_exchange, loaded=loaded)


def remove_exchange(uow: UnitOfWork, exchange_id: int, version: int | None = None) -> ValueExchange:
    return remove_child(uow, "value", exchange_id, version)


restore_exchange = record_exchange


def exchanges(uow: UnitOfWork, partner_id: int) -> list[ValueExchange]:
    with uow:
        return uow.value.for_partner(partner_id)
