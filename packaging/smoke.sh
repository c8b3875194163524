#!/usr/bin/env bash
# Smoke test of what users get (run by .ci/run after the test suite; needs root and apt-get):
# build the bundle and the .deb, install the .deb with apt-get, then drive the INSTALLED
# `partner-planner` command, never the virtual environment: version, sample portfolio, a brief
# that is a valid PDF, check, JSON export and import, the window offscreen on the sample, the
# refusal of a file that is not a portfolio, the file type as the desktop sees it, the
# libraries Qt needs; finally remove the package and check that it left nothing behind.
#   bash packaging/smoke.sh            build, install, test, remove
#   bash packaging/smoke.sh --keep     ... and leave the package installed
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
keep=${1:-}
fail() { echo "smoke.sh: FAILED: $*" >&2; exit 1; }
step() { echo "smoke.sh: $*"; }
started=$(date +%s)

step "building the bundle and the .deb"
bash packaging/build.sh
bash packaging/build-deb.sh
deb=$(ls dist/partner-planner_*.deb)
built=$(date +%s)
step "installing $deb with apt-get"
apt-get install -y -qq --reinstall "./$deb" >/dev/null
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' planner/__init__.py)
[ "$(dpkg-query -W -f='${Version}' partner-planner)" = "$version" ] \
  || fail "the installed package is not version $version"

app=$(command -v partner-planner) || fail "partner-planner is not on PATH"
[ "$(readlink -f "$app")" = /opt/partner-planner/partner-planner ] \
  || fail "partner-planner on PATH is $app, not the installed app"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_DATA_HOME=$work/home/data XDG_CONFIG_HOME=$work/home/config
mkdir -p "$HOME"
cd "$work"  # nothing from the checkout can be picked up from here

step "version"
[ "$(partner-planner --version)" = "Partner Planner $version" ] || fail "--version"

step "sample portfolio, check"
partner-planner sample portfolio.sqlite >/dev/null || fail "sample"
partner-planner check portfolio.sqlite > check.txt || fail "check"
grep -q "Integrity: ok" check.txt || fail "check did not say the file is ok"

step "portfolio brief and partner brief are valid PDFs"
partner-planner brief portfolio.sqlite --portfolio -o portfolio.pdf >/dev/null \
  || fail "portfolio brief"
partner="$(partner-planner export portfolio.sqlite -o partners.json >/dev/null &&
  python3 -c 'import json; print(json.load(open("partners.json"))["partners"][0]["name"])')"
partner-planner brief portfolio.sqlite --partner "$partner" -o partner.pdf >/dev/null \
  || fail "partner brief"
for pdf in portfolio.pdf partner.pdf; do
  [ "$(head -c 5 "$pdf")" = "%PDF-" ] || fail "$pdf does not start as a PDF"
  tail -c 32 "$pdf" | grep -q '%%EOF' || fail "$pdf has no end-of-file marker"
  if command -v pdfinfo >/dev/null; then
    pdfinfo "$pdf" | grep -q '^Pages: *[1-9]' || fail "$pdf: pdfinfo finds no page"
  fi
done

step "JSON export and import"
partner-planner sample copy.sqlite >/dev/null
partner-planner import copy.sqlite partners.json --replace >/dev/null || fail "import"
partner-planner export copy.sqlite -o again.json >/dev/null || fail "export after import"
python3 - <<'EOF' || fail "the partners exported after import differ"
import json
a, b = (json.load(open(name))["partners"] for name in ("partners.json", "again.json"))
assert sorted(p["name"] for p in a) == sorted(p["name"] for p in b) and len(a) == 8
EOF

step "window offscreen on the sample"
QT_QPA_PLATFORM=offscreen timeout 120 partner-planner portfolio.sqlite --quit-after-load \
  || fail "the window did not open the sample and quit cleanly"

step "a file that is not a portfolio is refused in one line"
printf 'Meeting notes\n' > notes.txt
for how in "notes.txt --quit-after-load" "check notes.txt"; do
  set +e
  # shellcheck disable=SC2086
  QT_QPA_PLATFORM=offscreen timeout 120 partner-planner $how 2> refusal.txt >/dev/null
  status=$?
  set -e
  [ "$status" = 1 ] || fail "partner-planner $how exited $status, not 1"
  # Qt's offscreen platform may say something of its own first (e.g. "This plugin does not
  # support propagateSizeHints()"); ours is exactly one line, and the last.
  [ "$(grep -c '^planner: ' refusal.txt)" = 1 ] \
    || fail "partner-planner $how: not one line of ours: $(cat refusal.txt)"
  tail -n 1 refusal.txt | grep -q "^planner: error: .*not a Partner Planner portfolio" \
    || fail "refusal: $(cat refusal.txt)"
done
[ "$(cat notes.txt)" = "Meeting notes" ] || fail "the refused file was changed"

step "a team portfolio on a server that does not answer is one line (psycopg is bundled)"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
set +e
# PSYCOPG_IMPL=binary: the libpq inside the bundle, not one the machine may have
PSYCOPG_IMPL=binary timeout 60 partner-planner check "postgresql://nobody@127.0.0.1:$port/team" \
  2> refusal.txt >/dev/null
status=$?
set -e
[ "$status" = 1 ] || fail "check of an unreachable server exited $status, not 1: $(cat refusal.txt)"
tail -n 1 refusal.txt | grep -q "^planner: error: Cannot reach the team portfolio team on " \
  || fail "unreachable server: $(cat refusal.txt)"

step "the desktop sees a portfolio as a portfolio"
if command -v gio >/dev/null; then
  cp portfolio.sqlite renamed.db
  for file in portfolio.sqlite renamed.db; do
    gio info -a standard::content-type "$file" \
      | grep -q "application/x-partner-planner-portfolio" || fail "$file: not a portfolio type"
  done
fi
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate /usr/share/applications/partner-planner.desktop || fail "desktop entry"
fi

step "every library the app needs is installed, and declared by the package"
# Each library an ELF file of the app names (NEEDED) must be in the app or come from a package
# in Depends (or an Essential one), so apt brings it in on a fresh machine; ldd finds none
# missing. The GTK theme plugin is optional: Qt skips it where GTK is not installed.
depends=$(dpkg-query -W -f='${Depends}' partner-planner | tr ',|' '\n\n' | awk '{print $1}')
declare -A owner=()
missing=""
while IFS= read -r -d '' elf; do
  case "$elf" in */platformthemes/libqgtk3.so) continue ;; esac
  lines=$(ldd "$elf" 2>/dev/null) || continue
  if grep -q "not found" <<< "$lines"; then
    missing+=" $(basename "$elf") cannot find $(grep "not found" <<< "$lines" | awk '{print $1}' | tr '\n' ' ');"
  fi
  command -v readelf >/dev/null || continue
  for soname in $(readelf -d "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    path=$(awk -v s="$soname" '$1 == s && $3 ~ /^\// {print $3}' <<< "$lines")
    case "$path" in ""|/opt/partner-planner/*) continue ;; esac
    if [ -z "${owner[$path]+set}" ]; then
      owner[$path]=$( (dpkg -S "$(readlink -f "$path")" 2>/dev/null || dpkg -S "$path" 2>/dev/null) \
        | head -1 | cut -d: -f1)
    fi
    package=${owner[$path]}
    if [ -n "$package" ] && ! grep -qx "$package" <<< "$depends" \
        && [ "$(dpkg-query -W -f='${Essential}' "$package" 2>/dev/null)" != yes ]; then
      missing+=" $(basename "$elf") needs $soname from $package, not in Depends;"
    fi
  done
done < <(find /opt/partner-planner -type f \( -name '*.so*' -o -name partner-planner \) -print0)
[ -z "$missing" ] || fail "libraries:$missing"

step "user install into a home of its own, without root, and its uninstall"
(
  export HOME=$work/user XDG_DATA_HOME=$work/user/.local/share
  mkdir -p "$HOME"
  bash "$repo/packaging/install-user.sh" >/dev/null || fail "install-user.sh"
  [ "$("$HOME/.local/bin/partner-planner" --version)" = "Partner Planner $version" ] \
    || fail "the user install does not run"
  QT_QPA_PLATFORM=offscreen timeout 120 "$HOME/.local/bin/partner-planner" \
    "$work/portfolio.sqlite" --read-only --quit-after-load || fail "user install: window"
  bash "$repo/packaging/install-user.sh" --uninstall >/dev/null || fail "install-user.sh --uninstall"
  left=$(find "$HOME" \( -type f -o -type l \) ! -path "*/mime/*" ! -name mimeinfo.cache)
  [ -z "$left" ] || fail "left after the user uninstall: $left"
)

if [ "$keep" = --keep ]; then
  step "passed; the package stays installed ($(($(date +%s) - started)) s)"
  exit 0
fi
step "removing the package leaves nothing but the user's data"
cd "$repo"
apt-get remove -y -qq partner-planner >/dev/null
for path in /opt/partner-planner /usr/bin/partner-planner \
    /usr/share/applications/partner-planner.desktop /usr/share/mime/packages/partner-planner.xml \
    /usr/share/metainfo/org.partnerplanner.PartnerPlanner.metainfo.xml \
    /usr/share/icons/hicolor/512x512/apps/partner-planner.png /usr/share/doc/partner-planner; do
  [ ! -e "$path" ] && [ ! -L "$path" ] || fail "$path is left after removal"
done
if command -v gio >/dev/null; then
  ! gio info -a standard::content-type "$work/portfolio.sqlite" \
    | grep -q partner-planner || fail "the portfolio type is still known after removal"
fi
[ -f "$work/portfolio.sqlite" ] || fail "the user's portfolio went with the package"
step "passed: build $((built - started)) s, whole smoke test $(($(date +%s) - started)) s"
