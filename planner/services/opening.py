"""Opening a portfolio for the window: open it and read its list, as one piece of work.

The window runs `opening_work` off the GUI thread. At launch `start_opening` runs it on a
thread of its own before Qt is even imported: reading the list is mostly SQLite, which then
goes on beside the window being built instead of after it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import Future

from planner.domain.attention import PartnerSummary
from planner.domain.errors import PlannerError
from planner.services import partners
from planner.services.portfolio import Location, Portfolio, open_portfolio

Opened = tuple[Portfolio, list[PartnerSummary]]


def opening_work(location: Location, *, create: bool = False,
                 read_only: bool = False) -> Callable[[], Opened]:
    """What opening a portfolio does off the GUI thread: open it and read its overview."""
    today = dt.date.today()

    def work():
        portfolio = open_portfolio(location, create=create, read_only=read_only,
                                   check_later=True)
        try:
            return portfolio, partners.portfolio_overview(portfolio.uow(), today)
        except PlannerError:
            portfolio.close()
            raise
        except Exception:
            # Unreadable before its check ran: the check says whether it is damage.
            if not portfolio.finish_opening():
                portfolio.close_damaged()  # raises PortfolioDamaged, offered below
            portfolio.close()
            raise
        except BaseException:
            portfolio.close()
            raise

    return work


def start_opening(location: Location, *, create: bool = False,
                  read_only: bool = False) -> Future:
    """Begin `opening_work` on a thread of its own now; the window takes the result (or the
    refusal, for its usual dialogs) over from the future (`FileOperations.open_path`)."""
    future: Future = Future()
    work = opening_work(location, create=create, read_only=read_only)

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as error:  # noqa: BLE001 - handed over to the window's handlers
            future.set_exception(error)

    threading.Thread(target=run, name="planner-opening", daemon=True).start()
    return future
