"""A backup named by a file name no backup has is refused naming what was asked for and the
command that lists the backups there are."""

import pytest

from planner.domain.errors import PlannerError
from planner.services import backups


def test_a_backup_no_one_took_is_refused_naming_it_and_how_to_list_them(tmp_path,
                                                                         empty_file_at):
    path = empty_file_at(tmp_path / "portfolio.sqlite")
    backups.take_backup(path)
    with pytest.raises(PlannerError) as refused:
        backups.find_backup(path, "portfolio-2020.sqlite")
    assert str(refused.value) == (f"There is no backup portfolio-2020.sqlite; 'planner backups "
                                  f"{path}' lists them.")
