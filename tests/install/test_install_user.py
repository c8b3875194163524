"""packaging/install-user.sh installs into ~/.local without root and --uninstall takes it all
back, leaving the user's data. Here with a small stand-in for the bundle (an executable that
prints a version); packaging/smoke.sh does the same with the real bundle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def files_under(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def test_user_install_and_uninstall(tmp_path):
    home = tmp_path / "home"
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    app = bundle / "partner-planner"
    app.write_text("#!/bin/sh\necho 'Partner Planner 9.9'\n", "utf-8")
    app.chmod(0o755)
    data = home / ".local" / "share"
    (data / "PartnerPlanner").mkdir(parents=True)
    (data / "PartnerPlanner" / "portfolio.sqlite").write_bytes(b"the user's data")
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(data), "BUNDLE": str(bundle),
           "ICONS": str(tmp_path / "icons"), "QT_QPA_PLATFORM": "offscreen"}
    env.pop("XDG_DATA_DIRS", None)
    subprocess.run([sys.executable, "packaging/make_icons.py", env["ICONS"]], cwd=REPO,
                   check=True, capture_output=True, env=env, timeout=120)

    install = subprocess.run(["bash", "packaging/install-user.sh"], cwd=REPO, env=env,
                             capture_output=True, text=True, timeout=120)
    assert install.returncode == 0, install.stderr
    assert "Installed Partner Planner 9.9" in install.stdout
    command = home / ".local" / "bin" / "partner-planner"
    assert subprocess.run([command], capture_output=True, text=True).stdout.strip() == \
        "Partner Planner 9.9"
    entry = (data / "applications" / "partner-planner.desktop").read_text("utf-8")
    assert f"\nExec={command} %f\n" in entry
    assert (data / "mime" / "packages" / "partner-planner.xml").is_file()
    assert (data / "icons" / "hicolor" / "256x256" / "apps" / "partner-planner.png").is_file()
    assert (data / "metainfo" / "org.partnerplanner.PartnerPlanner.metainfo.xml").is_file()

    uninstall = subprocess.run(["bash", "packaging/install-user.sh", "--uninstall"], cwd=REPO,
                               env=env, capture_output=True, text=True, timeout=120)
    assert uninstall.returncode == 0, uninstall.stderr
    # what is left: the user's data, and the desktop's caches, regenerated without us
    caches = {f for f in files_under(home)
              if f.startswith(".local/share/mime/") or f.endswith("/mimeinfo.cache")}
    assert files_under(home) - caches == {".local/share/PartnerPlanner/portfolio.sqlite"}
    for cache in caches:
        assert b"partner-planner" not in (home / cache).read_bytes(), cache
