"""The window on a team portfolio, against the real PostgreSQL server: connecting (the
dialog, passwords, the keyring, an empty database), the title bar, Open Recent, and the
banner when the server stops answering (through a relay the test cuts, a network that goes
away) with the unsaved change kept in its form."""

import dataclasses
import datetime as dt

import keyring
import pytest
import shiboken6
from keyring.backend import KeyringBackend
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from planner.domain.errors import ServerUnreachable
from planner.services import partners, portfolio_io
from planner.services.portfolio import open_portfolio
from planner.ui import passwords
from tests.team.relay import Relay


class MemoryKeyring(KeyringBackend):
    """A keyring backend that keeps passwords in a dict: the keyring API for real, without
    a desktop's secret service (which a headless test machine has not)."""

    priority = 1

    def __init__(self):
        super().__init__()
        self.stored = {}

    def get_password(self, service, username):
        return self.stored.get((service, username))

    def set_password(self, service, username, password):
        self.stored[(service, username)] = password

    def delete_password(self, service, username):
        self.stored.pop((service, username), None)


@pytest.fixture(autouse=True)
def no_keyring():
    """No keyring (as on a headless machine), and never the real one of whoever runs this."""
    from keyring.backends import fail

    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture
def memory_keyring(no_keyring):
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture(autouse=True)
def no_session_passwords(monkeypatch):
    monkeypatch.setattr(passwords, "_this_session", {})
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")


@pytest.fixture
def editor(postgres_server, team_portfolio_location, make_user):
    """A user who may change the portfolio's rows, and the portfolio holding the sample."""
    name, password = make_user("editor")
    database = team_portfolio_location.database
    postgres_server.execute(f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA '
                            f'public TO "{name}"',
                            f'GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO "{name}"',
                            database=database)
    with open_portfolio(team_portfolio_location) as portfolio:
        portfolio_io.import_records(portfolio.uow(), portfolio_io.sample_records(
            dt.date.today()))
    return postgres_server.location(database, name, password)


def fill(dialog, location, password=""):
    dialog.host.setText(location.host)
    dialog.port.setValue(location.port)
    dialog.database.setText(location.database)
    dialog.user.setText(location.user)
    dialog.password.setText(password)


def test_connect_asks_for_the_password_and_keeps_the_fields_when_it_is_wrong(
        make_window, editor, qtbot, settings, messages):
    window = make_window()
    dialog = window.files.connect_dialog()
    assert not dialog.remember.isEnabled()  # no keyring on this machine: asked each time
    fill(dialog, editor)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.failure_line() != "", timeout=15000)
    assert dialog.failure_line() == f"The server {editor.host} needs a password for " \
                                    f"{editor.user}."
    assert dialog.isVisible() and window.session is None
    dialog.password.setText("not-it")
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: "did not accept" in dialog.failure_line(), timeout=15000)
    assert (dialog.host.text(), dialog.database.text(), dialog.user.text()) == (
        editor.host, editor.database, editor.user)
    dialog.password.setText(editor.password)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: window.session is not None, timeout=15000)
    assert (not shiboken6.isValid(dialog) or not dialog.isVisible()) and messages == []
    assert window.session.portfolio.is_team and not window.session.read_only
    assert window.windowTitle() == (f"{editor.database} on {editor.host}:{editor.port} "
                                    "\u2014 Partner Planner")
    assert window.panel.model.rowCount() == 8
    # Open Recent names the connection, and nothing the app wrote holds the password
    settings.sync()
    assert settings.recent_locations() == [editor.with_password(None)]
    assert editor.password not in settings.path.read_text()
    window.actions.recent_menu.aboutToShow.emit()
    labels = [a.text() for a in window.actions.recent_menu.actions()]
    assert f"&1 {editor.database} on {editor.host}:{editor.port}" in labels
    # no keyring: the password is remembered for this session only
    assert passwords.stored_password(editor) == editor.password
    assert not window.actions.backups.isEnabled()
    assert window.actions.check_file.text() == "C&heck Portfolio"


def test_the_keyring_keeps_the_password_and_open_recent_reconnects_with_it(
        make_window, editor, qtbot, memory_keyring, messages):
    window = make_window()
    dialog = window.files.connect_dialog()
    # the keyring is asked in the background, never on the window's thread
    qtbot.waitUntil(lambda: dialog.remember.isEnabled() and dialog.remember.isChecked())
    fill(dialog, editor, editor.password)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: window.session is not None, timeout=15000)
    qtbot.waitUntil(lambda: memory_keyring.stored == {("Partner Planner", editor.key):
                                                      editor.password})
    window.close_portfolio()
    window.open_recent(window.settings.recent_locations()[0])
    qtbot.waitUntil(lambda: window.session is not None, timeout=15000)
    assert window.session.portfolio.location.database == editor.database
    assert messages == []


def test_a_password_from_pgpassword_needs_no_question(make_window, editor, qtbot, monkeypatch):
    monkeypatch.setenv("PGPASSWORD", editor.password)  # libpq reads it itself
    window = make_window()
    window.files.open_path(editor.url)
    qtbot.waitUntil(lambda: window.session is not None, timeout=15000)
    assert window.session.portfolio.name == f"{editor.database} on {editor.host}:{editor.port}"


def test_open_recent_without_a_kept_password_asks_in_the_dialog(make_window, editor, qtbot):
    from planner.ui.connect_dialog import ConnectDialog

    window = make_window()
    window.open_recent(editor.with_password(None))
    qtbot.waitUntil(lambda: isinstance(window.findChild(ConnectDialog), ConnectDialog)
                    and window.findChild(ConnectDialog).isVisible(), timeout=15000)
    dialog = window.findChild(ConnectDialog)
    assert dialog.database.text() == editor.database and dialog.user.text() == editor.user
    assert "needs a password" in dialog.failure_line()
    assert dialog.password.hasFocus() or not dialog.isActiveWindow()


def test_an_empty_database_can_be_made_a_portfolio_by_whoever_may(make_window, qtbot,
                                                                  team_location, postgres_server,
                                                                  make_user):
    window = make_window()
    name, password = make_user("nocreate")
    dialog = window.files.connect_dialog()
    fill(dialog, postgres_server.location(team_location.database, name), password)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.failure_line() != "", timeout=15000)
    assert dialog.failure_line() == (f"The database {team_location.shown} holds no portfolio "
                                     "yet, and you may not create one there; ask whoever "
                                     "runs the server.")
    assert dialog.create_button.isHidden()
    fill(dialog, team_location, team_location.password)  # the database's owner
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: dialog.create_button.isVisible(), timeout=15000)
    assert "you can create one there" in dialog.failure_line()
    assert window.session is None  # nothing created until asked
    dialog.create_button.click()
    qtbot.waitUntil(lambda: window.session is not None, timeout=30000)
    assert window.panel.model.rowCount() == 0


# the server does not answer --------------------------------------------------------------

@pytest.fixture
def relayed_editor(editor):
    relay = Relay(editor.host, editor.port)
    yield relay, dataclasses.replace(editor, port=relay.port).with_password(editor.password)
    relay.close()


def test_a_server_that_goes_away_is_a_banner_the_change_stays_and_retry_brings_it_back(
        make_window, relayed_editor, qtbot, messages, monkeypatch):
    relay, location = relayed_editor
    window = make_window(location)
    boxes = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: boxes.append(box.text()))
    target = next(s.partner.id for s in window.panel.model.summaries()
                  if s.partner.name == "Datastrom")
    window.select_partner(target)
    tab = window.workspace.tab("overview")
    assert window.banner.isHidden()

    relay.cut()
    owner = tab.form["owner"]
    owner.line.setText("Priya Natarajan")
    owner.line.editingFinished.emit()
    assert window.banner.isVisible()
    assert window.banner.text.text() == ("The server does not answer; your last change was "
                                         "not saved.")
    assert owner.line.text() == "Priya Natarajan"  # what was typed stays in its form
    assert tab.form.message("owner").startswith("The server does not answer")
    window.refresh()  # reads fail too: quietly, with what is shown left as it is
    window.workspace.show_tab("people")
    window.workspace.show_tab("overview")
    search = window.search_everything()
    search.box.setText("Datastrom")
    search.run_search()
    assert search.status.text().startswith("The server does not answer")
    search.reject()
    assert messages == [] and boxes == []  # one banner, no dialog storm, no traceback
    assert session_undo_is_empty(window)

    window.banner.retry_button.click()  # still away: the banner stays
    qtbot.waitUntil(lambda: window.banner.retry_button.isEnabled(), timeout=15000)
    assert window.banner.isVisible()

    relay.restore()
    window.banner.retry_button.click()
    qtbot.waitUntil(lambda: window.banner.isHidden(), timeout=15000)
    assert owner.line.text() == "Priya Natarajan"
    owner.line.editingFinished.emit()  # saving again works, in the same open window
    assert partners.get_partner(window.session.uow(), target).owner == "Priya Natarajan"
    assert tab.form.message("owner") == ""


def test_another_partner_chosen_while_the_server_is_away_shows_nothing_stale(
        make_window, relayed_editor, qtbot):
    relay, location = relayed_editor
    window = make_window(location)
    first, second = (s.partner.id for s in window.panel.model.summaries()[:2])
    window.select_partner(first)
    form = window.workspace.tab("overview").form
    shown = form["name"].value()
    relay.cut()
    window.select_partner(second)
    assert window.banner.isVisible()
    assert form["name"].value() in ("", None) and not form.isEnabled()
    relay.restore()
    window.banner.retry_button.click()
    qtbot.waitUntil(lambda: window.banner.isHidden(), timeout=15000)
    assert form.isEnabled() and form["name"].value() not in ("", None, shown)


def session_undo_is_empty(window):
    return window.session.undo_stack.count() == 0


def test_a_restarted_server_is_not_even_noticed(make_window, editor, postgres_server, qtbot):
    window = make_window(editor)
    target = window.panel.model.row_at(0).partner_id
    window.select_partner(target)
    postgres_server.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            f"WHERE datname = '{editor.database}' "
                            "AND pid <> pg_backend_pid()")
    notes = window.workspace.tab("overview").form["owner"]
    notes.line.setText("After the restart")
    notes.line.editingFinished.emit()
    assert window.banner.isHidden()
    assert partners.get_partner(window.session.uow(), target).owner == "After the restart"


def test_the_error_is_one_sentence_for_the_command_line_too(relayed_editor):
    relay, location = relayed_editor
    with open_portfolio(location) as portfolio:
        relay.cut()
        with pytest.raises(ServerUnreachable) as raised:
            partners.list_partners(portfolio.uow())
    assert "\n" not in str(raised.value) and len(str(raised.value)) < 300


def test_planner_url_opens_the_window_on_the_team_portfolio(editor, run_cli):
    loaded = run_cli(editor.url, "--quit-after-load", env={"PGPASSWORD": editor.password})
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stdout == (f"Loaded {editor.database} on {editor.host}:{editor.port}: "
                             "8 partners listed.\n")
    asked = run_cli(editor.url, "--quit-after-load")
    assert asked.returncode == 1
    assert asked.stderr.splitlines()[-1] == (f"planner: error: The server {editor.host} needs "
                                             f"a password for {editor.user}.")


# a reader's window -------------------------------------------------------------------------

@pytest.fixture
def reader(postgres_server, editor, make_user):
    """A user who may only read the portfolio (SELECT, nothing else)."""
    name, password = make_user("reader")
    postgres_server.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{name}"',
                            database=editor.database)
    return postgres_server.location(editor.database, name, password)


def every_row(server, database):
    tables = [r[0] for r in server.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
        "ORDER BY 1", database=database)]
    return {t: sorted(map(repr, server.execute(f'SELECT * FROM "{t}"', database=database)))
            for t in tables}


def test_a_readers_window_reads_everything_and_can_change_nothing(
        make_window, reader, postgres_server, qtbot, messages):
    from planner.ui.workspace import TAB_NAMES
    from planner.ui.workspace.record_panel import RecordPanel
    from planner.ui.workspace.relationship_map import RelationshipMap

    before = every_row(postgres_server, reader.database)
    window = make_window()
    dialog = window.files.connect_dialog()
    fill(dialog, reader, reader.password)
    dialog.connect_button.click()
    qtbot.waitUntil(lambda: window.session is not None, timeout=15000)
    assert window.session.read_only
    assert window.windowTitle() == (f"{reader.database} on {reader.host}:{reader.port} "
                                    "(read-only) \u2014 Partner Planner")
    assert window.panel.model.rowCount() == 8
    assert window.status_mode.text() == f"Signed in as {reader.user} \u00b7 Read-only"
    a = window.actions
    for action in (a.add_partner, a.import_json, a.import_spreadsheet, a.undo, a.redo):
        assert not action.isEnabled(), action.text()
    helix = next(s.partner for s in window.panel.model.summaries()
                 if s.partner.name == "Helix & Stone Consulting")
    target = helix.id
    window.select_partner(target)
    assert not a.remove_partner.isEnabled()
    assert a.print_brief.isEnabled() and a.export_json.isEnabled()  # reading is all there
    workspace = window.workspace
    for name in TAB_NAMES:
        workspace.show_tab(name)
        tab = workspace.tab(name)
        for panel in tab.findChildren(RecordPanel):
            assert not panel.add_button.isEnabled() and not panel.add_button.isVisible()
            assert panel.model.rowCount() or name in ("value",), name  # the sample is shown
            if panel.model.rowCount():
                panel.view.setCurrentIndex(panel.model.index(0, 0))
                assert not panel.edit_button.isEnabled()
                assert not panel.remove_button.isEnabled()
                panel._edit()  # Enter or a double click on a row: no edit dialog
                assert not any(d.isVisible() for d in tab.findChildren(QDialog))
                for column in range(panel.model.columnCount()):
                    flags = panel.model.flags(panel.model.index(0, column))
                    assert not flags & Qt.ItemFlag.ItemIsUserCheckable
    overview = workspace.tab("overview")
    assert not overview.form.is_writable() and not overview.move_button.isEnabled()
    people_map = workspace.tab("people").findChild(RelationshipMap)
    ours, theirs = sorted(people_map.nodes.values(), key=lambda n: n.person.side.value)[:2]
    assert not people_map.drop(ours.person.id, next(
        n for n in people_map.nodes.values() if n.person.side is not ours.person.side
    ).person.id)
    # Even an edit that reached the services is refused, in one sentence, by the server's
    # own rules, and writes nothing.
    from planner.ui import partner_commands

    assert not partner_commands.remove_partner(window.session, helix)
    assert messages and "may only read the team portfolio" in messages[-1][2]
    assert every_row(postgres_server, reader.database) == before


def test_a_team_portfolio_exports_and_checks_like_a_file(make_window, editor, tmp_path,
                                                         monkeypatch, qtbot):
    import json

    from planner.ui import calendar_export, exports

    window = make_window(editor)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        (box.text(), box.informativeText())))
    window.files.export_json_to(tmp_path / "team.json")
    assert exports.check_file(window, window.session)
    assert shown[-1][0] == "The team portfolio is intact."
    assert editor.password not in shown[-1][1] and editor.database in shown[-1][1]
    assert exports.export_csv(window, window.session, folder=tmp_path / "csv")["partners"] == 8
    target = window.panel.model.row_at(0).partner_id
    assert exports.export_contacts(window, window.session, target, path=tmp_path / "c.vcf")
    counts = calendar_export.export_calendar(window, window.session, path=tmp_path / "r.ics",
                                             actions_as_events=False)
    assert counts.reviews > 0
    qtbot.waitUntil(lambda: (tmp_path / "team.json").exists(), timeout=15000)
    assert len(json.loads((tmp_path / "team.json").read_text())["partners"]) == 8
    # a copy to a file needs services.copying (planner copy); until then it says why not
    from planner.ui.actions import copying_available

    assert window.actions.save_copy.isEnabled() == copying_available()
    assert not window.actions.backups.isEnabled()


def test_work_in_the_background_that_finds_the_server_gone_is_the_banner_too(
        make_window, relayed_editor, qtbot, tmp_path, messages):
    relay, location = relayed_editor
    window = make_window(location)
    relay.cut()
    window.files.export_json_to(tmp_path / "lost.json")
    qtbot.waitUntil(lambda: window.banner.isVisible(), timeout=15000)
    assert messages == [] and not (tmp_path / "lost.json").exists()
    assert window.banner.text.text().endswith("what you see may be out of date.")
