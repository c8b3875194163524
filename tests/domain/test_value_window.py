"""The value verdict reads the last two quarters; contract payments stand apart."""

import datetime as dt

from planner.domain.model import Side, ValueCategory, ValueExchange
from planner.domain.value import balance, verdict, window_start

TODAY = dt.date(2026, 6, 1)


def given(side, worth, date, category=ValueCategory.CONTRIBUTION):
    return ValueExchange(1, side, "x", worth, date, category=category)


def test_the_window_is_two_quarters_back():
    assert window_start(TODAY) == dt.date(2025, 12, 1)
    assert window_start(dt.date(2026, 8, 31)) == dt.date(2026, 2, 28)
    assert window_start(TODAY, 1) == dt.date(2026, 3, 1)


def test_a_ledger_that_turned_lopsided_lately_is_lopsided():
    ledger = [given(Side.THEIRS, 90_000, dt.date(2025, 3, 1)),
              given(Side.OURS, 40_000, dt.date(2025, 6, 1)),
              given(Side.OURS, 30_000, dt.date(2026, 1, 10)),
              given(Side.THEIRS, 5_000, dt.date(2026, 4, 2))]
    v = verdict(ledger, TODAY)
    assert v.all_time.lopsided is None and (v.all_time.ours, v.all_time.theirs) == (70_000,
                                                                                   95_000)
    assert v.lopsided is Side.OURS and (v.window.ours, v.window.theirs) == (30_000, 5_000)
    assert v.sentence().startswith("Lopsided over the last 2 quarters: we give 30,000 and "
                                   "get 5,000.")


def test_the_window_edge_counts_and_undated_exchanges_count_all_time_only():
    edge = [given(Side.OURS, 100, dt.date(2025, 12, 1)), given(Side.THEIRS, 10, None)]
    v = verdict(edge, TODAY)
    assert v.window.ours == 100 and v.window.theirs == 0
    assert v.all_time.theirs == 10
    before = verdict([given(Side.OURS, 100, dt.date(2025, 11, 30))], TODAY)
    assert before.window.total == 0 and before.lopsided is None
    assert before.sentence() == ("Nothing exchanged over the last 2 quarters; all-time we "
                                 "give 100, they give 0.")
    assert verdict([], TODAY).sentence() == ("No contribution is recorded over the last 2 "
                                             "quarters.")


def test_contract_payments_stay_out_of_the_verdict():
    fee = ValueCategory.CONTRACT_PAYMENT
    ledger = [given(Side.OURS, 50_000, dt.date(2026, 3, 1), fee),
              given(Side.OURS, 10_000, dt.date(2026, 3, 1)),
              given(Side.THEIRS, 12_000, dt.date(2026, 4, 1))]
    b = balance(ledger)
    assert (b.ours, b.theirs, b.paid_ours, b.paid_theirs) == (10_000, 12_000, 50_000, 0)
    assert verdict(ledger, TODAY).lopsided is None


def test_each_sides_payments_add_up():
    fee = ValueCategory.CONTRACT_PAYMENT
    ledger = [given(Side.OURS, 500, TODAY, fee), given(Side.OURS, 250, TODAY, fee),
              given(Side.THEIRS, 40, TODAY, fee), given(Side.THEIRS, 2, TODAY, fee)]
    b = balance(ledger)
    assert (b.ours, b.theirs, b.paid_ours, b.paid_theirs) == (0, 0, 750, 42)


def test_a_one_quarter_verdict_reads_from_three_months_back():
    ledger = [given(Side.OURS, 100, dt.date(2026, 3, 1)),
              given(Side.THEIRS, 100, dt.date(2026, 2, 28))]
    v = verdict(ledger, TODAY, quarters=1)
    assert v.since == dt.date(2026, 3, 1) and v.quarters == 1
    assert (v.window.ours, v.window.theirs) == (100, 0)
    assert v.sentence() == ("Lopsided over the last quarter: we give 100 and get 0. Ask what "
                            "they could bring so both sides win.")
    assert verdict(ledger, TODAY).since == dt.date(2025, 12, 1)


def test_a_window_in_the_first_year_of_the_calendar_starts_where_it_can():
    assert window_start(dt.date(1, 12, 31)) == dt.date(1, 6, 30)
    assert window_start(dt.date(1, 7, 1)) == dt.date(1, 1, 1)
    assert window_start(dt.date(1, 6, 30)) == dt.date.min
