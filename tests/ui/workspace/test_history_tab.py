"""The History tab: a partner's changes newest first, each field's old and new value, who made
it; filtered by person; refreshed when the session says the partner changed; long values wrap."""

import dataclasses

from planner.services import differences
from planner.storage.models import current_user
from planner.ui.workspace.differences_tab import DIFFERENCE


def open_history(workspace, partner_id):
    workspace.show_partner(partner_id)
    workspace.show_tab("history")
    return workspace.tab("history")


def a_difference(session, partner_id):
    return differences.differences(session.uow(), partner_id)[0]


def test_an_edit_appears_at_the_top_with_old_and_new_values(workspace, session, partner_id):
    tab = open_history(workspace, partner_id)
    # the sample was imported: one entry for the partner, none for each of its parts
    assert [e.summary for e in tab.entries()] == ["Added partner 'Helix & Stone Consulting'"]
    before = a_difference(session, partner_id)
    after = dataclasses.replace(before, management="Agree it at the quarterly board")
    assert workspace.tab("differences").update(DIFFERENCE, before, after) is None
    # the session's `changed` refreshed the tab on screen
    latest = tab.entries()[0]
    assert latest.by == current_user()
    assert latest.summary.startswith("Changed difference '")
    text = tab.document.toPlainText()
    assert "agreed way to manage it" in text
    assert f"{before.management} \u2192 Agree it at the quarterly board" in text
    assert f"by {current_user()} at " in text
    assert "Today" in text
    session.undo_stack.undo()  # undo is a change too, recorded as one
    assert [f.new for f in tab.entries()[0].fields] == [before.management]


def test_the_tab_is_refreshed_only_when_shown(workspace, session, partner_id):
    tab = open_history(workspace, partner_id)
    workspace.show_tab("differences")
    before = a_difference(session, partner_id)
    workspace.tab("differences").update(DIFFERENCE, before,
                                        dataclasses.replace(before, owner="Dana Reyes"))
    assert tab.stale and len(tab.entries()) == 1
    workspace.show_tab("history")
    assert not tab.stale and len(tab.entries()) == 2


def test_filtered_by_person(workspace, session, partner_id, monkeypatch):
    tab = open_history(workspace, partner_id)
    before = a_difference(session, partner_id)
    editing = workspace.tab("differences")
    editing.update(DIFFERENCE, before, dataclasses.replace(before, owner="Dana Reyes"))
    monkeypatch.setattr("planner.storage.history.current_user", lambda: "bea")
    moved = a_difference(session, partner_id)
    editing.update(DIFFERENCE, moved, dataclasses.replace(moved, owner="Bea Brandt"))
    people = [tab.person.itemText(i) for i in range(tab.person.count())]
    assert people == ["Everyone", *sorted({current_user(), "bea"}, key=str.casefold)]
    tab.person.setCurrentIndex(tab.person.findData("bea"))
    assert [e.by for e in tab.entries()] == ["bea"]
    assert "Bea Brandt" in tab.document.toPlainText()
    assert "Added partner" not in tab.document.toPlainText()
    # the choice survives a refresh
    editing.update(DIFFERENCE, a_difference(session, partner_id), dataclasses.replace(
        a_difference(session, partner_id), owner="Bea B."))
    assert tab.chosen_person() == "bea"
    assert [e.by for e in tab.entries()] == ["bea", "bea"]
    tab.person.setCurrentIndex(0)
    assert len({e.by for e in tab.entries()}) == 2


def test_long_values_wrap_instead_of_scrolling_sideways(workspace, session, partner_id):
    tab = open_history(workspace, partner_id)
    before = a_difference(session, partner_id)
    long_text = " ".join(["Escalate to the sponsors within two weeks"] * 12)
    workspace.tab("differences").update(DIFFERENCE, before,
                                        dataclasses.replace(before, management=long_text))
    assert long_text in tab.document.toPlainText().replace("\n", " ")
    assert tab.document.horizontalScrollBar().maximum() == 0


def test_an_empty_history_says_so(workspace, session, partner_id, monkeypatch):
    tab = open_history(workspace, partner_id)
    tab.person.addItem("nobody", "nobody")
    tab.person.setCurrentIndex(tab.person.count() - 1)
    assert tab.entries() == []
    assert tab.summary.text() == "No changes by nobody in the last 365 days."


def test_no_partner_clears_the_tab(workspace, partner_id):
    tab = open_history(workspace, partner_id)
    workspace.show_partner(None)
    assert tab.entries() == [] and tab.document.toPlainText() == ""


def test_the_retention_is_set_in_the_portfolio_settings(qtbot, workspace, session, partner_id):
    from PySide6.QtWidgets import QDialog

    from planner.services.portfolio_settings import read_settings
    from planner.ui.portfolio_settings_dialog import PortfolioSettingsDialog

    dialog = PortfolioSettingsDialog(session, workspace)
    qtbot.addWidget(dialog)
    assert dialog.history_days.value() == 365
    dialog.history_days.setValue(90)
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert session.call(read_settings).history_days == 90
    tab = open_history(workspace, partner_id)
    assert "kept for 90 days" in tab.summary.text()
    session.undo_stack.undo()
    assert session.call(read_settings).history_days == 365
