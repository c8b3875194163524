"""The team portfolio's parts of the window, rendered and audited like the rest (see
test_layout): the Connect dialog (empty, and saying what went wrong), a team portfolio's
window with its title, a reader's window, and the banner when the server does not answer, in
a light and a dark palette at 1024x700 and 1600x1000. Renders go to $PLANNER_RENDERS."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

from tests.team.relay import Relay
from tests.ui.test_layout import SIZES, look, palette, renders  # noqa: F401 - fixtures
from tests.ui.test_team_window import editor, no_keyring, reader  # noqa: F401 - fixtures


def read_only_but_readable(form) -> list[str]:
    """A reader's form takes no typing (its fields are read-only, not disabled) and its
    values keep AA contrast: the palette's own colours, never a disabled grey."""
    from PySide6.QtGui import QPalette

    from planner.ui.look import contrast

    assert not form.is_writable()
    colours, on = form.palette(), QPalette.ColorGroup.Active
    role = QPalette.ColorRole
    pairs = {"text on its field": (role.Text, role.Base), "label": (role.WindowText, role.Window),
             "choice": (role.ButtonText, role.Button)}
    return [f"read-only {what}: {ratio:.2f}:1" for what, (fore, back) in pairs.items()
            if (ratio := contrast(colours.color(on, fore), colours.color(on, back))) < 4.5]


def test_the_connect_dialog_fits_and_reads(make_window, palette, renders, qtbot):  # noqa: F811
    window = make_window()
    window.resize(*SIZES[0])
    dialog = window.files.connect_dialog()
    qtbot.waitUntil(lambda: "keyring" in dialog.remember.text()
                    and not dialog.remember.text().startswith("Looking"))
    findings = look(dialog, renders, f"{palette}-connect")
    if dialog.remember.width() < dialog.remember.sizeHint().width():  # said after showing
        findings.append(f"the keyring's sentence is cut: '{dialog.remember.text()}'")
    dialog.host.setText("db.example.com")
    dialog.database.setText("alliances")
    dialog.message.say("The server db.example.com did not accept the password for alice; "
                       "check it and try again.")
    dialog.create_button.show()
    findings += look(dialog, renders, f"{palette}-connect-refused")
    assert dialog.width() <= SIZES[0][0] and dialog.height() <= SIZES[0][1]
    assert findings == [], "\n".join(findings)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_team_window_a_readers_window_and_the_banner_fit_and_read(
        make_window, editor, reader, palette, size, renders, qtbot):  # noqa: F811
    tag = f"{palette}-{size[0]}"
    window = make_window(reader)
    window.resize(*size)
    window.select_partner(window.panel.model.row_at(0).partner_id)
    window.workspace.show_tab("people")
    findings = look(window, renders, f"{tag}-team-reader")
    window.workspace.show_tab("overview")  # the form a reader reads but cannot change
    findings += look(window, renders, f"{tag}-team-reader-overview")
    overview = window.workspace.tab("overview")
    findings += read_only_but_readable(overview.form)
    scroll = overview.findChild(QScrollArea)
    if scroll.horizontalScrollBar().maximum() > 0:  # nothing behind a horizontal scroll bar
        findings.append(f"{tag}: the overview is {scroll.horizontalScrollBar().maximum()} px "
                        "wider than its pane")
    window.close()

    relay = Relay(editor.host, editor.port)
    try:
        window = make_window(dataclasses.replace(editor, port=relay.port)
                             .with_password(editor.password))
        window.resize(*size)
        window.select_partner(window.panel.model.row_at(0).partner_id)
        findings += look(window, renders, f"{tag}-team")
        relay.cut()
        owner = window.workspace.tab("overview").form["owner"]
        owner.line.setText("Priya Natarajan")
        owner.line.editingFinished.emit()
        assert window.banner.isVisible()
        QApplication.processEvents()
        findings += look(window, renders, f"{tag}-team-banner")
        window.close()
    finally:
        relay.close()
    assert findings == [], "\n".join(findings)
