"""Removing a partner from the portfolio list, and the undo and redo of it, only as the user
saw it: a partner someone else changed since it was loaded is never removed over their
change; the refusal names who changed what and when. On a team portfolio (two database users)
and on a file (two units of work on the one open portfolio)."""

import dataclasses
import re

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.domain.model import Partner
from planner.services import partners
from planner.ui import partner_commands
from tests.two_people import CLOCK, name_of

HELIX = "Helix & Stone Consulting"


@pytest.fixture
def warnings(monkeypatch):
    shown = []

    def warn(parent, title, text, *args, **kwargs):
        shown.append(text)
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warn))
    return shown


@pytest.fixture
def ann_window(people, qtbot, settings):
    from planner.ui.main_window import MainWindow

    window = MainWindow(settings)
    qtbot.addWidget(window)
    window.set_portfolio(people[0])
    window.show()
    return window


def bob_changes(bob, name: str, **changes) -> Partner:
    stored = partners.find_partner(bob.uow(), name)
    return partners.update_partner(bob.uow(), dataclasses.replace(stored, **changes))


def names(portfolio) -> list[str]:
    return [p.name for p in partners.list_partners(portfolio.uow())]


def test_removing_a_partner_someone_changed_since_the_list_loaded_is_refused(
        people, ann_window, warnings):
    ann, bob = people
    window = ann_window
    helix = partners.find_partner(ann.uow(), HELIX)
    assert window.panel.select_partner(helix.id)  # the list shows Helix as loaded
    bob_changes(bob, HELIX, notes="Bob's notes from the call")

    window.actions.remove_partner.trigger()

    assert len(warnings) == 1, "the refusal was not shown once"
    assert re.fullmatch(rf"{re.escape(name_of(bob))} changed this partner {CLOCK}; it was not "
                        r"removed\.", warnings[-1]), warnings[-1]
    assert partners.find_partner(ann.uow(), HELIX).notes == "Bob's notes from the call"
    assert not window.session.undo_stack.canUndo()  # nothing was done, nothing to undo


def test_a_fresh_removal_still_works_and_undo_brings_it_back(people, ann_window, warnings):
    ann, _ = people
    window = ann_window
    helix = partners.find_partner(ann.uow(), HELIX)
    window.panel.select_partner(helix.id)
    window.actions.remove_partner.trigger()
    assert HELIX not in names(ann) and not warnings
    window.session.undo_stack.undo()
    assert partners.find_partner(ann.uow(), HELIX) == helix
    window.session.undo_stack.redo()
    assert HELIX not in names(ann) and not warnings


def test_redoing_a_removal_after_someone_changed_the_restored_partner_is_refused(
        people, ann_window, warnings):
    ann, bob = people
    session = ann_window.session
    helix = partners.find_partner(ann.uow(), HELIX)
    assert partner_commands.remove_partner(session, helix)
    session.undo_stack.undo()  # Helix is back, at the version it was removed at
    bob_changes(bob, HELIX, owner="Bob")

    session.undo_stack.redo()

    assert re.fullmatch(rf"{re.escape(name_of(bob))} changed this partner {CLOCK}; it was not "
                        r"removed\.", warnings[-1]), warnings
    assert partners.find_partner(ann.uow(), HELIX).owner == "Bob"


def test_undoing_an_added_partner_someone_changed_since_keeps_it(people, ann_window, warnings):
    ann, bob = people
    session = ann_window.session
    added = partner_commands.add_partner(session, Partner("Nordlicht"))
    assert added is not None
    bob_changes(bob, "Nordlicht", definition="Joint bids for the wind farms")

    session.undo_stack.undo()

    assert re.fullmatch(rf"{re.escape(name_of(bob))} changed this partner {CLOCK}; it was not "
                        r"removed\.", warnings[-1]), warnings
    kept = partners.find_partner(ann.uow(), "Nordlicht")
    assert kept is not None and kept.definition == "Joint bids for the wind farms"
