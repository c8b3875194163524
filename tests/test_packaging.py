"""Every package and data folder under planner/ and resources/ is listed in pyproject.toml, so
an installed app has it all and `pip install` does not warn that one is absent."""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def config():
    return tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]


def folders(root: Path, prefix: str) -> set[str]:
    """Every folder that holds files setuptools ships, named as a package."""
    found = set()
    for folder in [root, *root.rglob("*")]:
        if not folder.is_dir() or "__pycache__" in folder.parts:
            continue
        if any(p.is_file() for p in folder.iterdir()):
            found.add(".".join([prefix, *folder.relative_to(root).parts]))
    return found


def test_every_package_and_data_folder_is_listed_in_pyproject():
    listed = set(config()["packages"])
    found = folders(REPO / "planner", "planner") | folders(REPO / "resources",
                                                           "planner_resources")
    assert {"planner", "planner.storage.migrations.versions", "planner_resources.schema"} <= found
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert listed - found == set(), "listed but missing"


def test_the_resources_ship_as_a_package():
    assert config()["package-dir"]["planner_resources"] == "resources"
    assert (REPO / "resources" / "schema" / "partner-planner.schema.json").is_file()
    assert config()["package-data"]["planner_resources"] == ["**/*"]


def test_migrations_ship_with_the_storage_package():
    assert "planner.storage.migrations.versions" in config()["packages"]
    assert config()["package-data"]["planner.storage.migrations"] == ["*.mako"]
    assert list((REPO / "planner" / "storage" / "migrations" / "versions").glob("*.py"))
    assert (REPO / "planner" / "storage" / "migrations" / "env.py").is_file()
    assert (REPO / "planner" / "storage" / "migrations" / "script.py.mako").is_file()
