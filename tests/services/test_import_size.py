"""A file past the whole-read limit that reaches the whole-document reader (it grew after the
import chose how to read it) is refused before a byte is read, saying how large it is and how
large an export gets, in megabytes."""

import pytest

from planner.domain.errors import ImportProblem
from planner.services import portfolio_io


@pytest.mark.parametrize(("megabytes", "said"), [(40, "40"), (16.6, "17"), (1000, "1,000")])
def test_a_file_past_the_limit_is_refused_saying_its_size(tmp_path, megabytes, said):
    path = tmp_path / "big.json"
    with open(path, "wb") as f:
        f.truncate(int(megabytes * 2**20))  # sparse: no disk used
    with pytest.raises(ImportProblem) as refused:
        portfolio_io.read_document(path)
    assert str(refused.value) == (f"$: the file is {said} MB, more than the 16 MB an export of "
                                  "even a large portfolio needs")
