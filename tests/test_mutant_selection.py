"""The tests that judge each package's mutants (tests/mutant_selection.py)."""

import tomllib
from pathlib import Path

from tests.mutant_selection import SELECTIONS, selected

ROOT = Path(__file__).resolve().parent.parent


def mutmut_selection() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["mutmut"]["pytest_add_cli_args_test_selection"]


def test_every_selected_path_exists_and_is_in_what_mutmut_collects():
    union = mutmut_selection()
    for package, entries in SELECTIONS.items():
        for entry in entries:
            assert (ROOT / entry).exists(), (package, entry)
            assert any(entry.rstrip("/") == p or entry.startswith(p.rstrip("/") + "/")
                       for p in union), (package, entry)


def test_each_package_gets_its_own_tests_and_no_others():
    rule = "tests/domain/test_rule_edges.py::test_trend_at_the_threshold[3.0-Trend.STEADY]"
    service = "tests/services/test_search.py::test_x[file]"
    assert selected(rule, "domain") and not selected(rule, "services")
    assert selected(service, "services") and selected(service, "storage")
    assert not selected(service, "domain")
    assert not selected("tests/domainx/test_a.py::test_b", "domain")  # a folder, not a prefix


def test_the_team_half_and_the_command_line_in_a_subprocess_are_left_out():
    assert not selected("tests/services/test_search.py::test_x[team]", "services")
    assert not selected("tests/services/test_search.py::test_x[team-bad0]", "services")
    assert selected("tests/services/test_search.py::test_x[file-team0]", "services")
    backups = "tests/safety/test_backups.py::test_rotation_removes_old_backup_files"
    assert selected(backups, "storage", ["sample_path"])
    assert not selected(backups, "storage", ["sample_path", "run_cli"])
    copy = "tests/services/test_history_copy.py::test_the_history_survives_a_copy_both_ways"
    assert not selected(copy, "storage", ["tmp_path", "postgres_server"])  # the server's
    assert not selected("tests/team/test_roles.py::test_x", "storage", ["postgres_server"])
    huge = "tests/safety/test_hostile_spreadsheets.py::test_a_huge_csv_stays_within_a_few[1]"
    assert not selected(huge, "services")
    assert selected("tests/safety/test_hostile_spreadsheets.py::test_a_hostile[x]", "services")


def test_property_tests_are_left_out():
    imports = "tests/exchange/test_spreadsheet_import.py::test_any_sheet"
    assert selected(imports, "domain")
    assert not selected(imports, "domain", prop=True)


def test_with_a_server_the_team_tests_judge_the_services_and_the_storage():
    team_half = "tests/services/test_search.py::test_x[team]"
    roles = "tests/team/test_roles.py::test_only_the_owner_may_grant"
    for package in ("services", "storage"):
        assert selected(team_half, package, ["postgres_server"], server=True)
        assert selected(roles, package, ["postgres_server", "make_user"], server=True)
    assert not selected(roles, "domain", ["postgres_server"], server=True)
    cli = "tests/team/test_team_cli.py::test_init_url_makes_an_empty_database_a_portfolio_once"
    assert not selected(cli, "storage", ["postgres_server", "run_cli"], server=True)


def test_a_mutant_is_matched_to_the_function_making_the_template_calls():
    from tests.portfolio_template import mutated_function

    method = "planner.storage.portfolio_file.xǁPortfolioFileǁ__init____mutmut_13"
    assert mutated_function(method) == "planner.storage.portfolio_file.xǁPortfolioFileǁ__init__"
    assert mutated_function("planner.storage.database.x_open__mutmut_3") == \
        "planner.storage.database.x_open"


def test_the_planner_s_caches_are_emptied_so_a_mutant_run_computes_them_again():
    from planner.services import portfolio_io
    from planner.storage import database
    from tests.mutant_selection import clear_planner_caches

    portfolio_io.schema()
    database._revision_chain()
    assert portfolio_io.schema.cache_info().currsize == 1
    assert clear_planner_caches("planner.services.") >= 1
    assert portfolio_io.schema.cache_info().currsize == 0
    assert database._revision_chain.cache_info().currsize == 1  # not the judged package's
    assert clear_planner_caches() >= 2
    assert database._revision_chain.cache_info().currsize == 0
