"""The layering is checked, not hoped for: import-linter's contracts in pyproject.toml."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_every_import_contract_is_kept():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    command = [str(lint_imports)] if lint_imports.exists() else [
        sys.executable, "-c", "from importlinter.cli import lint_imports_command; "
                              "lint_imports_command()"]
    result = subprocess.run([*command, "--no-cache"], cwd=REPO, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" not in result.stdout.lower().replace("0 broken", "")
    assert " KEPT" in result.stdout


def test_the_code_keeps_the_style_rules():
    """ruff with pyproject.toml's rules (line length 100, sorted imports, ...)."""
    ruff = Path(sys.executable).parent / "ruff"
    command = [str(ruff)] if ruff.exists() else [sys.executable, "-m", "ruff"]
    result = subprocess.run([*command, "check", "--no-cache", "planner", "tests", "benchmarks"],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
