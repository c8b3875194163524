"""The app and the command line print the same page for the same meeting.

The sample is written dated around the real today, and neither side is told what day it
is: both must find the same meeting (the next review, its date and place) by the one rule
in the domain, and count what is overdue on the same day.
"""

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate

from planner.services import portfolio_io
from planner.services.partners import find_partner
from planner.services.portfolio import open_portfolio
from planner.ui import brief_actions
from planner.ui.brief_occasion import BriefOccasionDialog
from planner.ui.session import AppSession


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def sample_today(tmp_path):
    path = tmp_path / "sample.sqlite"
    with open_portfolio(path, create=True) as portfolio:
        portfolio_io.import_records(portfolio.uow(),
                                    portfolio_io.sample_records(dt.date.today()))
    return path


@pytest.fixture
def app_session(qtbot, sample_today, monkeypatch):
    monkeypatch.setenv("LC_PAPER", "en_GB.UTF-8")
    portfolio = open_portfolio(sample_today, read_only=True)
    yield AppSession(portfolio)
    portfolio.close()


def app_pdf(qtbot, session, name, **occasion) -> bytes:
    partner = find_partner(session.uow(), name)
    task = brief_actions.preview_partner_brief(None, session, partner.id, **occasion)
    with qtbot.waitSignal(task.ready, timeout=30_000):
        pass
    qtbot.waitUntil(lambda: task.dialog is not None)
    qtbot.addWidget(task.dialog)
    return task.pdf


def cli_pdf(run_cli, path, out, name, *args) -> bytes:
    result = run_cli("brief", path, "--partner", name, "-o", out, "--paper", "a4", *args)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


@pytest.mark.parametrize("name", ["Helix & Stone Consulting", "Aurora Health Informatics",
                                  "Pacific Rim Data Solutions"])
def test_app_and_command_line_print_the_same_brief(qtbot, run_cli, app_session, sample_today,
                                                   tmp_path, name):
    app_bytes = app_pdf(qtbot, app_session, name)
    cli_bytes = cli_pdf(run_cli, sample_today, tmp_path / "cli.pdf", name)
    from_app, from_cli = text_of(app_bytes), text_of(cli_bytes)
    assert from_app == from_cli
    assert app_bytes == cli_bytes  # the same page to the byte: same content, same renderer
    partner = find_partner(app_session.uow(), name)
    flat = " ".join(from_cli.split())
    if partner.next_review >= dt.date.today():  # the next review, with its place
        assert f"{partner.next_review.day} " in flat and partner.review_place[:30] in flat
        assert "Next review" in flat
    else:  # a review already past: said in words, relative to today
        assert "review overdue: it was due" in flat and "before today" in flat


def test_a_chosen_date_and_place_give_the_same_page_in_app_and_cli(qtbot, run_cli, app_session,
                                                                   sample_today, tmp_path):
    name = "Quillmark Software"
    partner = find_partner(app_session.uow(), name)
    default = brief_actions.briefs.partner_occasion(app_session.uow(), partner.id,
                                                    dt.date.today())
    dialog = BriefOccasionDialog(name, default)
    qtbot.addWidget(dialog)
    assert dialog.next_review.isChecked() and dialog.choice() == (None, None)
    assert partner.review_place in dialog.review_details.text()
    chosen = default.date + dt.timedelta(days=14)
    dialog.another.click()
    dialog.date.setDate(QDate(chosen))
    dialog.place.selectAll()
    qtbot.keyClicks(dialog.place, "Video call")
    date, place = dialog.choice()
    assert (date, place) == (chosen, "Video call")
    from_app = text_of(app_pdf(qtbot, app_session, name, date=date, place=place))
    from_cli = text_of(cli_pdf(run_cli, sample_today, tmp_path / "cli.pdf", name,
                               "--date", chosen.isoformat(), "--place", "Video call"))
    assert from_app == from_cli
    flat = " ".join(from_cli.split())
    assert "Video call" in flat and "Meeting ·" in flat and str(chosen.year) in flat
