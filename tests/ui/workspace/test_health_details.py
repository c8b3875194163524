"""The Health tab's details pane: the selected check's date, comment and scores, the scores in
three aligned columns (set by tab stops rather than a table, which cost several times as much
to lay out at each width the pane took while the tab settled)."""

from PySide6.QtGui import QFont, QTextCursor

from planner.services import health
from planner.ui.workspace.health_tab import details


def show_check(workspace, partner_id, row: int):
    workspace.show_partner(partner_id)
    workspace.show_tab("health")
    tab = workspace.tab("health")
    panel = tab.panel
    panel.view.setCurrentIndex(panel.model.index(row, 0))
    return tab, panel.current()


def column_starts(document) -> list[list[float]]:
    """Where each line of the last block (the scores) puts its columns, in pixels."""
    block = document.lastBlock()
    layout, text = block.layout(), block.text()
    starts = []
    for number in range(layout.lineCount()):
        line = layout.lineAt(number)
        piece = text[line.textStart():line.textStart() + line.textLength()]
        tabs = [line.textStart() + i + 1 for i, c in enumerate(piece) if c == "\t"]
        starts.append([line.cursorToX(position)[0] for position in tabs])
    return starts


def test_a_checks_scores_are_three_aligned_columns(workspace, partner_id):
    tab, check = show_check(workspace, partner_id, 0)
    document = tab.panel.details.document()
    text = document.toPlainText()
    assert text.startswith(details_date(check))
    names = {d.key: d.name for d in health.dimensions()}
    lines = text.split("\n")[1:]  # the block's line breaks come out as new lines
    assert lines[0] == "Dimension\tOurs\tTheirs"
    assert lines[1:] == [f"{names[s.dimension]}\t{s.ours}\t{s.theirs or '—'}"
                         for s in check.scores]
    starts = column_starts(document)
    assert len(starts) == len(check.scores) + 1 and all(len(s) == 2 for s in starts)
    first, second = starts[0]
    assert all(s == [first, second] for s in starts), starts  # the same columns on every line
    block = document.lastBlock()
    for number in range(block.layout().lineCount()):  # and no name runs into its scores
        line = block.layout().lineAt(number)
        name_end = line.cursorToX(line.textStart() + block.text()[line.textStart():].index("\t"))
        assert name_end[0] < first


def test_the_columns_follow_the_font(workspace, partner_id):
    tab, _ = show_check(workspace, partner_id, 0)
    before = column_starts(tab.panel.details.document())[0]
    font = QFont(tab.panel.details.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    tab.panel.details.setFont(font)
    show_check(workspace, partner_id, 1)
    after = column_starts(tab.panel.details.document())[0]
    assert after[0] > before[0] * 1.5


def test_another_check_keeps_the_columns(workspace, partner_id):
    tab, _ = show_check(workspace, partner_id, 0)
    before = column_starts(tab.panel.details.document())
    _, check = show_check(workspace, partner_id, 1)
    cursor = QTextCursor(tab.panel.details.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    assert column_starts(tab.panel.details.document())[0] == before[0]
    assert details(check).count("\t") == 2 * (len(check.scores) + 1)


def details_date(check) -> str:
    from planner.ui.workspace.labels import short_date

    return short_date(check.date)
