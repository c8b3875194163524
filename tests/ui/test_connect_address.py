"""Pasting a postgresql:// address into the Connect dialog's server field fills in every
field; a password in it goes to the password field and nowhere the app keeps anything."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from planner.ui.connect_dialog import ConnectDialog
from tests.ui.test_team_window import (  # noqa: F401 - fixtures used by name
    editor,
    no_keyring,
    no_session_passwords,
)


@pytest.fixture
def dialog(qtbot, make_window):
    window = make_window()
    dialog = window.files.connect_dialog()
    qtbot.addWidget(dialog)
    return dialog


def paste(qtbot, field, text: str) -> None:
    """As a person pastes: the clipboard, then Ctrl+V in the field."""
    QApplication.clipboard().setText(text)
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def fields(dialog: ConnectDialog) -> tuple:
    return (dialog.host.text(), dialog.port.value(), dialog.database.text(),
            dialog.user.text(), dialog.sslmode.currentData(), dialog.password.text())


def test_a_pasted_address_fills_host_port_database_user_and_encryption(dialog, qtbot):
    paste(qtbot, dialog.host, "postgresql://ann@db.example.com:5433/alliances?sslmode=require")
    assert fields(dialog) == ("db.example.com", 5433, "alliances", "ann", "require", "")
    assert dialog.message.text() == ""
    assert dialog.location().url == \
        "postgresql://ann@db.example.com:5433/alliances?sslmode=require"


def test_a_password_in_the_address_goes_to_the_password_field_only(dialog, qtbot):
    paste(qtbot, dialog.host, "postgres://bob:s%40cret@10.1.2.3/team%20db?sslmode=verify-ca"
                              "&connect_timeout=5")
    assert fields(dialog) == ("10.1.2.3", 5432, "team db", "bob", "verify-ca", "s@cret")
    assert "s@cret" not in dialog.host.text() and dialog.location().password is None
    assert dict(dialog.location().query) == {"connect_timeout": "5", "sslmode": "verify-ca"}


def test_an_address_without_a_user_keeps_the_user_field(dialog, qtbot):
    dialog.user.setText("carol")
    paste(qtbot, dialog.host, "postgresql://db.example.com/alliances")
    assert fields(dialog)[:5] == ("db.example.com", 5432, "alliances", "carol", "")


def test_an_address_typed_key_by_key_is_taken_when_the_field_is_left(dialog, qtbot):
    dialog.host.setFocus()
    qtbot.keyClicks(dialog.host, "postgresql://ann@db.example.com/alliances")
    assert dialog.host.text() == "postgresql://ann@db.example.com/alliances"  # not cut early
    dialog.host.editingFinished.emit()  # as when Tab leaves the field
    assert fields(dialog)[:4] == ("db.example.com", 5432, "alliances", "ann")


def test_an_address_the_app_cannot_take_is_one_sentence_and_changes_nothing(dialog, qtbot):
    dialog.database.setText("kept")
    paste(qtbot, dialog.host, "postgresql://ann@db.example.com/alliances?colour=blue")
    assert dialog.message.text() == ("postgresql://ann@db.example.com/alliances?colour=blue "
                                     "has the setting 'colour', which a team portfolio "
                                     "address does not take.")
    assert dialog.database.text() == "kept"


def test_connecting_with_a_pasted_password_keeps_it_out_of_settings_and_open_recent(
        make_window, editor, qtbot, settings):  # noqa: F811
    window = make_window()
    dialog = window.files.connect_dialog()
    paste(qtbot, dialog.host, f"postgresql://{editor.user}:{editor.password}@{editor.host}:"
                              f"{editor.port}/{editor.database}?sslmode=disable")
    assert dialog.password.text() == editor.password
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: window.session is not None, timeout=15000)
    settings.sync()
    assert editor.password not in settings.path.read_text()
    recent = settings.recent_locations()[0]
    assert recent.password is None and editor.password not in recent.url
    assert (recent.database, recent.user, dict(recent.query)) == (
        editor.database, editor.user, {"sslmode": "disable"})
