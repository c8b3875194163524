"""Edits in the workspace: saved at once, undoable, refused with a message next to the field."""

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from planner.domain.model import Level, Partner, Side, Stakeholder, Strength, Tie
from planner.domain.stages import Stage
from planner.domain.value import Lean
from planner.services import checklist, differences, health, partners, people
from planner.ui.workspace.records import ALERT_ROLE, OBJECT_ROLE
from planner.ui.workspace.value_tab import verdict_text


def open_tab(workspace, partner_id, name):
    workspace.show_partner(partner_id)
    workspace.show_tab(name)
    return workspace.tab(name)


# checklist ---------------------------------------------------------------------------------

def test_tick_an_item_then_undo_and_redo(qtbot, workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "checklist")
    model = tab.panel.model
    commitment = model.index(1, 0)
    row = next(r for r in range(model.rowCount(commitment))
               if model.index(r, 0, commitment).data(Qt.ItemDataRole.CheckStateRole)
               == Qt.CheckState.Unchecked)
    index = model.index(row, 0, commitment)
    item_text = index.data(OBJECT_ROLE).text
    assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole) \
        is False  # the model waits for the saved list
    qtbot.waitUntil(lambda: session.undo_stack.count() == 1)

    def stored():
        return next(i for i in checklist.checklist(session.uow(), partner_id)
                    if i.text == item_text)

    assert stored().done and stored().done_on == session.today()
    assert session.undo_stack.undoText() == f"Tick '{item_text[:39]}…'" or \
        session.undo_stack.undoText() == f"Tick '{item_text}'"
    assert "14/14" in tab.panel.model.index(1, 0).data()  # the group's progress moved on
    session.undo_stack.undo()
    assert not stored().done
    assert "13/14" in model.index(1, 0).data()
    session.undo_stack.redo()
    assert stored().done


def test_add_edit_remove_an_own_item(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "checklist")
    tab.panel.select(tab.panel.records()[2])  # the bridges group: new items go there
    tab.panel.add_button.click()
    dialog = tab.dialog
    dialog.form["text"].set_value("Invite their delivery lead to our kick-off")
    dialog.form["trait"].set_value(9)
    dialog.ok_button.click()
    added = [i for i in checklist.checklist(session.uow(), partner_id)
             if i.text.startswith("Invite their delivery lead")]
    assert len(added) == 1 and added[0].stage is Stage.BRIDGES and added[0].trait == 9
    session.undo_stack.undo()
    assert not [i for i in checklist.checklist(session.uow(), partner_id) if i.id == added[0].id]
    session.undo_stack.redo()  # comes back with the same id
    assert [i for i in checklist.checklist(session.uow(), partner_id) if i.id == added[0].id]
    tab.panel.select(added[0])
    tab.panel.remove_button.click()
    assert not [i for i in checklist.checklist(session.uow(), partner_id) if i.id == added[0].id]


# overview ----------------------------------------------------------------------------------

def test_a_field_saves_when_edited_and_undoes(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "overview")
    field = tab.form["owner"]
    field.line.setText("Priya Natarajan")
    field.line.editingFinished.emit()
    assert partners.get_partner(session.uow(), partner_id).owner == "Priya Natarajan"
    assert session.undo_stack.undoText().startswith("Change owner of 'Helix & Stone")
    session.undo_stack.undo()
    assert partners.get_partner(session.uow(), partner_id).owner == "Hannah Becker"
    assert tab.form["owner"].value() == "Hannah Becker"


def test_an_empty_name_shows_a_message_and_saves_nothing(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "overview")
    name = tab.form["name"]
    name.line.setText("   ")
    name.line.editingFinished.emit()
    assert tab.form.message("name") == "The name is required."
    assert partners.get_partner(session.uow(), partner_id).name == "Helix & Stone Consulting"
    assert session.undo_stack.count() == 0


def test_a_duplicate_name_is_refused_next_to_the_field(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "overview")
    name = tab.form["name"]
    name.line.setText("datastrom")
    name.line.editingFinished.emit()
    assert "already in the portfolio" in tab.form.message("name")
    assert partners.get_partner(session.uow(), partner_id).name == "Helix & Stone Consulting"
    assert session.undo_stack.count() == 0
    assert not workspace.editor.capturing  # the window may show later refusals itself


def test_the_next_review_can_be_cleared(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "overview")
    review = tab.form["next_review"]
    review.has_date.click()  # untick: no date
    assert partners.get_partner(session.uow(), partner_id).next_review is None
    session.undo_stack.undo()
    assert partners.get_partner(session.uow(), partner_id).next_review is not None


def test_moving_forward_asks_to_confirm_and_back_does_not(workspace, session, partner_named,
                                                         monkeypatch):
    aurora = partner_named("Aurora Health Informatics")
    tab = open_tab(workspace, aurora, "overview")
    asked = []
    monkeypatch.setattr(tab, "confirm_move", lambda move: asked.append(move) or False)
    tab.move_to(Stage.COMMITMENT)
    assert len(asked) == 1 and asked[0].unticked  # it listed the unticked items...
    assert partners.get_partner(session.uow(), aurora).stage is Stage.COURTSHIP  # ...declined

    monkeypatch.setattr(tab, "confirm_move", lambda move: asked.append(move) or True)
    tab.move_to(Stage.COMMITMENT)
    assert len(asked) == 2
    assert partners.get_partner(session.uow(), aurora).stage is Stage.COMMITMENT
    assert session.undo_stack.undoText() == "Move 'Aurora Health Informatics' to Commitment"

    tab.move_to(Stage.COURTSHIP)
    assert len(asked) == 2  # moving back needs no confirmation
    assert partners.get_partner(session.uow(), aurora).stage is Stage.COURTSHIP
    session.undo_stack.undo()
    assert partners.get_partner(session.uow(), aurora).stage is Stage.COMMITMENT


# people ------------------------------------------------------------------------------------

def test_add_a_stakeholder_and_a_tie_by_dialog(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "people")
    tab.people_panel.add_button.click()
    dialog = tab.dialog
    dialog.form["name"].set_value("Grace Okafor")
    dialog.form["side"].set_value(Side.THEIRS)
    dialog.form["level"].set_value(Level.OPERATIONAL)
    dialog.ok_button.click()
    assert not dialog.isVisible()
    grace = next(s for s in people.people(session.uow(), partner_id)[0]
                 if s.name == "Grace Okafor")
    assert grace.side is Side.THEIRS and grace.level is Level.OPERATIONAL
    assert grace.id in tab.map.nodes

    tab.ties_panel.add_button.click()
    dialog = tab.dialog
    ours = next(s for s in tab.stakeholders if s.name == "Aisha Rahman")
    dialog.form["ours_id"].set_value(ours.id)
    dialog.form["theirs_id"].set_value(grace.id)
    dialog.form["strength"].set_value(Strength.STRONG)
    dialog.ok_button.click()
    ties = people.people(session.uow(), partner_id)[1]
    assert any(t.ours_id == ours.id and t.theirs_id == grace.id
               and t.strength is Strength.STRONG for t in ties)
    assert len(tab.map.lines) == 9
    session.undo_stack.undo()
    assert len(tab.map.lines) == 8


def test_a_stakeholder_without_a_name_keeps_the_dialog_open(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "people")
    before = len(people.people(session.uow(), partner_id)[0])
    tab.people_panel.add_button.click()
    tab.dialog.ok_button.click()
    assert tab.dialog.isVisible()
    assert tab.dialog.form.message("name") == "The name is required."
    assert len(people.people(session.uow(), partner_id)[0]) == before
    assert session.undo_stack.count() == 0


def test_a_tie_refused_by_the_service_keeps_the_dialog_open(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "people")
    existing = tab.ties[0]
    tab.ties_panel.add_button.click()
    tab.dialog.form["ours_id"].set_value(existing.ours_id)
    tab.dialog.form["theirs_id"].set_value(existing.theirs_id)
    tab.dialog.ok_button.click()
    assert tab.dialog.isVisible()
    assert "already tied" in tab.dialog.message.text()


def test_drag_from_one_person_to_another_adds_a_tie(qtbot, workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "people")
    ties_before = {(t.ours_id, t.theirs_id) for t in tab.ties}
    by_name = {s.name: s for s in tab.stakeholders}
    source, target = by_name["Luca Bianchi"], by_name["Fiona Stone"]
    assert (source.id, target.id) not in ties_before
    view = tab.map

    def at(person) -> QPoint:
        return view.mapFromScene(view.nodes[person.id].sceneBoundingRect().center())

    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     at(source))
    QTest.mouseMove(view.viewport(), at(target))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier, at(target))
    ties = {(t.ours_id, t.theirs_id) for t in people.people(session.uow(), partner_id)[1]}
    assert (source.id, target.id) in ties
    assert session.undo_stack.undoText() == "Add tie 'Luca Bianchi – Fiona Stone'"

    # The drop handler, the other way round and onto the same side.
    theirs, ours = by_name["Beatriz Santos"], by_name["Tomás Echeverría"]
    assert view.drop(theirs.id, ours.id)
    assert not view.drop(ours.id, by_name["Aisha Rahman"].id)
    ties = {(t.ours_id, t.theirs_id) for t in people.people(session.uow(), partner_id)[1]}
    assert (ours.id, theirs.id) in ties


def test_tie_strength_changes_and_removes_from_the_map(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "people")
    tie = next(t for t in tab.ties if t.strength is not Strength.WEAK)
    tab.map.strength_requested.emit(tie, Strength.WEAK)
    assert next(t for t in people.people(session.uow(), partner_id)[1]
                if t.id == tie.id).strength is Strength.WEAK
    tab.map.remove_requested.emit(next(t for t in tab.ties if t.id == tie.id))
    assert all(t.id != tie.id for t in people.people(session.uow(), partner_id)[1])
    session.undo_stack.undo()
    session.undo_stack.undo()
    assert next(t for t in people.people(session.uow(), partner_id)[1]
                if t.id == tie.id).strength is tie.strength


def test_a_thin_web_is_called_out_under_the_map(workspace, session):
    partner = partners.add_partner(session.uow(), Partner("Tiny Alliance"))
    ceo = people.add_stakeholder(session.uow(), Stakeholder(partner.id, "Ann", Side.OURS,
                                                            Level.EXECUTIVE))
    theirs = people.add_stakeholder(session.uow(), Stakeholder(partner.id, "Bo", Side.THEIRS,
                                                               Level.EXECUTIVE,
                                                               ambassador=True))
    people.add_tie(session.uow(), Tie(partner.id, ceo.id, theirs.id))
    tab = open_tab(workspace, partner.id, "people")
    assert tab.web.isVisible()
    assert "only at the top" in tab.web.text()


def test_removing_a_stakeholder_undoes_with_their_ties(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "people")
    person = next(s for s in tab.stakeholders if s.name == "Nadia El-Amin")
    tab.people_panel.select(person)
    tab.people_panel.remove_button.click()
    assert person.id not in tab.map.nodes and len(tab.map.lines) == 5
    session.undo_stack.undo()
    assert person.id in tab.map.nodes and len(tab.map.lines) == 8


# differences -------------------------------------------------------------------------------

def test_differences_sort_by_risk_and_status(workspace, partner_id):
    tab = open_tab(workspace, partner_id, "differences")
    view = tab.panel.view
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # the risk column: highest first
    risks = [d.likelihood.weight * d.impact.weight for d in tab.panel.visible_rows()]
    assert risks == sorted(risks, reverse=True)
    view.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # status: open, managed, resolved
    order = [d.status.value for d in tab.panel.visible_rows()]
    rank = {"open": 0, "managed": 1, "resolved": 2}
    assert [rank[s] for s in order] == sorted(rank[s] for s in order)
    titles = [c.title for c in tab.panel.model.layout.columns]
    question = tab.panel.model.index(0, titles.index("Question to ask")).data()
    assert question.endswith("?")


def test_record_edit_remove_a_difference(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "differences")
    tab.panel.add_button.click()
    tab.dialog.ok_button.click()  # neither side said: the service refuses
    assert "needs one side" in tab.dialog.message.text()
    tab.dialog.form["theirs"].set_value("Decide by consensus in a weekly forum")
    tab.dialog.ok_button.click()
    assert not tab.dialog.isVisible()
    stored = next(d for d in differences.differences(session.uow(), partner_id)
                  if d.theirs.startswith("Decide by consensus"))
    tab.panel.select(stored)
    assert "where does our way of working grate?" in tab.panel.details.toPlainText()
    tab.panel.remove_button.click()
    assert all(d.id != stored.id for d in differences.differences(session.uow(), partner_id))
    session.undo_stack.undo()
    assert any(d.id == stored.id for d in differences.differences(session.uow(), partner_id))


# meetings ----------------------------------------------------------------------------------

def test_overdue_actions_are_marked(workspace, session, partner_named):
    partner_id = partner_named("Quillmark Software")  # three actions overdue in the sample
    tab = open_tab(workspace, partner_id, "meetings")
    model = tab.open_panel.model
    overdue = [r for r in range(model.rowCount()) if model.index(r, 3).data(ALERT_ROLE)]
    assert overdue
    index = model.index(overdue[0], 3)
    assert "Overdue" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert index.data(Qt.ItemDataRole.FontRole).bold()
    action = index.data(Qt.ItemDataRole.UserRole + 2)
    assert action.is_overdue(session.today())


def test_record_a_meeting_with_an_action_and_tick_it_done(qtbot, workspace, session,
                                                          partner_id):
    from planner.services import meetings

    tab = open_tab(workspace, partner_id, "meetings")
    tab.log_panel.add_button.click()
    dialog = tab.dialog
    fiona = next(s for s in tab.stakeholders if s.name == "Fiona Stone")
    dialog.form["attendee_ids"].set_value((fiona.id,))
    dialog.form["notes"].set_value("Agreed the second joint offer")
    dialog.form["moment_of_truth"].set_value(True)
    dialog.ok_button.click()
    meeting = meetings.meetings(session.uow(), partner_id)[0]
    assert meeting.attendee_ids == (fiona.id,) and meeting.moment_of_truth

    tab.log_panel.select(meeting)
    tab.add_action_button.click()
    tab.dialog.form["text"].set_value("Send the offer draft")
    tab.dialog.ok_button.click()
    action = next(a for a in meetings.actions(session.uow(), partner_id)
                  if a.text == "Send the offer draft")
    assert action.meeting_id == meeting.id
    assert action in tab.open_panel.records()

    tab.open_panel.toggled.emit(action, True)
    assert next(a for a in meetings.actions(session.uow(), partner_id)
                if a.id == action.id).done
    assert action.id not in {a.id for a in tab.open_panel.records()}
    session.undo_stack.undo()
    assert action.id in {a.id for a in tab.open_panel.records()}


# value and health --------------------------------------------------------------------------

def test_a_lopsided_balance_gets_its_sentence(workspace, partner_named):
    tab = open_tab(workspace, partner_named("Meridian Geodata"), "value")
    assert tab.bar.balance.lopsided is not None
    assert tab.sentence.text().startswith("Lopsided")
    assert tab.bar.balance.lean is Lean.LOPSIDED
    # the verdict reads the last two quarters, which the bar draws
    assert tab.sentence.text() == verdict_text(tab.bar.balance, tab.currency).replace(
        ":", " over the last 2 quarters:", 1)


def test_value_is_shown_in_the_portfolio_currency(workspace, session, partner_named):
    from planner.services.portfolio_settings import update_settings

    update_settings(session.uow(), currency="CHF")
    session.changed.emit(0)  # as every edit through the session announces itself
    tab = open_tab(workspace, partner_named("Meridian Geodata"), "value")
    assert tab.currency == "CHF"
    assert "CHF" in tab.sentence.text()
    assert tab.panel.model.index(0, 2).data().endswith(" CHF")


def test_record_a_health_check_feeds_the_charts(workspace, session, partner_id):
    tab = open_tab(workspace, partner_id, "health")
    points_before = len(tab.trend.points)
    tab.panel.add_button.click()
    dialog = tab.dialog
    for key in dialog.form.fields:
        if key not in ("date", "comment"):
            dialog.form[key].set_value((2, 4))
    dialog.form["comment"].set_value("A rough quarter")
    dialog.ok_button.click()
    checks = health.checks(session.uow(), partner_id)
    latest = max(checks, key=lambda c: (c.date, c.id))
    assert latest.comment == "A rough quarter"
    assert tab.radar.check == latest
    assert {s.ours for s in tab.radar.check.scores} == {2}
    assert len(tab.trend.points) == points_before + 1
    assert tab.trend.points[-1][1] == 2.0
    assert "falling" in tab.trend_word.text()
    session.undo_stack.undo()
    assert len(tab.trend.points) == points_before
