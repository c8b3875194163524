"""The real `planner PATH`: the app started offscreen in its own process, quitting on its own
once the window is up and the portfolio listed (`--quit-after-load`, for smoke tests)."""

from pathlib import Path

from tests.ui.test_file_operations import held_open_by_another_process


def companions(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "."))


def test_planner_path_opens_the_window_lists_the_portfolio_and_quits(sample_path, run_cli):
    run = run_cli(sample_path, "--quit-after-load")
    assert run.returncode == 0, run.stderr
    assert run.stdout == "Loaded sample.sqlite: 8 partners listed.\n"
    assert "Traceback" not in run.stderr
    # It closed the portfolio on its way out: no lock, -wal or -shm left behind.
    assert companions(sample_path) == [] and not Path(f"{sample_path}-wal").exists()


def test_planner_path_read_only_opens_a_portfolio_held_by_another_process(sample_path, run_cli):
    with held_open_by_another_process(sample_path):
        refused = run_cli(sample_path, "--quit-after-load")
        read_only = run_cli(sample_path, "--read-only", "--quit-after-load")
    assert refused.returncode == 1 and refused.stdout == ""
    # (Qt's offscreen platform may say something of its own first.)
    last = refused.stderr.splitlines()[-1]
    assert last.startswith("planner: error: ") and "Traceback" not in refused.stderr
    assert "already open in another window or process" in last
    assert read_only.returncode == 0, read_only.stderr
    assert read_only.stdout == "Loaded sample.sqlite: 8 partners listed.\n"


def test_planner_on_the_default_portfolio_creates_it_on_first_run(run_cli, private_dirs):
    run = run_cli("--quit-after-load")
    assert run.returncode == 0, run.stderr
    assert run.stdout == "Loaded portfolio.sqlite: 0 partners listed.\n"
    assert (private_dirs / "data" / "PartnerPlanner" / "portfolio.sqlite").is_file()


def test_the_option_is_in_the_help(run_cli):
    run = run_cli("--help")
    assert run.returncode == 0 and "--quit-after-load" in run.stdout
