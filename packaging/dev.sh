#!/usr/bin/env bash
# Set up a development environment in .venv (idempotent), then:
#   bash packaging/dev.sh app    open the desktop app on the sample portfolio
#   bash packaging/dev.sh test [PYTEST ARGS]   run the whole test suite on every core
#                                (pytest-xdist -n auto; pass -n 0 to run serially)
#   bash packaging/dev.sh mutants [domain|services|storage|all] [MUTANT NAMES...]
#                                mutation testing (mutmut, lowest priority, 2 workers); fails
#                                on a survivor not listed in tests/mutants-accepted.txt
#   bash packaging/dev.sh mutants clean    remove mutmut's copy of the code and its results
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
extras=test
[ "${1:-}" = mutants ] && extras=test,mutants
stamp=.venv/.installed${extras#test}
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[$extras]"
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
    # Across every core; a -n of your own comes later on the line and wins.
    exec .venv/bin/python -m pytest -n "${PYTEST_WORKERS:-auto}" "$@"
    ;;
  mutants)
    shift || true
    package=${1:-all}
    [ "$#" -gt 0 ] && shift
    if [ "$package" = clean ]; then
      rm -rf mutants  # mutmut's mutated copy of the code and its results
      exit 0
    fi
    case "$package" in
      domain|services|storage) packages=("$package") ;;
      all) packages=(domain services storage) ;;
      *) echo "usage: bash packaging/dev.sh mutants [domain|services|storage|all|clean]" \
           "[MUTANT NAMES...]" >&2; exit 2 ;;
    esac
    # Each package is judged by its own fast tests (tests/mutant_selection.py). CPU-heavy:
    # lowest priority and two workers, so the machine stays usable.
    # MUTANT_SAMPLE=N runs N mutants of each package drawn at random (once mutmut has made
    # them) and scores those only: an estimate, with its margin, where a whole run takes long.
    stopped=0
    checks=()
    for one in "${packages[@]}"; do
      names=("planner.$one.*")
      only=()
      if [ "$#" -gt 0 ]; then
        names=("$@")
      elif [ -n "${MUTANT_SAMPLE:-}" ] && [ -d mutants ]; then
        .venv/bin/python tests/check_mutants.py --sample "$MUTANT_SAMPLE" "$one" \
          > "mutants/sample-$one.txt"
        if [ -s "mutants/sample-$one.txt" ]; then
          mapfile -t names < "mutants/sample-$one.txt"
          only=(--only "mutants/sample-$one.txt")
        fi
      fi
      started=$SECONDS
      PLANNER_MUTANTS=$one nice -n 19 .venv/bin/mutmut run \
        --max-children "${MUTANT_WORKERS:-2}" "${names[@]}" \
        || { stopped=$?; echo "mutmut stopped with status $stopped; checking what it recorded" >&2; }
      echo "planner.$one: mutmut ran $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
      .venv/bin/python tests/check_mutants.py "$one" "${only[@]}" || checks+=("$one")
    done
    [ "${#checks[@]}" -eq 0 ] || stopped=1
    exit "$stopped"  # a run that stopped early fails even when what it recorded passes
    ;;
  *)
    echo "usage: bash packaging/dev.sh [app|test|mutants]" >&2
    exit 2
    ;;
esac
