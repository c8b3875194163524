"""Value figures with their unit: every amount on a brief says which currency it is in."""

from __future__ import annotations

from planner.domain.value import Balance


def amount(value: int, currency: str) -> str:
    """'12,400 EUR'; without a currency, the bare figure."""
    return f"{value:,} {currency}" if currency else f"{value:,}"


def compact(value: int, currency: str) -> str:
    """'315.8 M EUR', '42 k EUR': for a label that must stay short; exact below 10,000."""
    if abs(value) >= 1_000_000:
        figure = f"{value / 1_000_000:,.1f} M"
    elif abs(value) >= 10_000:
        figure = f"{value / 1_000:,.0f} k"
    else:
        figure = f"{value:,}"
    return f"{figure} {currency}" if currency else figure


def balance_sentence(balance: Balance, currency: str) -> str:
    """The balance in one sentence, each figure with its unit (the domain's wording)."""
    ours, theirs = amount(balance.ours, currency), amount(balance.theirs, currency)
    side = balance.lopsided
    if balance.total == 0:
        return "No value exchanged is recorded yet."
    if side is not None and side.value == "ours":
        return (f"Lopsided: we give {ours} and get {theirs}. "
                "Ask what they could bring so both sides win.")
    if side is not None:
        return (f"Lopsided: they give {theirs} and get {ours}. "
                "Ask what we could bring before they feel taken.")
    return f"Balanced: we give {ours}, they give {theirs}."
