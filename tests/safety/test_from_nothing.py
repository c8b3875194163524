"""The command line from nothing: `init` creates an empty portfolio, `import` into a path that
does not exist creates it (and says so), all or nothing; `sample --force` replaces portfolios
only (issue: a command line that starts from nothing)."""

import json
import stat

import pytest

from planner.services import partners, portfolio_io
from planner.services.portfolio import check_portfolio, open_portfolio


def everything_under(folder):
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def write_json(path, document):
    path.write_text(json.dumps(document), "utf-8")
    return path


@pytest.fixture
def exported(sample_path, tmp_path):
    out = tmp_path / "export.json"
    with open_portfolio(sample_path, read_only=True) as portfolio:
        portfolio_io.export_json(portfolio.uow(), out)
    return out


def test_init_creates_an_empty_portfolio_and_never_replaces_one(tmp_path, run_cli):
    path = tmp_path / "new laptop" / "mine.sqlite"
    result = run_cli("init", path)
    assert result.returncode == 0, result.stderr
    assert str(path) in result.stdout
    report = check_portfolio(path)
    assert report.healthy and report.counts["partners"] == 0
    assert sorted(p.name for p in path.parent.iterdir()) == ["mine.sqlite"]
    before = path.read_bytes()
    again = run_cli("init", path)
    assert again.returncode == 1 and again.stderr.count("\n") == 1
    assert "already exists" in again.stderr
    assert path.read_bytes() == before


def test_import_into_a_new_path_creates_it_and_says_so(exported, sample_path, tmp_path,
                                                       run_cli):
    path = tmp_path / "moved" / "deeper" / "portfolio.sqlite"
    result = run_cli("import", path, exported)
    assert result.returncode == 0, result.stderr
    assert f"Created the portfolio {path}" in result.stdout + result.stderr
    assert check_portfolio(path).healthy
    with open_portfolio(path, read_only=True) as moved, \
            open_portfolio(sample_path, read_only=True) as original:
        assert portfolio_io.dump_document(portfolio_io.export_document(moved.uow())) == \
            portfolio_io.dump_document(portfolio_io.export_document(original.uow()))
    assert sorted(p.name for p in path.parent.iterdir()) == ["portfolio.sqlite"]


def test_a_spreadsheet_imports_into_a_new_path_too(tmp_path, run_cli):
    sheet = tmp_path / "partners.csv"
    sheet.write_text("Partner,Stage\nAcme,courtship\nNova,bridges\n")
    path = tmp_path / "new.sqlite"
    dry = run_cli("import", path, sheet, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Would import 2 partners" in dry.stdout
    assert everything_under(tmp_path) == ["partners.csv"]
    result = run_cli("import", path, sheet)
    assert result.returncode == 0, result.stderr
    with open_portfolio(path, read_only=True) as portfolio:
        assert partners.partner_names(portfolio.uow()) == ["Acme", "Nova"]


REFUSED = {
    "malformed JSON": ("doc.json", b'{"format": "partner-planner", "version": 1, "partners": ['),
    "a JSON problem": ("doc.json", json.dumps({"format": "partner-planner", "version": 1,
                                               "partners": [{"name": "A", "stage": "x"}]})),
    "a spreadsheet problem": ("sheet.csv", "Partner,Stage\nAcme,dating\n"),
    "a dry run that would fail": ("sheet.csv", "Partner,Stage\nAcme,dating\n"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refused_import_into_a_new_path_leaves_nothing_behind(case, tmp_path, run_cli):
    name, content = REFUSED[case]
    source = tmp_path / "source"
    source.mkdir()
    doc = source / name
    doc.write_bytes(content if isinstance(content, bytes) else content.encode())
    path = tmp_path / "made" / "for" / "it.sqlite"
    extra = ["--dry-run"] if "dry run" in case else []
    result = run_cli("import", path, doc, *extra)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert everything_under(tmp_path) == ["source", f"source/{name}"]


def test_a_json_import_refused_late_leaves_nothing_behind(exported, tmp_path, monkeypatch):
    """Fails after the file was created and migrated: the import itself is refused."""
    from planner.cli import main
    from planner.domain.errors import PlannerError

    def refuse(*_args, **_kwargs):
        raise PlannerError("The disk is full.")

    monkeypatch.setattr(portfolio_io, "import_records", refuse)
    target = tmp_path / "late" / "p.sqlite"
    before = everything_under(tmp_path)
    assert main(["import", str(target), str(exported)]) == 1
    assert everything_under(tmp_path) == before


def test_sample_force_replaces_a_portfolio_but_never_another_file(sample_path, tmp_path,
                                                                  run_cli):
    keep = tmp_path / "keep.json"
    keep.write_text('{"mine": true}')
    result = run_cli("sample", keep, "--force")
    assert result.returncode == 1 and result.stderr.count("\n") == 1
    assert "not a Partner Planner portfolio" in result.stderr
    assert keep.read_text() == '{"mine": true}'
    with open_portfolio(sample_path) as portfolio:
        partners.add_partner(portfolio.uow(), partners.Partner(name="Mine"))
    result = run_cli("sample", sample_path, "--force")
    assert result.returncode == 0, result.stderr
    with open_portfolio(sample_path, read_only=True) as portfolio:
        assert "Mine" not in partners.partner_names(portfolio.uow())
    assert stat.S_IMODE(sample_path.stat().st_mode) == 0o600
