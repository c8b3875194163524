"""An empty portfolio file at the schema's head, made once per test session and copied by
each test that needs an empty file portfolio: creating one runs every migration (about 0.1 s
of CPU), five times what the copy and an ordinary opening cost, in every service test and in
every test run of mutation testing."""

import os
import shutil
from pathlib import Path

import pytest

from planner.services.portfolio import open_portfolio


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    with pytest.MonkeyPatch.context() as patch:  # its lock and settings stay in the session
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            patch.setenv(name, str(folder / name.lower()))
        open_portfolio(folder / "empty.sqlite", create=True).close()
    return folder / "empty.sqlite"


@pytest.fixture
def empty_file_at(migrated_template):
    """`empty_file_at(path)` puts a copy of the migrated template at `path` (owner-only, as
    the app creates it) and returns `path`."""

    def copy(path: Path) -> Path:
        shutil.copyfile(migrated_template, path)
        os.chmod(path, 0o600)
        return path

    return copy
