"""The main window driven offscreen: table, filters, home view, undo, search, settings."""

from PySide6.QtCore import Qt

from planner.domain.attention import attention_reasons
from planner.services import partners
from planner.services.portfolio import open_portfolio
from planner.ui.portfolio_model import ATTENTION_FILTER, AttentionRole, Column, PartnerIdRole

SAMPLE_NAMES = {"Helix & Stone Consulting", "Cirrus Harbor Cloud", "Quillmark Software",
                "Pacific Rim Data Solutions", "Meridian Geodata", "Aurora Health Informatics",
                "Lumen Grid Energy", "Datastrom"}


def visible_names(window):
    proxy = window.panel.proxy
    return [proxy.index(r, Column.PARTNER).data() for r in range(proxy.rowCount())]


def partner_id(window, name):
    return next(s.partner.id for s in window.panel.model.summaries() if s.partner.name == name)


def test_the_table_shows_the_sample_partners_sorted_by_name(window):
    names = visible_names(window)
    assert set(names) == SAMPLE_NAMES
    assert names == sorted(names, key=str.casefold)
    assert window.windowTitle().startswith("sample.sqlite")
    assert window.right.currentWidget() is window.home


def test_sorting_by_stage_follows_the_lifecycle_not_the_alphabet(window):
    window.panel.table.sortByColumn(Column.STAGE, Qt.SortOrder.AscendingOrder)
    proxy = window.panel.proxy
    stages = [proxy.index(r, Column.STAGE).data() for r in range(proxy.rowCount())]
    order = ["Courtship", "Commitment", "Bridges", "Exit"]
    assert stages == sorted(stages, key=order.index)
    window.panel.table.sortByColumn(Column.HEALTH, Qt.SortOrder.DescendingOrder)
    scores = [s for s in (proxy.index(r, Column.HEALTH).data() for r in range(proxy.rowCount()))
              if s]
    values = [float(s.split()[0]) for s in scores]
    assert values == sorted(values, reverse=True)


def test_type_to_filter_and_the_stage_filter(window, qtbot):
    window.actions.find.trigger()
    assert window.panel.filter.hasFocus()
    qtbot.keyClicks(window.panel.filter, "cirrus")
    assert visible_names(window) == ["Cirrus Harbor Cloud"]
    window.panel.filter.clear()
    window.panel.set_stage_filter("courtship")
    assert visible_names(window) == ["Aurora Health Informatics"]
    window.panel.set_stage_filter("bridges")
    qtbot.keyClicks(window.panel.filter, "zzz")
    assert visible_names(window) == []
    window.panel.filter.clear()
    window.panel.set_stage_filter(ATTENTION_FILTER)
    today = window.session.today()
    expected = {s.partner.name for s in window.panel.model.summaries()
                if attention_reasons(s, today)}
    assert set(visible_names(window)) == expected


def test_rows_needing_attention_say_why_in_a_tooltip(window):
    model = window.panel.model
    today = window.session.today()
    flagged = [r for r in range(model.rowCount()) if model.index(r, 0).data(AttentionRole)]
    assert flagged
    for row in flagged:
        summary = model.row_at(row).summary
        tip = model.index(row, Column.STAGE).data(Qt.ItemDataRole.ToolTipRole)
        assert "Needs attention" in tip
        for reason in attention_reasons(summary, today):
            assert reason in tip


def test_selecting_a_partner_shows_the_workspace_and_escape_goes_home(window, qtbot):
    target = partner_id(window, "Datastrom")
    window.select_partner(target)
    assert window.workspace.partner_id == target
    assert window.right.currentWidget() is window.workspace
    window.panel.table.setFocus()
    qtbot.keyClick(window.panel.table, Qt.Key.Key_Escape)
    assert window.right.currentWidget() is window.home
    assert window.workspace.partner_id is None


def test_home_view_links_select_the_partner_at_the_right_tab(window, monkeypatch):
    opened = []
    monkeypatch.setattr(window.workspace, "show_tab", opened.append)
    target = partner_id(window, "Quillmark Software")
    assert f"partner:{target}/" in window.home.now.body.text()
    window.home.now.body.linkActivated.emit(f"partner:{target}/health")
    assert window.panel.selected_partner() == target
    assert opened == ["health"]
    window.home.open_link("stage:exit")
    assert visible_names(window) == ["Datastrom"]


def test_a_home_link_to_a_filtered_out_partner_clears_the_filter(window):
    window.panel.filter.setText("cirrus")
    target = partner_id(window, "Datastrom")
    window.home.open_link(f"partner:{target}/overview")
    assert window.panel.selected_partner() == target
    assert window.panel.filter.text() == ""


def test_removing_a_partner_can_be_undone_and_redone(window, qtbot):
    target = partner_id(window, "Meridian Geodata")
    before = window.session.call(partners.partner_record, target)
    window.select_partner(target)
    # The Delete shortcut reaches the table only in the active window, with the table in
    # focus: wait for both (on a busy machine the activation comes a moment later).
    window.activateWindow()
    window.panel.table.setFocus()
    qtbot.waitUntil(window.panel.table.hasFocus, timeout=5000)
    qtbot.keyClick(window.panel.table, Qt.Key.Key_Delete)
    assert "Meridian Geodata" not in visible_names(window)
    assert window.right.currentWidget() is window.home
    assert window.actions.undo.text() == "&Undo Remove partner 'Meridian Geodata'"
    window.actions.undo.trigger()
    assert "Meridian Geodata" in visible_names(window)
    assert window.session.call(partners.partner_record, target) == before  # same ids, all parts
    window.actions.redo.trigger()
    assert "Meridian Geodata" not in visible_names(window)
    assert window.actions.redo.isEnabled() is False


def test_an_edit_elsewhere_refreshes_the_table_and_keeps_the_selection(window):
    target = partner_id(window, "Datastrom")
    other = partner_id(window, "Lumen Grid Energy")
    window.select_partner(target)
    partner = window.session.call(partners.get_partner, other)
    session = window.session
    session.edit("Rename", lambda: partners.update_partner(
        session.uow(), partner.__class__(**{**partner.__dict__, "name": "Aardvark Energy"})),
        lambda _: partners.update_partner(session.uow(), partner), other)
    assert "Aardvark Energy" in visible_names(window)
    assert window.panel.selected_partner() == target
    assert "Aardvark Energy" in window.home.now.body.text() + \
        window.home.watch.body.text()


def test_search_finds_a_stakeholder_and_opens_the_people_tab(window, monkeypatch):
    opened = []
    monkeypatch.setattr(window.workspace, "show_tab", opened.append)
    record = window.session.call(partners.partner_record, partner_id(window, "Cirrus Harbor Cloud"))
    person = record.stakeholders[0]
    dialog = window.search_everything()
    dialog.box.setText(person.name)
    dialog.run_search()
    assert dialog.model.rowCount() >= 1
    first = dialog.model.hits[0]
    assert (first.partner_name, first.part) == ("Cirrus Harbor Cloud", "stakeholder")
    dialog.open_current()
    assert window.panel.selected_partner() == record.partner.id
    assert opened == ["people"]
    assert not dialog.isVisible()


def test_search_says_when_nothing_is_found(window):
    dialog = window.search_everything()
    dialog.box.setText("xylophone-quartz")
    dialog.run_search()
    assert dialog.model.rowCount() == 0
    assert dialog.status.text() == "Nothing found."


def test_settings_persist_window_splitter_columns_filter_and_recent(make_window, sample_path,
                                                                   settings):
    first = make_window(sample_path)
    first.resize(800, 580)  # fits the offscreen screen, so the geometry comes back unchanged
    first.splitter.setSizes([500, 296])
    first.panel.table.horizontalHeader().setSectionHidden(Column.KIND, False)
    first.panel.table.horizontalHeader().setSectionHidden(Column.NEXT_REVIEW, True)
    first.panel.set_stage_filter("bridges")
    settings.add_recent_file(sample_path)
    sizes = first.splitter.sizes()
    first.close()
    second = make_window(sample_path)
    assert second.splitter.sizes() == sizes
    assert not second.panel.table.horizontalHeader().isSectionHidden(Column.KIND)
    assert second.panel.table.horizontalHeader().isSectionHidden(Column.NEXT_REVIEW)
    assert second.panel.proxy.stage == "bridges"
    assert settings.recent_files() == [sample_path.resolve()]
    second.actions.recent_menu.aboutToShow.emit()
    labels = [a.text() for a in second.actions.recent_menu.actions()]
    assert "&1 sample.sqlite" in labels


def test_read_only_portfolio_says_so_and_offers_no_edits(make_window, sample_path):
    window = make_window(sample_path, read_only=True)
    assert "read-only" in window.windowTitle()
    assert not window.actions.add_partner.isEnabled()
    window.select_partner(window.panel.model.row_at(0).partner_id)
    assert not window.actions.remove_partner.isEnabled()
    assert window.actions.print_brief.isEnabled()


def test_every_menu_action_is_reachable_and_key_ones_have_standard_shortcuts(window):
    a = window.actions
    from PySide6.QtGui import QKeySequence

    assert a.undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert QKeySequence("Ctrl+Shift+Z") in a.redo.shortcuts()
    assert a.search.shortcut() == QKeySequence("Ctrl+Shift+F")
    assert a.find.shortcut() == QKeySequence(QKeySequence.StandardKey.Find)
    assert a.print_brief.shortcut() == QKeySequence(QKeySequence.StandardKey.Print)
    menus = [m for m in window.menuBar().actions()]
    assert [m.text() for m in menus] == ["&File", "&Edit", "&View", "&Partner", "&Brief", "&Help"]
    assert QKeySequence("F5") in a.refresh.shortcuts()


def test_about_shows_the_version(window, messages):
    import planner

    window.actions.about.trigger()
    assert planner.__version__ in messages[0][2]


def test_brief_actions_call_the_brief_module_with_the_selected_partner(window, monkeypatch):
    import sys
    import types

    calls = []
    module = types.ModuleType("planner.ui.brief_actions")
    module.print_partner_brief = lambda parent, session, pid: calls.append(("print", pid))
    module.save_portfolio_brief_pdf = lambda parent, session: calls.append(("portfolio",))
    monkeypatch.setitem(sys.modules, "planner.ui.brief_actions", module)
    target = partner_id(window, "Datastrom")
    window.select_partner(target)
    window.actions.print_brief.trigger()
    window.actions.save_portfolio.trigger()
    assert calls == [("print", target), ("portfolio",)]


def files_beside(path):
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name))


def test_a_workspace_reload_after_closing_does_not_touch_the_closed_file(window, sample_path,
                                                                         qtbot):
    target = partner_id(window, "Datastrom")
    window.select_partner(target)
    workspace, session = window.workspace, window.session
    assert workspace.partner_id == target and workspace.isVisible()
    window.close()
    closed = (files_beside(sample_path), sample_path.read_bytes())
    assert closed[0] == ["sample.sqlite"]  # closed: no -wal, -shm or .lock left
    # A change announced late (the session's `changed` signal, as after an undo) reaches the
    # workspace that showed the partner: it reloads, and must not open the file again.
    session.changed.emit(target)
    session.changed.emit(0)
    for tab in workspace.tabs.values():
        tab.refresh()
    assert (files_beside(sample_path), sample_path.read_bytes()) == closed
    with open_portfolio(sample_path) as again:  # the window let go of it
        assert len(partners.list_partners(again.uow())) == 8


def test_context_menu_offers_briefs_and_removal(window):
    menu = window.actions.table_menu(window)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert "P&rint Meeting Brief\u2026" in texts and "&Remove Partner" in texts


def test_the_window_fits_at_1024_by_700(window):
    window.resize(1024, 700)
    assert window.minimumSizeHint().width() <= 1024
    assert window.minimumSizeHint().height() <= 700


def test_a_sorted_table_keeps_its_order_and_selection_through_filtering_and_refresh(window):
    """Rows re-admitted by a widening filter come back in the sorted order, and sorting keeps
    the selected partner selected (the model sorts; the proxy only filters)."""
    panel = window.panel
    panel.table.sortByColumn(Column.HEALTH, Qt.SortOrder.DescendingOrder)
    sorted_names = visible_names(window)
    chosen = panel.model.row_at(panel.model.row_of(panel.proxy.index(2, 0).data(
        PartnerIdRole))).summary.partner
    window.select_partner(chosen.id)
    panel.filter.setText(chosen.name[:3])
    assert len(visible_names(window)) < len(sorted_names)
    panel.filter.setText("")
    assert visible_names(window) == sorted_names
    panel.table.sortByColumn(Column.PARTNER, Qt.SortOrder.AscendingOrder)
    assert visible_names(window) == sorted(sorted_names, key=str.casefold)
    assert panel.selected_partner() == chosen.id
    window.refresh()
    assert visible_names(window) == sorted(sorted_names, key=str.casefold)
    assert panel.selected_partner() == chosen.id


def test_the_home_view_and_counts_say_what_the_attention_rules_say(window):
    """The window hands the table's reasons to the home view and the status counts; they
    show what judging each partner afresh shows."""
    from planner.domain.attention import Level, attention_level
    from planner.ui.home_view import HomeView

    today = window.session.today()
    summaries = window.panel.model.summaries()
    fresh = HomeView()
    fresh.show_summaries(summaries, today, window.portfolio_name())
    for card in ("now", "watch"):
        assert getattr(window.home, card).body.text() == getattr(fresh, card).body.text()
    assert window.home.subtitle.text() == fresh.subtitle.text()
    now = [s for s in summaries if attention_level(s, today) is Level.NOW]
    assert now and f"{len(now)} need you now" in window.status_counts.text()


def test_the_workspace_is_made_ready_when_the_window_is_idle_not_while_it_opens(
        make_window, sample_path, qtbot):
    """The partner workspace is built (and the statements a partner is read with prepared)
    once the filled table has been shown, so the first partner chosen only loads; the opening
    never waits for it, and choosing a partner then reads it in one transaction."""
    from sqlalchemy import event

    window = make_window(sample_path)
    assert window._workspace is None
    qtbot.waitUntil(lambda: window._workspace is not None, timeout=5000)
    assert window.right.currentWidget() is window.home  # made ready, not shown
    begins = []
    event.listen(window.session.portfolio.storage.engine, "begin",
                 lambda connection: begins.append(1))
    window.select_partner(partner_id(window, "Datastrom"))
    assert window.right.currentWidget() is window.workspace
    assert window.workspace.tab("overview").form["name"].value() == "Datastrom"
    assert len(begins) == 1
