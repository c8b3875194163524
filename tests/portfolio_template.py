"""An empty portfolio file at the schema's head, made by the app's own create-and-migrate
path and copied by each test that needs an empty file portfolio: creating one runs every
migration (about 0.15 s of CPU), five times what the copy and an ordinary opening cost.

The template is kept between test sessions in the temporary folder, named by a digest of the
storage code and migrations that make it (a change there makes a new one). Mutation testing
runs each mutant in a session of its own: a template made while a mutant is switched on
(mutmut's MUTANT_UNDER_TEST) is used by that session only, never kept."""

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest

import planner.storage
from planner.services.portfolio import open_portfolio

CLEAN = ("", "stats")  # mutmut's values while no mutant is switched on


def _digest() -> str:
    storage = Path(planner.storage.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(storage.rglob("*.py")):
        digest.update(path.relative_to(storage).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _make(path: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:  # its lock and settings stay out of the home
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            patch.setenv(name, str(path.parent / name.lower()))
        open_portfolio(path, create=True).close()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    if os.environ.get("MUTANT_UNDER_TEST", "") not in CLEAN:
        _make(folder / "empty.sqlite")
        return folder / "empty.sqlite"
    kept = Path(tempfile.gettempdir()) / f"planner-test-template-{os.getuid()}-{_digest()}.sqlite"
    if not kept.exists():
        _make(folder / "empty.sqlite")
        shutil.copyfile(folder / "empty.sqlite", folder / "whole.sqlite")
        os.replace(folder / "whole.sqlite", kept)  # whole or not at all, for parallel workers
    return kept


@pytest.fixture
def empty_file_at(migrated_template):
    """`empty_file_at(path)` puts a copy of the migrated template at `path` (owner-only, as
    the app creates it) and returns `path`."""

    def copy(path: Path) -> Path:
        shutil.copyfile(migrated_template, path)
        os.chmod(path, 0o600)
        return path

    return copy
