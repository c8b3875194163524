"""The desktop entry, AppStream metainfo and portfolio MIME type, checked by the tools desktops use.

The MIME test compiles our shared-mime-info package into a private XDG data folder and asks
GLib (`gio info`, as file managers do) what a file is: a portfolio is recognised by its
content whatever its name; another SQLite file or a text file is not. Locally the tests skip
when the tools are missing; on CI (.ci/run installs them) a missing tool is a failure.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
LINUX = REPO / "packaging" / "linux"
PORTFOLIO_TYPE = "application/x-partner-planner-portfolio"


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is missing; .ci/run installs it")
        pytest.skip(f"{name} is not installed")
    return path


def run(*args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)


def test_the_desktop_entry_is_valid_and_opens_the_file_it_is_given():
    result = run(tool("desktop-file-validate"), str(LINUX / "partner-planner.desktop"))
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr
    entry = (LINUX / "partner-planner.desktop").read_text("utf-8")
    assert "\nExec=partner-planner %f\n" in entry
    assert f"\nMimeType={PORTFOLIO_TYPE};\n" in entry


def test_the_metainfo_is_valid_with_this_version(tmp_path):
    import planner

    rendered = tmp_path / "org.partnerplanner.PartnerPlanner.metainfo.xml"
    script = (f". packaging/desktop-files.sh && install_desktop_files {tmp_path}/share "
              "partner-planner")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "ICONS": str(tmp_path / "icons")}
    subprocess.run([sys.executable, "packaging/make_icons.py", env["ICONS"]], cwd=REPO,
                   check=True, capture_output=True, env=env)
    subprocess.run(["bash", "-c", script], cwd=REPO, check=True, env=env)
    rendered = tmp_path / "share" / "metainfo" / rendered.name
    text = rendered.read_text("utf-8")
    assert f'<release version="{planner.__version__}" date="20' in text
    assert "@" not in text.replace("maintainers@", "")
    result = run(tool("appstreamcli"), "validate", "--no-net", str(rendered))
    assert result.returncode == 0, result.stdout + result.stderr
    for size in (16, 32, 48, 128, 256, 512):
        assert (tmp_path / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
                / "partner-planner.png").is_file()


def content_type(path: Path, env: dict) -> str:
    result = run(tool("gio"), "info", "-a", "standard::content-type", str(path), env=env)
    assert result.returncode == 0, result.stderr
    for line in result.stdout.splitlines():
        if "standard::content-type:" in line:
            return line.split(":", 3)[-1].strip()
    raise AssertionError(result.stdout)


def mime_folder(root: Path, packages: list[Path]) -> Path:
    (root / "mime" / "packages").mkdir(parents=True)
    for package in packages:
        shutil.copy(package, root / "mime" / "packages")
    result = run(tool("update-mime-database"), str(root / "mime"))
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def files(tmp_path):
    portfolio = tmp_path / "files" / "acme.sqlite"
    portfolio.parent.mkdir()
    subprocess.run([sys.executable, "-m", "planner", "sample", str(portfolio)], check=True,
                   capture_output=True, cwd=REPO)
    renamed = tmp_path / "files" / "from-a-colleague.db"
    shutil.copy(portfolio, renamed)
    plain = tmp_path / "files" / "other.sqlite"
    with sqlite3.connect(plain) as connection:
        connection.execute("create table t (x)")
    connection.close()
    text = tmp_path / "files" / "notes.sqlite"
    text.write_text("Meeting notes, not a database.\n", "utf-8")
    return {"portfolio": portfolio, "renamed": renamed, "plain": plain, "text": text}


def test_a_portfolio_is_recognised_by_its_content_whatever_its_name(tmp_path, files):
    freedesktop = Path("/usr/share/mime/packages/freedesktop.org.xml")
    if not freedesktop.is_file():
        tool("update-mime-database")  # fails on CI, skips locally
        pytest.skip("shared-mime-info's freedesktop.org.xml is not installed")
    system = mime_folder(tmp_path / "system", [freedesktop])
    ours = mime_folder(tmp_path / "home", [LINUX / "partner-planner-mime.xml"])
    without = {**os.environ, "XDG_DATA_DIRS": str(system), "XDG_DATA_HOME": str(tmp_path / "x")}
    with_ours = {**without, "XDG_DATA_HOME": str(ours)}

    # Without our type a portfolio is just an SQLite database: the check below can fail.
    assert content_type(files["portfolio"], without) == "application/vnd.sqlite3"

    assert content_type(files["portfolio"], with_ours) == PORTFOLIO_TYPE
    assert content_type(files["renamed"], with_ours) == PORTFOLIO_TYPE
    assert content_type(files["plain"], with_ours) == "application/vnd.sqlite3"
    assert content_type(files["text"], with_ours) == "text/plain"
