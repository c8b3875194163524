"""Every package under planner/ is listed in pyproject.toml, so an installed app has it all."""

import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_package_is_listed_in_pyproject():
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {
        ".".join(init.parent.relative_to(REPO).parts)
        for init in (REPO / "planner").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert "planner" in found
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert {p for p in listed if p.startswith("planner.")} <= found, "listed but missing"


def test_the_resources_ship_as_a_package():
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    assert config["tool"]["setuptools"]["package-dir"]["planner_resources"] == "resources"
    assert (REPO / "resources" / "schema" / "partner-planner.schema.json").is_file()


def test_migrations_ship_with_the_storage_package():
    config = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))
    data = config["tool"]["setuptools"]["package-data"]["planner.storage"]
    versions = list((REPO / "planner" / "storage" / "migrations" / "versions").glob("*.py"))
    assert versions and "migrations/versions/*.py" in data
    assert (REPO / "planner" / "storage" / "migrations" / "env.py").is_file()
