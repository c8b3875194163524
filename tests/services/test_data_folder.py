"""The app's own folder (README "One writer per file"): a portfolio open for writing holds, besides
`PATH.lock`, a lock named after the file's device and inode in the data folder's `locks/`, so a
hard link to the file lets no second writer in; closing it lets the next writer in."""

import os
from pathlib import PurePosixPath, PureWindowsPath

import platformdirs
import platformdirs.macos
import platformdirs.windows
import pytest

from planner.domain.errors import PortfolioLocked
from planner.services.data_folder import data_dir
from planner.services.portfolio import open_portfolio
from planner.storage.locking import identity_key


def test_a_writer_holds_a_lock_in_the_data_folders_locks(tmp_path, empty_file_at,
                                                         private_dirs):
    path = empty_file_at(tmp_path / "portfolio.sqlite")
    link = tmp_path / "another-name.sqlite"
    os.link(path, link)
    locks = private_dirs / "data" / "PartnerPlanner" / "locks"
    with open_portfolio(path):
        assert [p.name for p in locks.iterdir()] == [identity_key(path)]
        assert locks.stat().st_mode & 0o777 == 0o700
        with pytest.raises(PortfolioLocked):
            open_portfolio(link)
    with open_portfolio(link):
        assert [p.name for p in locks.iterdir()] == [identity_key(link)] == [identity_key(path)]


def test_the_data_folder_is_the_one_the_readme_names_on_windows_and_macos(monkeypatch):
    """platformdirs' own rules for the other two systems, run here: on Windows no
    company folder above the app's (%LOCALAPPDATA%\\PartnerPlanner, not ...\\PartnerPlanner\\
    PartnerPlanner)."""
    monkeypatch.setenv("WIN_PD_OVERRIDE_LOCAL_APPDATA", r"C:\Users\ann\AppData\Local")
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    assert PureWindowsPath(str(data_dir())) == PureWindowsPath(
        r"C:\Users\ann\AppData\Local\PartnerPlanner")
    monkeypatch.setenv("HOME", "/Users/ann")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)  # the tests' own; a Mac has none
    monkeypatch.setattr(platformdirs, "PlatformDirs", platformdirs.macos.MacOS)
    assert PurePosixPath(data_dir()) == PurePosixPath(
        "/Users/ann/Library/Application Support/PartnerPlanner")
