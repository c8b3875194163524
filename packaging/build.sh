#!/usr/bin/env bash
# Build the standalone app on Linux: icons from resources/icons/app.svg into build/icons/, then
# the PyInstaller one-folder bundle dist/partner-planner/ (run dist/partner-planner/partner-planner).
#   bash packaging/build.sh
# It uses its own virtual environment, build/venv, with the app (not editable, without the test
# extras) and PyInstaller from PyPI, so nothing of the tests can end up in the bundle.
# packaging/build-deb.sh turns the bundle into a .deb.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Building Partner Planner needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)." >&2
  exit 1
}
venv=build/venv
if [ ! -x "$venv/bin/python" ]; then
  "$PYTHON" -m venv "$venv"
fi
stamp=$venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] \
    || [ -n "$(find planner resources -newer "$stamp" -type f -print -quit)" ]; then
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet . "pyinstaller>=6.10"
  touch "$stamp"
fi

started=$(date +%s)
"$venv/bin/python" packaging/make_icons.py build/icons
"$venv/bin/python" -m PyInstaller packaging/partner-planner.spec --noconfirm --clean \
  --log-level WARN --distpath dist --workpath build/pyinstaller
"$venv/bin/python" packaging/check_bundle.py

app=dist/partner-planner/partner-planner
version=$("$app" --version)
expected="Partner Planner $("$venv/bin/python" -c 'import planner; print(planner.__version__)')"
if [ "$version" != "$expected" ]; then
  echo "build.sh: the bundle says '$version', expected '$expected'." >&2
  exit 1
fi
echo "Built $version in $(($(date +%s) - started)) s: $app ($(du -sh dist/partner-planner | cut -f1))."
