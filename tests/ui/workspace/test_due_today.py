"""In the app, an action due today is not overdue yet: only yesterday's is marked."""

import datetime as dt

from PySide6.QtCore import Qt

from planner.domain.model import Action, Partner
from planner.services import meetings, partners
from planner.ui.portfolio_model import Column, PortfolioTableModel
from planner.ui.workspace.records import ALERT_ROLE


def edge_partner(session):
    today = session.today()
    partner = partners.add_partner(session.uow(), Partner("Due Edge Ltd"))
    for text, days in (("yesterday", -1), ("today", 0), ("tomorrow", 1)):
        meetings.add_action(session.uow(), Action(partner.id, f"due {text}",
                                                  due=today + dt.timedelta(days=days)))
    return partner


def test_the_meetings_tab_marks_only_the_action_due_before_today(workspace, session):
    partner = edge_partner(session)
    workspace.show_partner(partner.id)
    workspace.show_tab("meetings")
    model = workspace.tab("meetings").open_panel.model
    marked = {}
    for row in range(model.rowCount()):
        index = model.index(row, 3)
        action = index.data(Qt.ItemDataRole.UserRole + 2)
        marked[action.text] = bool(index.data(ALERT_ROLE))
    assert marked == {"due yesterday": True, "due today": False, "due tomorrow": False}


def test_the_portfolio_table_counts_only_the_action_due_before_today(session):
    partner = edge_partner(session)
    summaries = partners.portfolio_overview(session.uow(), session.today())
    [summary] = [s for s in summaries if s.partner.id == partner.id]
    assert (summary.open_actions, summary.overdue_actions) == (3, 1)
    model = PortfolioTableModel()
    model.set_summaries(summaries, session.today())
    row = model.row_of(partner.id)
    tip = model.index(row, Column.OPEN_ACTIONS).data(Qt.ItemDataRole.ToolTipRole)
    assert "1 of them overdue" in tip


def test_the_apps_today_is_the_local_date_and_turns_at_midnight(session, monkeypatch):
    """The app's today (kept between calls, a list asks once per row) is the local calendar
    date, as date.today() gives it; a second past midnight it is the next day, and a change
    of time zone shows within a minute."""
    from planner.ui import session as session_module

    assert session_module.today() == dt.date.today() == session.today()
    evening = dt.datetime(2031, 3, 14, 23, 59, 58).timestamp()
    clock = {"now": evening}
    monkeypatch.setattr(session_module, "_clock", lambda: clock["now"])
    monkeypatch.setattr(session_module, "_TODAY", [None, 0.0])
    assert session_module.today() == dt.date(2031, 3, 14)
    clock["now"] = evening + 1
    assert session_module.today() == dt.date(2031, 3, 14)
    clock["now"] = evening + 3  # 00:00:01
    assert session_module.today() == dt.date(2031, 3, 15)
    noon = dt.datetime(2031, 3, 15, 12).timestamp()
    clock["now"] = noon
    assert session_module.today() == dt.date(2031, 3, 15)
    assert noon < session_module._TODAY[1] <= noon + 60  # a new time zone within a minute
