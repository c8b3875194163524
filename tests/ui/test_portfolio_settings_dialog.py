"""File > Portfolio Settings with two people at once: the second Save over a setting the
first one changed is refused in the dialog with who and when; what the user typed stays,
the settings they left alone take the other person's values, and Save then saves. Undo of a
settings change someone else has changed since is refused the same way."""

import re

import pytest
from PySide6.QtWidgets import QDialog

from planner.services.portfolio_settings import read_settings, update_settings
from planner.ui.portfolio_settings_dialog import PortfolioSettingsDialog
from planner.ui.session import AppSession
from tests.two_people import CLOCK, name_of


@pytest.fixture
def dialog_for(qtbot):
    def make(portfolio):
        session = AppSession(portfolio)
        dialog = PortfolioSettingsDialog(session)
        qtbot.addWidget(dialog)
        dialog.show()
        return session, dialog

    return make


def test_a_stale_settings_save_is_refused_in_the_dialog_and_keeps_the_typing(people,
                                                                             dialog_for):
    ann, bob = people
    _, anns = dialog_for(ann)
    _, bobs = dialog_for(bob)
    anns.history_days.setValue(90)  # Ann types; Bob saves first
    bobs.history_days.setValue(30)
    bobs.name.setText("Bob's alliances")
    bobs.save()
    assert bobs.result() == QDialog.DialogCode.Accepted

    anns.save()

    assert anns.isVisible() and anns.result() != QDialog.DialogCode.Accepted
    assert re.fullmatch(rf"{re.escape(name_of(bob))} changed how long this portfolio keeps "
                        rf"its history {CLOCK}; your change was not saved\.",
                        anns.message.text()), anns.message.text()
    assert anns.history_days.value() == 90  # what Ann typed
    assert anns.name.text() == "Bob's alliances"  # what she left alone shows Bob's change
    stored = read_settings(ann.uow())
    assert (stored.name, stored.history_days) == ("Bob's alliances", 30)

    anns.save()  # she has seen Bob's change: now hers is saved over it
    assert anns.result() == QDialog.DialogCode.Accepted
    stored = read_settings(ann.uow())
    assert (stored.name, stored.history_days) == ("Bob's alliances", 90)


def test_undo_of_a_settings_change_someone_changed_since_is_refused(people, dialog_for):
    ann, bob = people
    session, anns = dialog_for(ann)
    anns.currency.setCurrentText("CHF")
    anns.save()
    assert read_settings(ann.uow()).currency == "CHF"
    update_settings(bob.uow(), currency="GBP", loaded=read_settings(bob.uow()))
    refusals = []
    session.failed.connect(refusals.append)

    session.undo_stack.undo()

    assert refusals and re.fullmatch(
        rf"{re.escape(name_of(bob))} changed the currency of this portfolio {CLOCK}; your "
        r"change was not saved\.", refusals[-1]), refusals
    assert read_settings(ann.uow()).currency == "GBP"


def test_undo_and_redo_alone_still_work(people, dialog_for):
    ann, _ = people
    session, anns = dialog_for(ann)
    before = read_settings(ann.uow())
    anns.name.setText("Northwind alliances")
    anns.history_days.setValue(120)
    anns.save()
    session.undo_stack.undo()
    after_undo = read_settings(ann.uow())
    assert (after_undo.name, after_undo.history_days) == (before.name, before.history_days)
    session.undo_stack.redo()
    redone = read_settings(ann.uow())
    assert (redone.name, redone.history_days) == ("Northwind alliances", 120)
