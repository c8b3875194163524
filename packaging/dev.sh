#!/usr/bin/env bash
# Set up a development environment in .venv (idempotent), then:
#   bash packaging/dev.sh app    open the desktop app on the sample portfolio
#   bash packaging/dev.sh test [PYTEST ARGS]   run the whole test suite on every core
#                                (pytest-xdist -n auto; pass -n 0 to run serially)
#   bash packaging/dev.sh mutants [domain|services|storage...]
#                                mutation testing (mutmut, lowest priority, 2 workers) within
#                                a budget of MUTANT_MINUTES (25) for all: per package, the
#                                mutants of functions changed since its last run, then a
#                                random sample (score +/- margin); fails on a survivor not
#                                listed in tests/mutants-accepted.txt (tests/mutant_budget.py)
#   bash packaging/dev.sh mutants full [PACKAGE...]   every mutant (hours)
#   bash packaging/dev.sh mutants only MUTANT...      just those mutants
#   bash packaging/dev.sh mutants clean    remove mutmut's copies of the code and its results
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
    mode=budget
    case "${1:-}" in
      clean) rm -rf mutants; exit 0 ;;  # mutmut's mutated copies of the code and its results
      full|only) mode=$1; shift ;;
    esac
    packages=()
    if [ "$mode" = only ]; then  # the packages of the mutants named
      for name in "$@"; do
        one=${name#planner.}; one=${one%%.*}
        [[ " ${packages[*]} " == *" $one "* ]] || packages+=("$one")
      done
    else
      packages=("$@")
      [ "${#packages[@]}" -gt 0 ] || packages=(domain services storage)
    fi
    for one in "${packages[@]}"; do
      case "$one" in
        domain|services|storage) ;;
        *) echo "usage: bash packaging/dev.sh mutants [full] [domain|services|storage...]" \
             "| only MUTANT... | clean" >&2; exit 2 ;;
      esac
    done
    # Each package has its own mutmut folder (mutants/PACKAGE: its stats and results are kept
    # between runs) and is judged by its own tests (tests/mutant_selection.py). CPU-heavy:
    # lowest priority and two workers, so the machine stays usable.
    declare -A weight=([domain]=1 [services]=2 [storage]=2)
    left=0
    for one in "${packages[@]}"; do left=$(( left + weight[$one] )); done
    end=$(( $(date +%s) + ${MUTANT_MINUTES:-25} * 60 ))
    status=0
    for one in "${packages[@]}"; do
      work=mutants/$one
      mkdir -p "$work"
      for path in planner tests resources benchmarks pyproject.toml; do
        ln -sfn "../../$path" "$work/$path"
      done
      started=$SECONDS
      if [ "$mode" = budget ]; then
        # This package's share of what is left of the budget.
        until=$(( $(date +%s) + ($end - $(date +%s)) * weight[$one] / left ))
        left=$(( left - weight[$one] ))
        (cd "$work" && PLANNER_MUTANTS=$one nice -n 19 ../../.venv/bin/python \
          ../../tests/mutant_budget.py "$one" --until "$until" --workers "${MUTANT_WORKERS:-2}" \
          ${MUTANT_SEED:+--seed "$MUTANT_SEED"} ${MUTANT_SAMPLE:+--sample "$MUTANT_SAMPLE"}) \
          || status=1
      else
        names=("planner.$one.*")
        only=()
        if [ "$mode" = only ]; then
          names=()
          for name in "$@"; do
            if [[ $name == planner.$one.* ]]; then names+=("$name"); fi
          done
          mkdir -p "$work/mutants"
          printf '%s\n' "${names[@]}" > "$work/mutants/planner-only.txt"
          only=(--only mutants/planner-only.txt)
        fi
        (cd "$work" && PLANNER_MUTANTS=$one nice -n 19 ../../.venv/bin/mutmut run \
          --max-children "${MUTANT_WORKERS:-2}" "${names[@]}") \
          || { status=1; echo "mutmut stopped; checking what it recorded" >&2; }
        (cd "$work" && ../../.venv/bin/python ../../tests/check_mutants.py "$one" "${only[@]}") \
          || status=1
      fi
      echo "planner.$one: $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
    done
    exit "$status"
    ;;
  *)
    echo "usage: bash packaging/dev.sh [app|test|mutants]" >&2
    exit 2
    ;;
esac
