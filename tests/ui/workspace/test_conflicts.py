"""Two people editing one record in the app: the second save of a stale record is refused
with who changed what and when, the workspace reloads to show the other person's change, and
what the user typed stays in the form. Undo over someone else's later change is refused the
same way. On a team portfolio (two database users, two windows) and on a file."""

import dataclasses
import re

import pytest

from planner.services import differences, partners
from planner.ui.session import AppSession
from tests.two_people import CLOCK, name_of

HELIX = "Helix & Stone Consulting"


@pytest.fixture
def make_workspace(qtbot):
    from planner.ui.workspace import PartnerWorkspace

    def make(portfolio):
        session = AppSession(portfolio)
        workspace = PartnerWorkspace(session)
        qtbot.addWidget(workspace)
        workspace.resize(650, 700)
        workspace.show()
        return session, workspace

    return make


def helix(portfolio):
    return partners.find_partner(portfolio.uow(), HELIX).id


def open_differences(workspace, partner_id):
    workspace.show_partner(partner_id)
    workspace.show_tab("differences")
    return workspace.tab("differences")


def test_a_stale_dialog_save_is_refused_keeps_the_typing_and_shows_their_change(
        people, make_workspace):
    ann, bob = people
    partner_id = helix(ann)
    ann_session, ann_space = make_workspace(ann)
    bob_session, bob_space = make_workspace(bob)
    ann_tab = open_differences(ann_space, partner_id)
    bob_tab = open_differences(bob_space, partner_id)

    target = ann_tab.panel.visible_rows()[0]
    ann_tab.panel.select(target)
    ann_tab.panel.edit_button.click()
    dialog = ann_tab.dialog
    dialog.form["owner"].set_value("Ann Example")  # Ann types, Bob saves first

    bob_tab.panel.select(next(d for d in bob_tab.panel.records() if d.id == target.id))
    bob_tab.panel.edit_button.click()
    bob_tab.dialog.form["management"].set_value("Bob's joint monthly review")
    bob_tab.dialog.ok_button.click()
    assert not bob_tab.dialog.isVisible()

    dialog.ok_button.click()
    assert dialog.isVisible()  # refused: nothing Ann typed is lost
    assert re.fullmatch(rf"{re.escape(name_of(bob))} changed the agreed way to manage this "
                        rf"difference {CLOCK}; your change was not saved\.",
                        dialog.message.text()), dialog.message.text()
    assert dialog.form["owner"].value() == "Ann Example"
    # the field Ann left alone shows Bob's change, and so does her workspace behind
    assert dialog.form["management"].value() == "Bob's joint monthly review"
    shown = next(d for d in ann_tab.panel.records() if d.id == target.id)
    assert shown.management == "Bob's joint monthly review"
    stored = next(d for d in differences.differences(ann.uow(), partner_id)
                  if d.id == target.id)
    assert stored.owner == target.owner  # Ann's text was not written
    assert ann_session.undo_stack.count() == 0

    dialog.ok_button.click()  # now over the version she sees: saved, with both changes
    assert not dialog.isVisible()
    stored = next(d for d in differences.differences(bob.uow(), partner_id)
                  if d.id == target.id)
    assert (stored.owner, stored.management) == ("Ann Example", "Bob's joint monthly review")


def test_a_stale_overview_field_keeps_the_typing_next_to_the_message(people, make_workspace):
    ann, bob = people
    partner_id = helix(ann)
    _, ann_space = make_workspace(ann)
    ann_space.show_partner(partner_id)
    ann_space.show_tab("overview")
    overview = ann_space.tab("overview")

    loaded = partners.get_partner(bob.uow(), partner_id)
    partners.update_partner(bob.uow(), dataclasses.replace(loaded, owner="Bob Example"),
                            loaded=loaded)

    field = overview.form.fields["notes"]
    field.set_value("Ann's notes from the dinner")
    overview.save_field(field)

    message = overview.form.message("notes")
    assert re.fullmatch(rf"{re.escape(name_of(bob))} changed the owner of this partner "
                        rf"{CLOCK}; your change was not saved\.", message), message
    assert field.value() == "Ann's notes from the dinner"  # kept, not saved
    assert overview.form.fields["owner"].value() == "Bob Example"  # their change, shown
    assert partners.get_partner(bob.uow(), partner_id).notes != "Ann's notes from the dinner"

    overview.save_field(field)  # saving again saves it over the version now shown
    stored = partners.get_partner(bob.uow(), partner_id)
    assert (stored.notes, stored.owner) == ("Ann's notes from the dinner", "Bob Example")


def test_undo_over_someone_elses_later_change_is_refused(people, make_workspace):
    ann, bob = people
    partner_id = helix(ann)
    ann_session, ann_space = make_workspace(ann)
    refusals = []
    ann_session.failed.connect(refusals.append)
    tab = open_differences(ann_space, partner_id)
    target = tab.panel.visible_rows()[0]
    tab.panel.select(target)
    tab.panel.edit_button.click()
    tab.dialog.form["owner"].set_value("Ann Example")
    tab.dialog.ok_button.click()
    assert ann_session.undo_stack.count() == 1

    def stored():
        return next(d for d in differences.differences(bob.uow(), partner_id)
                    if d.id == target.id)

    mine = stored()
    differences.update_difference(bob.uow(), dataclasses.replace(mine, question="Why now?"),
                                  loaded=mine)
    ann_session.undo_stack.undo()

    assert re.fullmatch(rf"{re.escape(name_of(bob))} changed the question to ask about this "
                        rf"difference {CLOCK}; your change was not saved\.", refusals[-1])
    assert (stored().owner, stored().question) == ("Ann Example", "Why now?")
    shown = next(d for d in tab.panel.records() if d.id == target.id)
    assert shown.question == "Why now?"  # the workspace reloaded


def test_undo_and_redo_without_anyone_else_still_work(people, make_workspace):
    ann, _ = people
    partner_id = helix(ann)
    ann_session, ann_space = make_workspace(ann)
    tab = open_differences(ann_space, partner_id)
    target = tab.panel.visible_rows()[0]
    tab.panel.select(target)
    tab.panel.edit_button.click()
    tab.dialog.form["owner"].set_value("Ann Example")
    tab.dialog.ok_button.click()

    def owner():
        return next(d for d in differences.differences(ann.uow(), partner_id)
                    if d.id == target.id).owner

    for _ in range(2):
        ann_session.undo_stack.undo()
        assert owner() == target.owner
        ann_session.undo_stack.redo()
        assert owner() == "Ann Example"


def test_undoing_an_add_someone_else_has_changed_since_keeps_it(people, make_workspace):
    ann, bob = people
    partner_id = helix(ann)
    ann_session, ann_space = make_workspace(ann)
    refusals = []
    ann_session.failed.connect(refusals.append)
    tab = open_differences(ann_space, partner_id)
    tab.panel.add_button.click()
    tab.dialog.form["theirs"].set_value("They sign off in committee")
    tab.dialog.ok_button.click()
    added = next(d for d in differences.differences(bob.uow(), partner_id)
                 if d.theirs == "They sign off in committee")
    differences.update_difference(bob.uow(), dataclasses.replace(added, owner="Bob"),
                                  loaded=added)
    ann_session.undo_stack.undo()
    assert re.search(rf"changed this difference {CLOCK}; it was not removed\.", refusals[-1])
    assert any(d.id == added.id and d.owner == "Bob"
               for d in differences.differences(bob.uow(), partner_id))


def test_undoing_a_tick_after_someone_else_changed_the_item_is_refused(people,
                                                                       make_workspace):
    from PySide6.QtCore import Qt

    from planner.services import checklist
    from planner.ui.workspace.records import OBJECT_ROLE

    ann, bob = people
    partner_id = helix(ann)
    ann_session, ann_space = make_workspace(ann)
    refusals = []
    ann_session.failed.connect(refusals.append)
    ann_space.show_partner(partner_id)
    ann_space.show_tab("checklist")
    tab = ann_space.tab("checklist")
    model = tab.panel.model
    group = model.index(1, 0)
    index = next(model.index(r, 0, group) for r in range(model.rowCount(group))
                 if model.index(r, 0, group).data(Qt.ItemDataRole.CheckStateRole)
                 == Qt.CheckState.Unchecked)
    item = index.data(OBJECT_ROLE)
    tab.tick(item, True)
    assert ann_session.undo_stack.count() == 1

    def stored():
        return next(i for i in checklist.checklist(bob.uow(), partner_id) if i.id == item.id)

    ticked = stored()
    checklist.update_item(bob.uow(), dataclasses.replace(ticked, note="Bob's note"),
                          loaded=ticked)
    ann_session.undo_stack.undo()
    assert re.fullmatch(rf"{re.escape(name_of(bob))} changed the note of this checklist item "
                        rf"{CLOCK}; your change was not saved\.", refusals[-1])
    assert stored().done and stored().note == "Bob's note"


def test_undoing_a_stage_move_after_someone_else_changed_the_partner_is_refused(
        people, make_workspace):
    from planner.domain.stages import Stage

    ann, bob = people
    partner_id = helix(ann)
    ann_session, ann_space = make_workspace(ann)
    refusals = []
    ann_session.failed.connect(refusals.append)
    ann_space.show_partner(partner_id)
    ann_space.show_tab("overview")
    overview = ann_space.tab("overview")
    overview.move_to(Stage.COMMITMENT)  # back: no confirmation asked
    assert partners.get_partner(bob.uow(), partner_id).stage is Stage.COMMITMENT
    loaded = partners.get_partner(bob.uow(), partner_id)
    partners.update_partner(bob.uow(), dataclasses.replace(loaded, stage=Stage.EXIT),
                            loaded=loaded)
    ann_session.undo_stack.undo()
    assert re.search(rf"changed this partner {CLOCK}; your change was not saved\.$",
                     refusals[-1])
    assert partners.get_partner(bob.uow(), partner_id).stage is Stage.EXIT
    ann_session.undo_stack.redo()  # the undo was refused: nothing to redo over Bob either
    assert partners.get_partner(bob.uow(), partner_id).stage is Stage.EXIT
