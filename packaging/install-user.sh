#!/usr/bin/env bash
# Install Partner Planner for you alone, without root:
#   bash packaging/install-user.sh              the app in ~/.local/lib/partner-planner, the
#                                               `partner-planner` command in ~/.local/bin, the
#                                               menu entry, icons, portfolio file type and
#                                               metainfo under ~/.local/share
#   bash packaging/install-user.sh --uninstall  remove all of that again; portfolios, backups
#                                               and settings stay
# It installs the bundle in dist/partner-planner (bash packaging/build.sh builds it, and this
# script does when there is none). BUNDLE and ICONS may point elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=packaging/desktop-files.sh
. packaging/desktop-files.sh
bundle=${BUNDLE:-dist/partner-planner}
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
lib=$HOME/.local/lib/partner-planner
icon_sizes="16 22 24 32 48 64 128 256 512"

refresh_caches() {
  if command -v update-mime-database >/dev/null; then update-mime-database "$data/mime"; fi
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$data/applications" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -f "$data/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
  fi
}

case "${1:-}" in
  --uninstall)
    if [ -L "$bin/partner-planner" ] && [ "$(readlink "$bin/partner-planner")" = "$lib/partner-planner" ]; then
      rm -f "$bin/partner-planner"
    fi
    rm -rf "$lib"
    rm -f "$data/applications/partner-planner.desktop" \
      "$data/mime/packages/partner-planner.xml" \
      "$data/metainfo/org.partnerplanner.PartnerPlanner.metainfo.xml" \
      "$data/icons/hicolor/scalable/apps/partner-planner.svg"
    for size in $icon_sizes; do
      rm -f "$data/icons/hicolor/${size}x${size}/apps/partner-planner.png"
    done
    refresh_caches
    echo "Partner Planner is uninstalled. Your portfolios and backups are where they were."
    exit 0
    ;;
  "") ;;
  *)
    echo "usage: bash packaging/install-user.sh [--uninstall]" >&2
    exit 2
    ;;
esac

if [ ! -x "$bundle/partner-planner" ]; then
  bash packaging/build.sh
fi
install -d "$bin" "$(dirname "$lib")"
rm -rf "$lib.new"
cp -a "$bundle" "$lib.new"
rm -rf "$lib"
mv "$lib.new" "$lib"
ln -sfn "$lib/partner-planner" "$bin/partner-planner"
install_desktop_files "$data" "$bin/partner-planner"
refresh_caches
echo "Installed $("$bin/partner-planner" --version) in $lib; it is in your applications menu."
case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "To run partner-planner from a terminal, add $bin to your PATH." ;;
esac
