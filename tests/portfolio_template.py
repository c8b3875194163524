"""An empty portfolio file at the schema's head, made by the app's own create-and-migrate
path and copied by each test that needs an empty file portfolio: creating one runs every
migration (about 0.15 s of CPU), five times what the copy and an ordinary opening cost.

The template is kept between test sessions in the temporary folder, named by a digest of the
storage code and migrations that make it (a change there makes a new one). Mutation testing
runs each mutant in a session of its own (mutmut's MUTANT_UNDER_TEST names it): when the
mutated function is one that making the template calls, the session makes its own template
with the mutant switched on and never keeps it; any other mutant cannot change what making it
does, so the session copies the kept one (made with no mutant, which recorded beside it the
mutated functions it called), as an ordinary run does, instead of paying for every migration
in each of thousands of sessions."""

import hashlib
import json
import os
import shutil
import sys
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


ORIGINAL = "__mutmut_orig"  # how mutmut names the unmutated body of a mutated function


def mutated_function(mutant: str) -> str:
    """The mutated function a mutmut mutant's name belongs to, named as `_make` records it:
    "planner.storage.database.x_open__mutmut_3" -> "planner.storage.database.x_open"."""
    return mutant.rpartition("__mutmut_")[0]


def _make(path: Path) -> set[str]:
    """Makes the template at `path`; returns the mutated functions it called (none outside a
    mutation run): mutmut runs the unmutated body of `f` as `x_f__mutmut_orig`."""
    called: set[str] = set()

    def note(frame, event, _arg):
        if event == "call" and frame.f_code.co_name.endswith(ORIGINAL):
            called.add(f"{frame.f_globals.get('__name__')}.{frame.f_code.co_name[:-len(ORIGINAL)]}")

    with pytest.MonkeyPatch.context() as patch:  # its lock and settings stay out of the home
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            patch.setenv(name, str(path.parent / name.lower()))
        previous = sys.getprofile()
        sys.setprofile(note)
        try:
            open_portfolio(path, create=True).close()
        finally:
            sys.setprofile(previous)
    return called


def _kept(folder: Path) -> Path:
    """The template kept between sessions, made with no mutant switched on (and, beside it, the
    list of the mutated functions that making it called)."""
    kept = Path(tempfile.gettempdir()) / f"planner-test-template-{os.getuid()}-{_digest()}.sqlite"
    if not kept.exists() or _calls_of(kept) is None:
        called = _make(folder / "empty.sqlite")
        (folder / "calls.json").write_text(json.dumps(sorted(called)), encoding="utf-8")
        os.replace(folder / "calls.json", kept.with_suffix(".calls.json"))
        shutil.copyfile(folder / "empty.sqlite", folder / "whole.sqlite")
        os.replace(folder / "whole.sqlite", kept)  # whole or not at all, for parallel workers
    return kept


def _calls_of(kept: Path) -> set[str] | None:
    try:
        return set(json.loads(kept.with_suffix(".calls.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("template")
    mutant = os.environ.get("MUTANT_UNDER_TEST", "")
    if mutant in CLEAN:
        return _kept(folder)
    kept = Path(tempfile.gettempdir()) / f"planner-test-template-{os.getuid()}-{_digest()}.sqlite"
    calls = _calls_of(kept) if kept.exists() else None
    if calls is not None and mutated_function(mutant) not in calls:
        return kept  # the mutant is in a function that making the template never calls
    _make(folder / "empty.sqlite")
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
