"""planner.collector holds Python's cycle collector off while many lasting objects are made,
shared by threads: off until the last holder lets go, then back as it was before the first.
The reading of the portfolio list and the filling of the window hold it (no collection runs
while they make their objects)."""

import contextlib
import datetime as dt
import gc
import threading

import pytest

from planner import collector
from planner.domain.model import Partner
from planner.services import partners
from planner.services.portfolio import open_portfolio


@pytest.fixture(autouse=True)
def collector_as_it_was():
    enabled = gc.isenabled()
    yield
    assert collector._holders == 0
    (gc.enable if enabled else gc.disable)()


@contextlib.contextmanager
def collections_counted():
    """How many collections run inside the block, with a threshold so low that any new
    container would start one were the collector running."""
    counted = []

    def count(phase, info):
        if phase == "start":
            counted.append(info["generation"])

    threshold = gc.get_threshold()
    gc.callbacks.append(count)
    gc.set_threshold(1)
    try:
        yield counted
    finally:
        gc.set_threshold(*threshold)
        gc.callbacks.remove(count)


def test_held_keeps_collections_off_and_restores_them():
    gc.enable()
    with collections_counted() as counted:
        with collector.held():
            before = len(counted)  # any run while entering, before the hold began
            assert not gc.isenabled()
            kept = [[n] for n in range(1000)]
            during = len(counted) - before
        assert gc.isenabled()
        kept += [[n] for n in range(1000)]
        after = len(counted)
    assert during == 0
    assert after > 0  # the counting itself works: running, it collects


def test_a_disabled_collector_stays_disabled():
    gc.disable()
    with collector.held():
        pass
    assert not gc.isenabled()


def test_threads_share_the_hold_until_the_last_lets_go():
    gc.enable()
    inside, release = threading.Event(), threading.Event()

    def other():
        with collector.held():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(10)
    with collector.held():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other thread still holds it
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_freezing_keeps_what_exists_from_being_walked_again():
    before = gc.get_freeze_count()
    lasting = [[n] for n in range(100)]
    with collector.held(freeze=True):
        pass
    assert gc.get_freeze_count() >= before + len(lasting)
    gc.unfreeze()


def test_letting_go_without_holding_is_a_mistake():
    with pytest.raises(RuntimeError):
        collector.let_go()


def test_reading_the_portfolio_list_runs_no_collection(tmp_path, monkeypatch):
    """From the moment the reading holds the collector to its last step, building the
    summaries, no collection runs (were it running, every new container would start one)."""
    with open_portfolio(tmp_path / "p.sqlite", create=True) as portfolio:
        for n in range(5):
            partners.add_partner(portfolio.uow(), Partner(f"Partner {n}"))
        gc.enable()
        held_at, during = [], []
        hold, summaries_of = collector.hold, partners._summaries

        def hold_noted():
            hold()
            held_at.append(len(counted))

        def summaries_noted(*args):
            made = [[n] for n in range(1000)]
            during.append(len(counted) - held_at[-1])
            return summaries_of(*args) + made[:0]

        monkeypatch.setattr(collector, "hold", hold_noted)
        monkeypatch.setattr(partners, "_summaries", summaries_noted)
        with collections_counted() as counted:
            summaries = partners.portfolio_overview(portfolio.uow(), dt.date(2026, 5, 4))
        assert len(summaries) == 5
        assert during == [0]
