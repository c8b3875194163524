"""No test asserts something that cannot fail.

`assert QMessageBox`, `assert dt.date` or `assert name` (a loop variable over fixed data) pass
whatever the code does. This reads every test file and refuses an assert on:
- a constant, an f-string, a tuple, a lambda or a comprehension-free literal;
- an imported module, class or function, a def, or an attribute of one (`assert dt.date`);
- a bare name that is not a value the test computed: a loop variable, a parameter (fixture),
  an import. A computed name (`found = [...]; assert found`) can fail and is allowed.
"""

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ALWAYS_TRUE = (ast.Constant, ast.JoinedStr, ast.Tuple, ast.List, ast.Dict, ast.Set, ast.Lambda)


def python_files():
    return sorted(p for p in TESTS.rglob("*.py") if ".venv" not in p.parts)


def module_level_names(tree: ast.Module) -> set[str]:
    """Names bound by imports, defs and classes anywhere in the file (all truthy objects)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
    return names


def assigned_names(function: ast.AST) -> set[str]:
    """Names a function computes: assignments, augmented ones, walrus and `with ... as`."""
    names = set()
    for node in ast.walk(function):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AnnAssign | ast.AugAssign | ast.NamedExpr):
            targets = [node.target]
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            targets = [node.optional_vars]
        for target in targets:
            names.update(n.id for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def always_true_asserts(source: str, filename: str = "<test>") -> list[tuple[int, str]]:
    tree = ast.parse(source, filename)
    imported = module_level_names(tree)
    found = []

    def visit(node: ast.AST, computed: set[str]) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            computed = computed | assigned_names(node)
        if isinstance(node, ast.Assert):
            test = node.test
            text = ast.unparse(test)
            if isinstance(test, ALWAYS_TRUE):
                found.append((node.lineno, text))
            elif isinstance(test, ast.Name) and test.id not in computed:
                found.append((node.lineno, text))
            elif isinstance(test, ast.Attribute) and root_name(test) in imported \
                    and root_name(test) not in computed:
                found.append((node.lineno, text))
        for child in ast.iter_child_nodes(node):
            visit(child, computed)

    visit(tree, set())
    return found


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_assert_in_this_file_is_always_true(path):
    found = always_true_asserts(path.read_text(encoding="utf-8"), str(path))
    assert found == [], "asserts that cannot fail: " + "; ".join(
        f"line {line}: assert {text}" for line, text in found)


@pytest.mark.parametrize("source", [
    "import datetime as dt\ndef test():\n    assert dt.date\n",
    "from PySide6.QtWidgets import QMessageBox\ndef test():\n    assert QMessageBox\n",
    "CASES = [('a', 1)]\ndef test():\n    for name, _ in CASES:\n        assert name\n",
    "def test(sample_path):\n    assert sample_path\n",
    "def test():\n    assert True\n",
    "def test():\n    assert 'always'\n",
    "def test(x):\n    assert (x == 1, 'a tuple is always true')\n",
    "def test(x):\n    assert f'{x}'\n",
    "def helper():\n    pass\ndef test():\n    assert helper\n",
])
def test_the_guard_catches_each_kind(source):
    assert len(always_true_asserts(source)) == 1


@pytest.mark.parametrize("source", [
    "def test(rows):\n    found = [r for r in rows if r]\n    assert found\n",
    "def test(report):\n    assert report.healthy\n",
    "import datetime as dt\ndef test(d):\n    assert d == dt.date(2026, 1, 1)\n",
    "def test(x):\n    assert x is not None, 'message'\n",
    "def test():\n    with open('f') as handle:\n        assert handle\n",
])
def test_the_guard_lets_real_asserts_through(source):
    assert always_true_asserts(source) == []
