"""File > Connect to a Team Portfolio: server, port, database, user, password, encryption.

The dialog connects in the background and stays open until the portfolio is open and read,
so a wrong password, a server that does not answer, a database that is not a portfolio or is
from a newer app is one sentence under the fields, which keep what was typed. An empty
database can be made a portfolio from here, when the user is allowed to create tables in it.
A postgresql:// address pasted into the server field fills in every field (its password goes
to the password field only).

The password is asked for only when the server wants one: left empty, libpq tries
PGPASSWORD and ~/.pgpass, and the keyring's (or this session's) password for the same user,
server and database is used when there is one. A password that worked is kept in the system
keyring when "Remember" is ticked and there is a keyring, otherwise until the app quits; it
is never written to the settings, a log or any file.
"""

from __future__ import annotations

import getpass
import sys
import traceback

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from planner.domain.errors import EmptyDatabase, PasswordRefused, PlannerError
from planner.services.portfolio import (
    ServerLocation,
    may_create_team_portfolio,
    parse_location,
)
from planner.ui import passwords
from planner.ui.background import run_in_background
from planner.ui.file_operations import opening_work
from planner.ui.look import muted_text, read_only_look, smaller, spacing
from planner.ui.workspace.record_panel import MessageLine

DEFAULT_PORT = 5432
# (libpq sslmode, what the choice is called); "" leaves it to libpq (prefer)
SSL_MODES = (
    ("", "Use it when the server offers it"),
    ("require", "Required"),
    ("verify-full", "Required, with the server's certificate checked"),
    ("disable", "Off (trusted network only)"),
)


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in the environment: leave it empty
        return ""


def _looks_like_address(text: str) -> bool:
    return text.strip().lower().startswith(("postgresql://", "postgres://"))


class ConnectDialog(QDialog):
    def __init__(self, window, location: ServerLocation | None = None, *, message: str = ""):
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(self.tr("Connect to a Team Portfolio"))
        self._query = tuple((k, v) for k, v in (location.query if location else ())
                            if k != "sslmode")
        self._busy = False
        self._cancelled = False

        self.host = QLineEdit()
        self.host.setPlaceholderText(self.tr("e.g. db.example.com"))
        self.host.setToolTip(self.tr(
            "The server's name or address. Paste a whole address (postgresql://user@server:"
            "port/database?sslmode=require) and it fills in every field."))
        self._host_before = ""
        self.host.textEdited.connect(self._host_edited)
        self.host.editingFinished.connect(self._host_finished)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setAccessibleName(self.tr("Port"))
        self.database = QLineEdit()
        self.database.setPlaceholderText(self.tr("e.g. alliances"))
        self.user = QLineEdit(_current_user())
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Only if the server asks for one"))
        self.password.setToolTip(self.tr(
            "Left empty, the password kept for this connection is used, or PGPASSWORD or "
            "~/.pgpass; the server says when it needs one."))
        self.remember = QCheckBox()
        # room for the longest of its sentences from the start: the keyring answers after
        # the dialog is shown, and a longer sentence then must not be cut at the edge
        widths = []
        for available in (True, False):
            self.remember.setText(self._remember_text(available))
            widths.append(self.remember.sizeHint().width())
        self.remember.setMinimumWidth(max(widths))
        self.remember.setText(self.tr("Looking for a system keyring\u2026"))
        self.keyring = False  # until the keyring says otherwise (asked in the background)
        self.remember.setEnabled(False)
        passwords.keyring_check(self, self._keyring_known)
        self.sslmode = QComboBox()
        for mode, label in SSL_MODES:
            self.sslmode.addItem(self.tr(label), mode)
        self.sslmode.setToolTip(self.tr("Whether the connection to the server is encrypted "
                                        "(libpq's sslmode)."))

        port_row = QHBoxLayout()
        port_row.setSpacing(spacing(self))
        port_row.addWidget(self.host, 1)
        port_label = QLabel(self.tr("&Port"))
        port_label.setBuddy(self.port)
        port_row.addWidget(port_label)
        port_row.addWidget(self.port)
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        server_label = QLabel(self.tr("&Server"))
        server_label.setBuddy(self.host)
        form.addRow(server_label, port_row)
        form.addRow(self.tr("&Database"), self.database)
        form.addRow(self.tr("&User"), self.user)
        form.addRow(self.tr("Pass&word"), self.password)
        form.addRow("", self.remember)
        form.addRow(self.tr("&Encryption"), self.sslmode)
        self.fields = [self.host, self.port, self.database, self.user, self.password,
                       self.remember, self.sslmode]

        self.hint = QLabel(self.tr("A team portfolio lives in a PostgreSQL database the "
                                   "whole team connects to; whoever runs the server gives "
                                   "you these details, or one postgresql:// address to "
                                   "paste into Server."))
        self.hint.setWordWrap(True)
        self.hint.setFont(smaller(self.font()))
        hint_palette = self.hint.palette()
        hint_palette.setColor(self.hint.foregroundRole(),
                              muted_text(hint_palette, hint_palette.color(
                                  hint_palette.ColorRole.Window)))
        self.hint.setPalette(hint_palette)
        self.message = MessageLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = self.buttons.addButton(self.tr("&Connect"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.connect_button.setDefault(True)
        self.create_button = QPushButton(self.tr("C&reate a Portfolio Here"))
        self.create_button.setToolTip(self.tr("Make this empty database a team portfolio"))
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.create_button.hide()
        self.create_button.clicked.connect(lambda: self.connect(create=True))
        self.buttons.accepted.connect(self.connect)
        self.buttons.rejected.connect(self.reject)

        column = QVBoxLayout(self)
        column.setSpacing(spacing(self))
        column.addWidget(self.hint)
        column.addSpacing(spacing(self))
        column.addLayout(form)
        column.addWidget(self.message)
        column.addStretch(1)
        column.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 36)
        if location is not None:
            self.fill(location)
        self.message.say(message)
        first_empty = next((f for f in (self.host, self.database, self.user)
                            if not f.text()), None)
        (first_empty or (self.password if message else self.host)).setFocus()

    def _keyring_known(self, available: bool) -> None:
        self.keyring = available
        self.remember.setChecked(available)
        self.remember.setEnabled(available and not self._busy)
        self.remember.setText(self._remember_text(available))
        read_only_look(self.remember, not available)  # off, but its sentence still reads
        self.remember.setToolTip("" if available else self.tr(
            "This computer has no system keyring (or it does not answer): a password that "
            "works is kept in memory until you quit, and asked for again next time."))

    def _remember_text(self, available: bool) -> str:
        return (self.tr("Remember the password in the system keyring") if available
                else self.tr("No system keyring: the password is kept until you quit"))

    # an address pasted (or typed) into the server field ---------------------------------
    def _host_edited(self, text: str) -> None:
        # more than one character at once is a paste (or a completion): take it as it is;
        # an address typed a key at a time is taken when the field is left
        pasted = len(text) - len(self._host_before) > 1
        self._host_before = text
        if pasted and _looks_like_address(text):
            self.take_address(text)

    def _host_finished(self) -> None:
        if _looks_like_address(self.host.text()):
            self.take_address(self.host.text())

    def take_address(self, text: str) -> bool:
        """Fill every field from a postgresql:// address: server, port, database, user (when
        it names one), encryption and the settings it passes through; its password goes to
        the password field (never into the settings or Open Recent, which keep none)."""
        try:
            location = parse_location(text.strip())
        except PlannerError as error:
            self.message.say(str(error))
            return False
        if not isinstance(location, ServerLocation):
            return False
        self._query = tuple((k, v) for k, v in location.query if k != "sslmode")
        self.fill(location if location.user else location.with_user(self.user.text()))
        if location.password is not None:
            self.password.setText(location.password)
        self.message.say(None)
        (self.password if not self.password.text() else self.connect_button).setFocus()
        return True

    def fill(self, location: ServerLocation) -> None:
        self.host.setText(location.host)
        self._host_before = location.host
        self.port.setValue(location.port)
        self.database.setText(location.database)
        self.user.setText(location.user)
        mode = dict(location.query).get("sslmode", "")
        index = self.sslmode.findData(mode)
        if index < 0:  # a mode the list does not name (allow, verify-ca): keep it as it is
            self.sslmode.addItem(mode, mode)
            index = self.sslmode.count() - 1
        self.sslmode.setCurrentIndex(index)

    def location(self) -> ServerLocation:
        """What the fields say, without a password."""
        query = self._query
        if mode := self.sslmode.currentData():
            query = (*query, ("sslmode", mode))
        return ServerLocation(host=self.host.text().strip(), port=self.port.value(),
                              database=self.database.text().strip(),
                              user=self.user.text().strip(), query=query)

    # connecting ------------------------------------------------------------------------------
    def connect(self, *, create: bool = False) -> None:
        if self._busy:
            return
        location = self.location()
        for field, missing in ((self.host, self.tr("Name the server.")),
                               (self.database, self.tr("Name the database."))):
            if not field.text().strip():
                self.message.say(missing)
                field.setFocus()
                return
        typed = self.password.text() or None
        self._set_busy(True)
        self.create_button.hide()
        self.message.say(None)
        if typed is not None:
            self._connect_with(location, typed, typed, create)
            return

        def late() -> None:  # a locked or stuck keyring: ask rather than wait on
            if self._cancelled:
                return
            self._set_busy(False)
            self.message.say(self.tr("The system keyring did not answer within {0} seconds; "
                                     "type the password to connect.").format(
                round(passwords.KEYRING_WAIT_S)))
            self.password.setFocus()

        passwords.look_up(self, location, lambda stored: self._connect_with(
            location, None, stored, create), late)

    def _connect_with(self, location: ServerLocation, typed: str | None,
                      password: str | None, create: bool) -> None:
        if self._cancelled:
            return
        attempt = location.with_password(password)

        def work():
            try:
                return opening_work(attempt, create=create)()
            except EmptyDatabase as error:
                error.allowed = may_create_team_portfolio(attempt)
                raise

        run_in_background(self, None, work, lambda result: self._opened(attempt, typed, result),
                          lambda error: self._failed(location, typed, password, error))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for field in self.fields:
            field.setEnabled(not busy and (field is not self.remember or self.keyring))
        self.connect_button.setEnabled(not busy)
        self.connect_button.setText(self.tr("Connecting\u2026") if busy else self.tr("&Connect"))

    def _opened(self, attempt: ServerLocation, typed: str | None, result) -> None:
        portfolio, summaries = result
        if self._cancelled:  # the person gave up waiting: nothing opens behind their back
            portfolio.close()
            return
        if typed is not None:
            passwords.keep_password_later(attempt, typed, remember=self.remember.isChecked())
        self._set_busy(False)
        self.accept()
        self.window_.files.opened(attempt, portfolio, summaries)

    def _failed(self, location: ServerLocation, typed: str | None, password: str | None,
                error: Exception) -> None:
        if self._cancelled:
            return
        self._set_busy(False)
        if isinstance(error, PasswordRefused):
            if typed is None and password is not None and error.supplied:
                passwords.forget_password_later(location)  # the kept one is wrong now
            self.message.say(str(error))
            self.password.setFocus()
            self.password.selectAll()
        elif isinstance(error, EmptyDatabase):
            if getattr(error, "allowed", False):
                self.message.say(self.tr("The database {0} holds no portfolio yet; you can "
                                         "create one there.").format(location.shown))
                self.create_button.show()
                self.create_button.setFocus()
            else:
                self.message.say(self.tr("The database {0} holds no portfolio yet, and you "
                                         "may not create one there; ask whoever runs the "
                                         "server.").format(location.shown))
        elif isinstance(error, PlannerError):
            self.message.say(str(error))
        else:
            traceback.print_exception(error, file=sys.stderr)  # a bug: keep its trace
            self.message.say(self.tr("Something unexpected went wrong: {0}. Nothing was "
                                     "changed.").format(type(error).__name__))

    def reject(self) -> None:
        self._cancelled = self._busy
        super().reject()

    def failure_line(self) -> str:
        """What the dialog says is wrong (for --quit-after-load), empty when nothing."""
        return self.message.text()
