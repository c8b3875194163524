"""Opening files (bad, locked, damaged), the first run, import/export and copies."""

import contextlib
import getpass
import json
import os
import socket
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.services import partners
from planner.services.portfolio import check_portfolio, open_portfolio, sample_portfolio_path
from planner.ui import file_operations
from tests.conftest import REPO
from tests.safety.conftest import damage


def wait_for_portfolio(qtbot, window, path):
    qtbot.waitUntil(lambda: window.session is not None
                    and window.session.portfolio.path == path, timeout=10000)


def test_opening_a_file_that_is_not_a_portfolio_shows_a_dialog(make_window, tmp_path, qtbot,
                                                               messages):
    window = make_window()
    text = tmp_path / "notes.txt"
    text.write_text("Not a portfolio at all, just some notes.\n" * 10)
    window.files.open_path(text)
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    kind, title, message = messages[0]
    assert kind == "warning" and "notes.txt" in title
    assert message == f"{text} is not a Partner Planner portfolio."
    assert window.session is None
    assert window.pages.currentWidget() is window.no_portfolio


def test_opening_a_newer_portfolio_shows_a_dialog_and_keeps_the_open_one(window, tmp_path,
                                                                        qtbot, messages,
                                                                        sample_path):
    newer = tmp_path / "newer.sqlite"
    with open_portfolio(newer, create=True):
        pass
    import sqlite3

    with contextlib.closing(sqlite3.connect(newer)) as connection, connection:
        # closed, as a well-behaved program leaves it: a -wal no Partner Planner writer
        # recorded is kept aside, never replayed (tests/safety/test_stray_wal.py)
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    window.files.open_path(newer)
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert "newer version" in messages[0][2]
    assert window.session.portfolio.path == sample_path


@contextlib.contextmanager
def held_open_by_another_process(path):
    """Another process opens the portfolio for writing and keeps it (and its lock) open."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\n"
         "from planner.services.portfolio import open_portfolio\n"
         "p = open_portfolio(sys.argv[1]); print('open', flush=True); sys.stdin.read()",
         str(path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        assert holder.stdout.readline().strip() == "open"
        yield holder
    finally:
        holder.stdin.close()  # it closes the portfolio and ends
        holder.wait(30)


def press(label, asked):
    def choose(box):
        asked.append((box.text(), box.informativeText()))
        return next((b for b in box.buttons() if b.text() == label), None)
    return choose


def test_a_portfolio_locked_by_another_process_can_be_opened_read_only(make_window, sample_path,
                                                                       qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(file_operations, "choose", press("Open read-only", asked))
    window = make_window()
    with held_open_by_another_process(sample_path) as holder:
        window.files.open_path(sample_path)
        wait_for_portfolio(qtbot, window, sample_path)
        assert holder.poll() is None  # it still has the file open for writing
    [(text, details)] = asked
    assert "already open in another window or process" in text
    assert f"{getpass.getuser()}, {socket.gethostname()}" in details
    assert window.session.read_only and "read-only" in window.windowTitle()
    assert window.panel.model.rowCount() == 8


def test_a_damaged_portfolio_offers_the_latest_backup_and_restores_it(make_window, sample_path,
                                                                      qtbot, monkeypatch):
    from planner.domain.model import Partner
    from planner.services import backups

    with open_portfolio(sample_path) as portfolio:
        partners.add_partner(portfolio.uow(), Partner(name="Only in the backup"))
    backups.take_backup(sample_path)
    damage(sample_path)
    asked = []
    monkeypatch.setattr(file_operations, "choose", press("Restore the latest backup", asked))
    window = make_window()
    window.files.open_path(sample_path)
    wait_for_portfolio(qtbot, window, sample_path)
    [(text, details)] = asked
    assert "is damaged" in text and "latest backup can be restored" in details
    assert "Only in the backup" in partners.partner_names(window.session.uow())
    assert window.panel.model.rowCount() == 9
    # The damaged file was kept aside, untouched, and the restored one is healthy.
    assert len(list(sample_path.parent.glob("sample.damaged-*.sqlite"))) == 1
    window.close()
    assert check_portfolio(sample_path).healthy


def test_cancel_on_a_portfolio_locked_by_another_process_opens_nothing(make_window, sample_path,
                                                                       qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(file_operations, "choose", press("Cancel", asked))
    window = make_window()
    with held_open_by_another_process(sample_path):
        window.files.open_path(sample_path)
        qtbot.waitUntil(lambda: bool(asked), timeout=10000)
    assert window.session is None
    assert window.pages.currentWidget() is window.no_portfolio


def test_first_run_shows_the_welcome_panel_and_the_sample_stays_separate(make_window, tmp_path,
                                                                         qtbot):
    own = tmp_path / "mine.sqlite"
    window = make_window()
    window.files.open_path(own, create=True)
    wait_for_portfolio(qtbot, window, own)
    assert window.right.currentWidget() is window.welcome
    window.welcome.sample_button.click()
    wait_for_portfolio(qtbot, window, sample_portfolio_path())
    assert window.panel.model.rowCount() == 8
    with open_portfolio(own) as mine:
        assert partners.list_partners(mine.uow()) == []


def test_add_your_first_partner_validates_inline(make_window, tmp_path, qtbot, messages):
    from planner.ui.add_partner_dialog import AddPartnerDialog

    window = make_window(tmp_path / "mine.sqlite", create=True)
    dialog = AddPartnerDialog(window.session, window)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.name, "  ")
    assert dialog.name_message.text.text() == "Give the partner a name."
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, "Northwind  Logistics")
    assert dialog.ok.isEnabled()
    dialog.organisation.setText("Northwind plc")
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.added.name == "Northwind Logistics"
    assert [p.name for p in window.session.call(partners.list_partners)] == ["Northwind Logistics"]

    again = AddPartnerDialog(window.session, window)
    qtbot.addWidget(again)
    qtbot.keyClicks(again.name, "northwind logistics")
    assert not again.ok.isEnabled()
    assert again.name_message.text.text() == \
        "A partner named 'northwind logistics' is already in the portfolio."
    again.accept()  # Enter with a bad name saves nothing
    assert len(window.session.call(partners.list_partners)) == 1
    assert not messages


def test_adding_a_partner_selects_it_and_undo_takes_it_back(make_window, tmp_path, qtbot,
                                                            monkeypatch, messages):
    from planner.ui import main_window

    window = make_window(tmp_path / "mine.sqlite", create=True)

    def fill_and_accept(dialog):
        dialog.name.setText("Kestrel Systems")
        dialog.accept()
        return True

    monkeypatch.setattr(main_window.AddPartnerDialog, "exec", fill_and_accept)
    window.welcome.add_button.click()
    added = window.session.call(partners.find_partner, "Kestrel Systems")
    assert window.panel.selected_partner() == added.id
    assert window.right.currentWidget() is window.workspace
    window.actions.undo.trigger()
    assert window.panel.model.rowCount() == 0
    assert window.right.currentWidget() is window.welcome
    window.actions.redo.trigger()
    assert window.session.call(partners.find_partner, "Kestrel Systems").id == added.id


def test_export_then_import_into_another_portfolio(window, tmp_path, qtbot, messages):
    exported = tmp_path / "out.json"
    window.files.export_json_to(exported)
    qtbot.waitUntil(lambda: exported.exists(), timeout=10000)
    assert len(json.loads(exported.read_text())["partners"]) == 8
    other = tmp_path / "other.sqlite"
    window.files.open_path(other, create=True)
    wait_for_portfolio(qtbot, window, other)
    window.files.import_json_from(exported)
    qtbot.waitUntil(lambda: window.panel.model.rowCount() == 8, timeout=10000)
    assert not messages


def test_importing_names_already_there_asks_to_replace(window, tmp_path, qtbot, monkeypatch):
    exported = tmp_path / "out.json"
    window.files.export_json_to(exported)
    qtbot.waitUntil(lambda: exported.exists(), timeout=10000)
    asked = []

    def yes(*args, **kwargs):
        asked.append(args[2])
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    window.files.import_json_from(exported)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Imported"),
                    timeout=10000)
    assert "already in this portfolio" in asked[0]
    assert window.panel.model.rowCount() == 8
    assert window.session.undo_stack.count() == 0


def test_a_bad_import_file_says_why_and_changes_nothing(window, tmp_path, qtbot, messages):
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    window.files.import_json_from(bad)
    qtbot.waitUntil(lambda: bool(messages), timeout=10000)
    assert messages[0][0] == "warning" and "bad.json" in messages[0][1]
    assert window.panel.model.rowCount() == 8


def test_save_a_copy_writes_a_portfolio_that_opens(window, tmp_path, qtbot):
    copy = tmp_path / "copy.sqlite"
    window.files.save_copy_to(copy)
    qtbot.waitUntil(lambda: copy.exists(), timeout=10000)
    with open_portfolio(copy) as opened:
        assert len(partners.list_partners(opened.uow())) == 8


def test_open_recent_drops_a_file_that_is_gone(window, tmp_path, settings, messages):
    gone = tmp_path / "gone.sqlite"
    settings.add_recent_file(gone)
    window.open_recent(gone)
    assert "no longer there" in messages[0][2]
    assert gone.resolve() not in settings.recent_files()


@pytest.mark.parametrize("read_only", [False, True])
def test_run_app_opens_the_default_portfolio(qtbot, monkeypatch, read_only):
    from PySide6.QtWidgets import QApplication

    from planner.services.portfolio import default_portfolio_path
    from planner.ui import app

    seen = {}

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "" and
                      hasattr(w, "files") and w.isVisible())
        qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
        seen["path"] = window.session.portfolio.path
        seen["read_only"] = window.session.read_only
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    if read_only:
        with open_portfolio(default_portfolio_path(), create=True):
            pass
    assert app.run_app(None, read_only=read_only) == 0
    assert seen == {"path": default_portfolio_path(), "read_only": read_only}
    assert QApplication.applicationName() == "Partner Planner"


def test_damage_found_by_the_check_after_opening_closes_and_offers_a_backup(
        make_window, sample_path, qtbot, monkeypatch):
    """The window shows the portfolio first and checks it right after, in the background."""
    from planner.services import backups as backup_service
    from tests.safety.conftest import damage

    backup_service.take_backup(sample_path)
    damage(sample_path)
    offered = []
    monkeypatch.setattr(file_operations, "choose", lambda box: offered.append(box.text()))
    window = make_window()
    window.files.open_path(sample_path)
    qtbot.waitUntil(lambda: bool(offered), timeout=20000)
    assert "is damaged" in offered[0]
    assert window.session is None
    assert list(sample_path.parent.glob(f"{sample_path.stem}.damaged-*.sqlite"))


def test_run_app_starts_opening_the_file_before_it_builds_the_window(qtbot, monkeypatch,
                                                                      sample_path):
    from PySide6.QtWidgets import QApplication

    from planner.services import opening
    from planner.ui import app, main_window

    order = []
    start = opening.start_opening
    monkeypatch.setattr(opening, "start_opening",
                        lambda *a, **k: order.append("opening") or start(*a, **k))
    build = main_window.MainWindow.__init__

    def built(self, *args, **kwargs):
        order.append("window")
        build(self, *args, **kwargs)

    monkeypatch.setattr(main_window.MainWindow, "__init__", built)

    def fake_exec():
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, main_window.MainWindow) and w.isVisible())
        qtbot.waitUntil(lambda: window.session is not None, timeout=10000)
        order.append(window.panel.model.rowCount())
        window.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert app.run_app(str(sample_path)) == 0
    assert order == ["opening", "window", 8]


def test_an_opening_started_early_that_meets_a_lock_still_offers_read_only(
        make_window, sample_path, qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(file_operations, "choose", press("Open read-only", asked))
    window = make_window()
    with held_open_by_another_process(sample_path):
        started = file_operations.start_opening(sample_path)
        window.files.open_path(sample_path, started=started)
        wait_for_portfolio(qtbot, window, sample_path)
    assert "already open in another window or process" in asked[0][0]
    assert window.session.read_only and window.panel.model.rowCount() == 8


def test_the_command_line_starts_opening_before_it_loads_the_window(monkeypatch, sample_path):
    from planner.cli import app_command
    from planner.ui import app

    seen = {}
    monkeypatch.setattr(app, "run_app", lambda path, **kwargs: seen.update(kwargs) or 0)
    assert app_command.run(app_command.parse([str(sample_path)])) == 0
    portfolio, summaries = seen["started"].result(timeout=30)
    try:
        assert portfolio.path == sample_path and len(summaries) == 8
    finally:
        portfolio.close()
