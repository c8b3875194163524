# Shared by build-deb.sh and install-user.sh (sourced, not run): put the desktop entry, icons,
# MIME type and AppStream metainfo under a share/ folder, filling in the version and date.
# Needs the icons in $ICONS, build/icons/ unless set (packaging/build.sh makes them).

# The one version number, from planner/__init__.py.
planner_version() {
  sed -n 's/^__version__ = "\(.*\)"$/\1/p' planner/__init__.py
}

# The date of the commit built (a release date must not change with the day of the build).
release_date() {
  git log -1 --format=%cs 2>/dev/null || date -u +%F
}

# install_desktop_files SHARE_DIR EXEC: EXEC is the command the menu entry runs.
install_desktop_files() {
  local share=$1 exec=$2 size
  install -d "$share/applications" "$share/mime/packages" "$share/metainfo" \
    "$share/icons/hicolor/scalable/apps"
  sed -e "s|^Exec=partner-planner |Exec=$exec |" -e "s|^TryExec=partner-planner$|TryExec=$exec|" \
    packaging/linux/partner-planner.desktop > "$share/applications/partner-planner.desktop"
  install -m 644 packaging/linux/partner-planner-mime.xml \
    "$share/mime/packages/partner-planner.xml"
  sed -e "s/@VERSION@/$(planner_version)/" -e "s/@DATE@/$(release_date)/" \
    packaging/linux/org.partnerplanner.PartnerPlanner.metainfo.xml.in \
    > "$share/metainfo/org.partnerplanner.PartnerPlanner.metainfo.xml"
  for size in 16 22 24 32 48 64 128 256 512; do
    install -D -m 644 "${ICONS:-build/icons}/partner-planner-$size.png" \
      "$share/icons/hicolor/${size}x${size}/apps/partner-planner.png"
  done
  install -m 644 resources/icons/app.svg "$share/icons/hicolor/scalable/apps/partner-planner.svg"
}
