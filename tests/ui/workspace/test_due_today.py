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


def test_the_apps_today_is_the_local_date(session):
    """The app's own today (read without an import per call) is the local calendar date,
    as date.today() gives it, not the UTC one."""
    import time

    from planner.ui.session import today

    before = dt.date.today()
    assert today() in (before, dt.date.today())
    assert today() == dt.date.fromtimestamp(time.time()) == session.today() or \
        dt.date.today() != before  # midnight passed between the calls
