"""Privacy: owner-only files and folders, nothing sent anywhere, exports hold only the portfolio."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

from planner.services import backups, csv_export, partners, portfolio_io
from planner.services.portfolio import open_portfolio
from planner.storage import locking

REPO = Path(__file__).resolve().parents[2]


def mode(path):
    return stat.S_IMODE(Path(path).stat().st_mode)


def test_portfolio_wal_shm_lock_and_backups_are_owner_only(tmp_path):
    old = os.umask(0o022)  # a typical, permissive umask
    try:
        path = tmp_path / "new folder" / "portfolio.sqlite"
        with open_portfolio(path, create=True) as portfolio:
            partners.add_partner(portfolio.uow(), partners.Partner(name="Acme"))
            for companion in ("-wal", "-shm", ".lock"):
                assert mode(f"{path}{companion}") == 0o600, companion
            assert mode(path) == 0o600
            assert mode(path.parent) == 0o700
        taken = backups.take_backup(path)
        assert mode(taken.path) == 0o600
        folder = taken.path.parent
        for level in (folder, folder.parent, folder.parent.parent):
            assert mode(level) == 0o700, level
        out = tmp_path / "copy.sqlite"
        backups.take_backup(path, output=out)
        assert mode(out) == 0o600
    finally:
        os.umask(old)


NETWORK_AUDIT = """
import sys
seen = []
def hook(event, args):
    if event.startswith(("socket.", "urllib.", "http.", "ftplib.", "smtplib.")) \\
            and event != "socket.gethostname":
        seen.append(event)
sys.addaudithook(hook)
from planner.cli import main
folder = sys.argv[1]
for argv in (["sample", folder + "/p.sqlite"],
             ["export", folder + "/p.sqlite", "-o", folder + "/all.json"],
             ["backup", folder + "/p.sqlite"],
             ["backups", folder + "/p.sqlite"],
             ["import", folder + "/q.sqlite", folder + "/all.json"],
             ["restore", folder + "/p.sqlite", "latest"],
             ["check", folder + "/p.sqlite"]):
    if argv[0] == "import":
        main(["sample", folder + "/q.sqlite"])
        main(["import", folder + "/q.sqlite", folder + "/all.json", "--replace"])
    else:
        main(argv)
print("NETWORK:", seen)
"""


def test_nothing_is_sent_anywhere(tmp_path):
    run = subprocess.run([sys.executable, "-c", NETWORK_AUDIT, str(tmp_path)],
                         capture_output=True, text=True, timeout=120, cwd=REPO,
                         env=dict(os.environ, PYTHONPATH=str(REPO)))
    assert run.returncode == 0, run.stderr
    assert "NETWORK: []" in run.stdout, run.stdout[-500:]
    assert "Restored" in run.stdout and "Integrity: ok" in run.stdout


def test_the_json_export_holds_only_the_portfolio(sample_path, tmp_path, monkeypatch):
    monkeypatch.setenv("LOGNAME", "zz-private-login")
    monkeypatch.setenv("USER", "zz-private-login")
    with open_portfolio(sample_path) as portfolio:  # edits stamp "changed by" with the user
        acme = partners.add_partner(portfolio.uow(), partners.Partner(name="Acme"))
        partners.update_partner(portfolio.uow(), acme)
        backups.take_backup(sample_path)
        out = tmp_path / "export.json"
        portfolio_io.export_json(portfolio.uow(), out)
        csv_folder = tmp_path / "csv"
        csv_folder.mkdir()
        csv_export.export_csv(portfolio.uow(), csv_folder)
        lock_holder = locking.read_holder(sample_path)
    text = out.read_text("utf-8")
    csv_text = "".join(p.read_text("utf-8") for p in sorted(csv_folder.iterdir()))
    assert "Acme" in csv_text
    assert all(mode(p) == 0o600 for p in csv_folder.iterdir())
    document = json.loads(text)
    portfolio_io.validate_document(document)  # only what the schema describes
    assert set(document) == {"format", "version", "partners"}
    for secret in ("zz-private-login", str(tmp_path), str(backups.backups_folder(sample_path)),
                   lock_holder.since, "changed_by", "version_num", "alembic"):
        assert secret not in text, secret
        assert secret not in csv_text, secret
    assert mode(out) == 0o600  # written through a private temporary file
