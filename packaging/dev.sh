#!/usr/bin/env bash
# Set up a development environment in .venv (idempotent), then:
#   bash packaging/dev.sh app    open the desktop app on the sample portfolio
#   bash packaging/dev.sh test   run the whole test suite
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
  echo "Partner Planner needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)." >&2
  exit 1
}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
  touch "$stamp"
fi
case "${1:-app}" in
  app)
    sample=$(.venv/bin/python -c 'from planner.services.portfolio import sample_portfolio_path as p; print(p())')
    [ -f "$sample" ] || .venv/bin/planner sample "$sample"
    exec .venv/bin/planner "$sample"
    ;;
  test)
    shift || true
    exec .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: bash packaging/dev.sh [app|test]" >&2
    exit 2
    ;;
esac
