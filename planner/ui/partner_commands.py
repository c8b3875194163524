"""Undoable partner edits for the window (Anki's `operations` pattern): each is one session.edit.

Redo of an undone addition restores the very same partner (same ids) rather than adding a new
one, so later commands on the stack that name the partner's id stay valid.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from planner.domain.model import Partner
from planner.services import partners
from planner.ui.session import AppSession


def tr(text: str) -> str:
    return QCoreApplication.translate("PartnerCommands", text)


def add_partner(session: AppSession, partner: Partner) -> Partner | None:
    """Add a partner (with the template checklist); the stored partner, or None if refused."""
    state: dict = {}

    def do():
        if "record" in state:
            state["partner"] = partners.restore_partner(session.uow(), state["record"])
        else:
            state["partner"] = partners.add_partner(session.uow(), partner)
        return state["partner"]

    def undo(added: Partner):
        # only as it was added (or last restored): a partner someone else changed since
        # is kept, and the refusal names who changed what
        state["record"] = partners.remove_partner(session.uow(), added.id, added.version)

    text = tr("Add partner '{0}'").format(" ".join(partner.name.split()))
    return state["partner"] if session.edit(text, do, undo) else None


def remove_partner(session: AppSession, partner: Partner) -> bool:
    """Remove a partner and everything it holds, as the user saw it: a partner someone else
    changed after `partner` was loaded is refused with who changed what, never removed over
    their change. Undo puts it all back with the same ids; a redo removes it again only at
    the version undo restored it at."""
    seen = {"version": partner.version}

    def do():
        return partners.remove_partner(session.uow(), partner.id, seen["version"])

    def undo(record):
        seen["version"] = partners.restore_partner(session.uow(), record).version

    return session.edit(tr("Remove partner '{0}'").format(partner.name), do, undo)
