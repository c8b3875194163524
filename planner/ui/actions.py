"""The window's actions and menus: text, icon, standard shortcut and slot, declared once.

Every command the window offers is a QAction here, reachable from a menu with a keyboard
shortcut (QKeySequence's standard keys where the platform has one), so the app can be used
from the keyboard alone. Which actions are enabled follows the window's state (`update`).
"""

from __future__ import annotations

import importlib.util

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoGroup
from PySide6.QtWidgets import QMenu

from planner.services.portfolio import ServerLocation
from planner.ui.icons import icon

Key = QKeySequence.StandardKey


def shortcuts(*keys) -> list[QKeySequence]:
    """Standard keys and literal ones, without duplicates and without keys the platform lacks."""
    result: list[QKeySequence] = []
    for key in keys:
        sequences = (QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey)
                     else [QKeySequence(key)])
        result.extend(s for s in sequences if not s.isEmpty() and s not in result)
    return result


class WindowActions(QObject):
    def __init__(self, window, undo_group: QUndoGroup):
        super().__init__(window)
        self.window = window
        files = window.files
        a = self._action
        # File
        self.new = a(self.tr("&New Portfolio\u2026"), "new", files.new_portfolio, Key.New,
                     tip=self.tr("Start a new, empty portfolio file"))
        self.open = a(self.tr("&Open Portfolio\u2026"), "open", files.open_dialog, Key.Open)
        self.connect = a(self.tr("Connect to a &Team Portfolio\u2026"), "server",
                         files.connect_dialog, "Ctrl+Shift+O",
                         tip=self.tr("Open a portfolio your team shares on a PostgreSQL "
                                     "server"))
        self.save_copy = a(self.tr("Save a &Copy As\u2026"), "save-copy", files.save_copy,
                           Key.SaveAs)
        self.import_json = a(self.tr("&Import Partners (JSON)\u2026"), "import",
                             files.import_json, "Ctrl+I")
        self.export_json = a(self.tr("&Export Portfolio (JSON)\u2026"), "export",
                             files.export_json, "Ctrl+E")
        self.import_spreadsheet = a(self.tr("Import &Spreadsheet\u2026"), "spreadsheet",
                                    window.import_spreadsheet)
        self.export_calendar = a(self.tr("Export to &Calendar\u2026"), "calendar",
                                 window.export_calendar)
        self.export_csv = a(self.tr("Export as CS&V\u2026"), "export",
                            lambda: window.feature("exports", "export_csv"),
                            tip=self.tr("One CSV file per table, for spreadsheets"))
        self.settings = a(self.tr("Portfolio Se&ttings\u2026"), "settings",
                          window.portfolio_settings,
                          tip=self.tr("The portfolio's name and the currency of its value"))
        self.check_file = a(self.tr("C&heck File"), "check",
                            lambda: window.feature("exports", "check_file"),
                            tip=self.tr("Integrity check, schema version and counts"))
        self.backups = a(self.tr("&Backups\u2026"), "backups", window.show_backups)
        self.sample = a(self.tr("Explore the Sa&mple Portfolio"), "sample", files.explore_sample)
        self.quit = a(self.tr("&Quit"), "quit", window.close, Key.Quit, "Ctrl+Q")
        self.quit.setMenuRole(QAction.MenuRole.QuitRole)
        # Edit
        self.undo = undo_group.createUndoAction(self, self.tr("&Undo"))
        self.undo.setIcon(icon("undo"))
        self.undo.setShortcuts(shortcuts(Key.Undo))
        self.redo = undo_group.createRedoAction(self, self.tr("&Redo"))
        self.redo.setIcon(icon("redo"))
        self.redo.setShortcuts(shortcuts(Key.Redo, "Ctrl+Shift+Z"))
        self.find = a(self.tr("&Filter Partners"), "filter", window.focus_filter, Key.Find,
                      tip=self.tr("Type to filter the portfolio table"))
        self.search = a(self.tr("&Search Everything\u2026"), "search", window.search_everything,
                        "Ctrl+Shift+F",
                        tip=self.tr("Find partners, people, differences, notes and actions"))
        # View
        self.refresh = a(self.tr("&Refresh"), "refresh", window.refresh_everything,
                         Key.Refresh, "F5",
                         tip=self.tr("Show the portfolio as it is now, with everyone's "
                                     "latest changes"))
        # Partner
        self.add_partner = a(self.tr("&Add Partner\u2026"), "add-partner", window.add_partner,
                             "Ctrl+Shift+N")
        self.remove_partner = a(self.tr("&Remove Partner"), "remove-partner",
                                window.remove_selected_partner, Key.Delete)
        # Only while the table has focus: Delete in a text field or a workspace tab is theirs.
        self.remove_partner.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.export_contacts = a(self.tr("Export &Contacts (vCard)\u2026"), "export",
                                 lambda: window.partner_feature("exports", "export_contacts"),
                                 tip=self.tr("The partner's stakeholders for your address "
                                             "book"))
        self.home = a(self.tr("Portfolio &Home"), "home", window.show_home, "Alt+Home",
                      tip=self.tr("Back to the overview of the whole portfolio"))
        # Brief
        self.preview_brief = a(self.tr("&Preview Meeting Brief"), "preview",
                               lambda: window.partner_brief("preview_partner_brief"),
                               "Ctrl+Shift+P")
        self.print_brief = a(self.tr("P&rint Meeting Brief\u2026"), "print",
                             lambda: window.partner_brief("print_partner_brief"), Key.Print)
        self.save_brief = a(self.tr("&Save Meeting Brief as PDF\u2026"), "pdf",
                            lambda: window.partner_brief("save_partner_brief_pdf"))
        self.brief_for_meeting = a(
            self.tr("Brief for &Another Meeting\u2026"), "preview",
            lambda: window.partner_brief("preview_brief_for_meeting"),
            tip=self.tr("Choose the date and place of the meeting the brief prepares"))
        self.preview_portfolio = a(self.tr("Preview P&ortfolio Brief"), "preview",
                                   lambda: window.portfolio_brief("preview_portfolio_brief"))
        self.print_portfolio = a(self.tr("Print Portfolio Brie&f\u2026"), "print",
                                 lambda: window.portfolio_brief("print_portfolio_brief"))
        self.save_portfolio = a(self.tr("Save Portfolio &Brief as PDF\u2026"), "pdf",
                                lambda: window.portfolio_brief("save_portfolio_brief_pdf"))
        # Help
        self.guide = a(self.tr("Partner Planner &Guide"), "help",
                       lambda: window.feature("help_window", "show_guide"), Key.HelpContents,
                       "F1")
        self.keys = a(self.tr("&Keyboard Shortcuts"), "",
                      lambda: window.feature("help_window", "show_shortcuts"), "Ctrl+/")
        self.about = a(self.tr("&About Partner Planner"), "about", window.show_about)
        self.about.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_qt = a(self.tr("About &Qt"), "", window.show_about_qt)
        self.about_qt.setMenuRole(QAction.MenuRole.AboutQtRole)
        self.recent_menu = QMenu(self.tr("Open &Recent"), window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)

    def all(self) -> list[QAction]:
        """Every action of the window, in menu order (for the list of shortcuts)."""
        actions: list[QAction] = []
        for menu in self.window.menuBar().findChildren(QMenu):
            actions.extend(a for a in menu.actions() if not a.isSeparator() and not a.menu())
        return list(dict.fromkeys(actions))

    def _action(self, text: str, icon_name: str, slot, *keys, tip: str = "") -> QAction:
        action = QAction(icon(icon_name) if icon_name else icon("none"), text, self.window)
        if keys:
            action.setShortcuts(shortcuts(*keys))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # menus -----------------------------------------------------------------------------------
    def build_menus(self) -> None:
        bar = self.window.menuBar()
        file = bar.addMenu(self.tr("&File"))
        file.addActions([self.new, self.open, self.connect])
        file.addMenu(self.recent_menu)
        file.addAction(self.sample)
        file.addSeparator()
        file.addActions([self.save_copy, self.settings])
        file.addSeparator()
        file.addActions([self.import_spreadsheet, self.import_json])
        file.addActions([self.export_json, self.export_csv, self.export_calendar])
        file.addSeparator()
        file.addActions([self.check_file, self.backups])
        file.addSeparator()
        file.addAction(self.quit)
        edit = bar.addMenu(self.tr("&Edit"))
        edit.addActions([self.undo, self.redo])
        edit.addSeparator()
        edit.addActions([self.find, self.search])
        view = bar.addMenu(self.tr("&View"))
        view.addAction(self.refresh)
        partner = bar.addMenu(self.tr("&Partner"))
        partner.addActions([self.add_partner, self.remove_partner])
        partner.addSeparator()
        partner.addAction(self.export_contacts)
        partner.addSeparator()
        partner.addAction(self.home)
        brief = bar.addMenu(self.tr("&Brief"))
        brief.addActions([self.preview_brief, self.print_brief, self.save_brief,
                          self.brief_for_meeting])
        brief.addSeparator()
        brief.addActions([self.preview_portfolio, self.print_portfolio, self.save_portfolio])
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addActions([self.guide, self.keys])
        help_menu.addSeparator()
        help_menu.addActions([self.about, self.about_qt])

    def table_menu(self, parent) -> QMenu:
        menu = QMenu(parent)
        menu.addActions([self.preview_brief, self.print_brief, self.save_brief,
                         self.brief_for_meeting])
        menu.addSeparator()
        menu.addAction(self.export_contacts)
        menu.addSeparator()
        menu.addAction(self.remove_partner)
        return menu

    def _fill_recent(self) -> None:
        """Recent files and team portfolios, newest first; a connection shows its database
        and server (its URL, never a password, in the tooltip)."""
        menu = self.recent_menu
        menu.clear()
        recent = self.window.settings.recent_locations()
        for number, location in enumerate(recent, 1):
            team = isinstance(location, ServerLocation)
            name = location.shown if team else location.name
            label = f"&{number} {name}" if number < 10 else name
            action = menu.addAction(icon("server" if team else "none"), label)
            action.setToolTip(str(location))
            action.setStatusTip(str(location))
            action.triggered.connect(lambda _c=False, p=location: self.window.open_recent(p))
        if not recent:
            menu.addAction(self.tr("No recent portfolios")).setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.tr("&Clear the List"),
                       self.window.settings.clear_recent_files).setEnabled(bool(recent))

    # state -----------------------------------------------------------------------------------
    def update(self, *, has_portfolio: bool, writable: bool, has_partner: bool,
               team: bool = False) -> None:
        for action in (self.save_copy, self.export_json, self.export_calendar, self.search,
                       self.find, self.home, self.preview_portfolio, self.save_portfolio,
                       self.backups, self.export_csv, self.check_file, self.settings,
                       self.print_portfolio, self.refresh):
            action.setEnabled(has_portfolio)
        for action in (self.import_json, self.import_spreadsheet, self.add_partner):
            action.setEnabled(has_portfolio and writable)
        self.remove_partner.setEnabled(has_partner and writable)
        for action in (self.preview_brief, self.print_brief, self.save_brief,
                       self.brief_for_meeting, self.export_contacts):
            action.setEnabled(has_partner)
        self._file_only(team)

    def _file_only(self, team: bool) -> None:
        """A team portfolio is a database, not a file: its server keeps the backups (whoever
        runs it), so Backups is for files; the check checks the database; a copy to a file
        is how someone takes a team portfolio offline."""
        self.check_file.setText(self.tr("C&heck Portfolio") if team else self.tr("C&heck File"))
        if team:
            self.backups.setEnabled(False)
            self.backups.setToolTip(self.tr("A team portfolio is backed up on its server, by "
                                            "whoever runs it"))
            if not copying_available():
                self.save_copy.setEnabled(False)
                self.save_copy.setToolTip(self.tr("This version cannot copy a team portfolio "
                                                  "to a file yet; use planner export"))
        else:
            for action in (self.backups, self.save_copy):
                action.setToolTip("")  # back to the action's own text


def copying_available() -> bool:
    """Whether this version can copy a team portfolio to a file (services.copying)."""
    return importlib.util.find_spec("planner.services.copying") is not None
