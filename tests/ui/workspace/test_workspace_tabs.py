"""Each tab shows the sample partner's data, and the workspace follows the selection."""

from PySide6.QtCore import Qt

from planner.domain.model import ChecklistItem
from planner.domain.stages import Stage
from planner.domain.value import Lean
from planner.services import partners
from planner.ui.workspace import TAB_NAMES
from planner.ui.workspace.checklist_tab import StageGroup


def show(workspace, partner_id, name):
    workspace.show_partner(partner_id)
    workspace.show_tab(name)
    return workspace.tab(name)


def test_overview_shows_the_partner(workspace, partner_id):
    tab = show(workspace, partner_id, "overview")
    form = tab.form
    assert form["name"].value() == "Helix & Stone Consulting"
    assert form["organisation"].value() == "Helix & Stone Consulting LLP"
    assert "co-sell" in form["tags"].value()
    assert form["definition"].value().startswith("Northwind and Helix & Stone")
    assert form["next_review"].value() is not None
    assert tab.track.stage is Stage.BRIDGES
    assert "Bridges" in tab.track.accessibleDescription()
    assert "Callum MacLeod" in tab.ambassadors.text()


def test_checklist_groups_the_four_stages_with_progress(workspace, partner_id):
    tab = show(workspace, partner_id, "checklist")
    groups = tab.panel.records()
    assert [g.stage.value for g in groups] == ["courtship", "commitment", "bridges", "exit"]
    assert all(isinstance(g, StageGroup) for g in groups)
    assert str(groups[0].progress) == "16/16"
    model = tab.panel.model
    first_group = model.index(0, 0)
    assert "16/16" in first_group.data()
    item_index = model.index(0, 0, first_group)
    assert item_index.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    trait = model.index(0, 1, first_group)
    assert trait.data() == "2"  # the first courtship item: agree what "partner" means to us
    assert "build your strengths" in trait.data(Qt.ItemDataRole.ToolTipRole)


def test_people_tab_draws_everyone_and_every_tie(workspace, partner_id):
    tab = show(workspace, partner_id, "people")
    assert len(tab.people_panel.records()) == 11
    assert len(tab.map.nodes) == 11
    assert len(tab.map.lines) == 8
    assert len(tab.ties_panel.records()) == 8
    widths = {line.tie.strength: line.pen().widthF() for line in tab.map.lines}
    assert len(set(widths.values())) == len(widths)  # stronger ties, heavier lines


def test_differences_meetings_value_health_show_their_records(workspace, partner_id):
    assert len(show(workspace, partner_id, "differences").panel.records()) == 4
    meetings = show(workspace, partner_id, "meetings")
    assert len(meetings.log_panel.records()) == 8
    assert meetings.open_panel.records() and all(not a.done
                                                 for a in meetings.open_panel.records())
    value = show(workspace, partner_id, "value")
    assert len(value.panel.records()) == 8
    expected = {Lean.EVEN: "Even", Lean.LEANING: "give more"}[value.bar.balance.lean]
    assert expected in value.sentence.text()
    assert f" {value.currency}" in value.sentence.text()  # amounts carry the currency
    health = show(workspace, partner_id, "health")
    assert len(health.panel.records()) == 4
    assert health.radar.check is not None
    assert len(health.trend.points) == 4
    assert "rising" in health.trend_word.text()


def test_tabs_refresh_lazily_and_follow_the_selection(workspace, partner_id, partner_named):
    workspace.show_partner(partner_id)
    workspace.show_tab("overview")
    assert workspace.tab("checklist").stale  # not read until shown
    other = partner_named("Datastrom")
    workspace.show_partner(other)
    assert workspace.tab("overview").form["name"].value() == "Datastrom"
    workspace.show_partner(None)
    assert not workspace.isEnabled()
    assert workspace.tab("overview").form["name"].value() == ""
    assert [workspace.tabText(i) for i in range(workspace.count())] == [
        "Overview", "Checklist", "People", "Differences", "Meetings", "Value", "Health",
        "History"]
    assert len(TAB_NAMES) == workspace.count()


def test_a_removed_partner_empties_the_workspace(workspace, session, partner_id):
    workspace.show_partner(partner_id)
    session.edit("Remove partner", lambda: partners.remove_partner(session.uow(), partner_id),
                 lambda record: partners.restore_partner(session.uow(), record), partner_id)
    assert workspace.tab("overview").partner_id is None
    session.undo_stack.undo()
    workspace.show_partner(partner_id)
    assert workspace.tab("overview").form["name"].value() == "Helix & Stone Consulting"


def test_every_checklist_row_is_an_item_or_a_stage(workspace, partner_id):
    tab = show(workspace, partner_id, "checklist")
    for group in tab.panel.records():
        assert all(isinstance(item, ChecklistItem) for item in group.items)


def test_a_partner_is_read_in_one_transaction_however_many_tabs_are_visited(
        workspace, portfolio, partner_id):
    """Selecting a partner and opening all seven tabs of its record reads each table once, in
    one read transaction; an edit reads it again, once. The History tab reads the history,
    not the record: one transaction more, when it is shown, reading its settings once."""
    import re

    from sqlalchemy import event

    engine = portfolio.storage.engine
    begins, reads = [], []
    event.listen(engine, "begin", lambda connection: begins.append(1))
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *a: reads.append(statement))
    record_tabs = [name for name in TAB_NAMES if name != "history"]
    workspace.show_partner(partner_id)
    for name in record_tabs:
        workspace.show_tab(name)
    assert len(begins) == 1
    tables = [re.search(r"\bFROM\s+(\w+)", s)[1] for s in reads if s.lstrip().startswith("SELECT")]
    assert len(tables) == len(set(tables)), tables
    assert {"partners", "stakeholders", "meetings", "checklist_items"} <= set(tables)
    before = len(reads)
    workspace.show_tab("history")
    assert len(begins) == 2
    history_tables = [re.search(r"\bFROM\s+(\w+)", s)[1] for s in reads[before:]
                      if s.lstrip().startswith("SELECT")]
    # the retention setting once, then the entries, the names they mention, the people
    assert history_tables.count("portfolio_settings") == 1, history_tables
    workspace.show_tab("overview")
    begins.clear()
    workspace.session.changed.emit(partner_id)
    for name in record_tabs:
        workspace.show_tab(name)
    assert len(begins) == 1
