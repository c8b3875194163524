"""The value verdict in words (README: the verdict balances contributions over the last two
quarters): every sentence whole, with the span it covers."""

import datetime as dt

from planner.domain.model import Side, ValueExchange
from planner.domain.value import Balance, verdict

TODAY = dt.date(2026, 6, 1)
SPAN = "over the last 2 quarters"


def test_lopsided_either_way_says_who_gives_what_and_what_to_ask():
    assert Balance(3000, 1000).sentence(SPAN) == (
        "Lopsided over the last 2 quarters: we give 3,000 and get 1,000. Ask what they could "
        "bring so both sides win.")
    assert Balance(1000, 3000).sentence() == (
        "Lopsided: they give 3,000 and get 1,000. Ask what we could bring before they feel "
        "taken.")


def test_leaning_even_and_nothing():
    assert Balance(1000, 1500).sentence(SPAN) == (
        "They give more over the last 2 quarters: we give 1,000, they give 1,500.")
    assert Balance(1500, 1000).sentence() == "We give more: we give 1,500, they give 1,000."
    assert Balance(1000, 1000).sentence(SPAN) == (
        "Even over the last 2 quarters: we give 1,000, they give 1,000.")
    assert Balance(0, 0).sentence(SPAN) == (
        "No contribution is recorded over the last 2 quarters.")


def test_the_verdict_names_its_window_and_falls_back_on_all_time():
    old = ValueExchange(1, Side.OURS, "intro", 1000, dt.date(2024, 1, 1))
    older = ValueExchange(1, Side.THEIRS, "leads", 2000, dt.date(2024, 2, 1))
    assert verdict([old, older], TODAY).sentence() == (
        "Nothing exchanged over the last 2 quarters; all-time we give 1,000, they give 2,000.")
    recent = ValueExchange(1, Side.OURS, "demo", 500, dt.date(2026, 5, 1))
    assert verdict([old, recent], TODAY, quarters=1).sentence() == (
        "Lopsided over the last quarter: we give 500 and get 0. Ask what they could bring so "
        "both sides win.")
    assert verdict([], TODAY).sentence() == (
        "No contribution is recorded over the last 2 quarters.")
