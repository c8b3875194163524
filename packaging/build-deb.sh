#!/usr/bin/env bash
# Build dist/partner-planner_VERSION_ARCH.deb from the bundle with dpkg-deb (no network):
#   bash packaging/build-deb.sh          (builds the bundle first when dist/ has none)
# The app goes to /opt/partner-planner, the `partner-planner` command to /usr/bin, with the
# desktop entry, icons, portfolio file type and AppStream metainfo under /usr/share.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=packaging/desktop-files.sh
. packaging/desktop-files.sh
bundle=dist/partner-planner
if [ ! -x "$bundle/partner-planner" ] || [ ! -f build/icons/partner-planner-512.png ]; then
  bash packaging/build.sh
fi
version=$(planner_version)
if [ "$("$bundle/partner-planner" --version)" != "Partner Planner $version" ]; then
  echo "build-deb.sh: $bundle is not version $version; run bash packaging/build.sh" >&2
  exit 1
fi
arch=$(dpkg --print-architecture)
root=build/deb/root
rm -rf build/deb
install -d "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/doc/partner-planner"
cp -a "$bundle" "$root/opt/partner-planner"
ln -s /opt/partner-planner/partner-planner "$root/usr/bin/partner-planner"
install_desktop_files "$root/usr/share" partner-planner
{
  echo "Partner Planner $version"
  echo
  cat LICENSE
  echo
  echo "The app carries Python (PSF License 2.0), Qt 6 and PySide6 (LGPL-3.0-only; see Help >"
  echo "About Qt) and Python libraries under their own licences, among them SQLAlchemy, Alembic,"
  echo "openpyxl, jsonschema, platformdirs (MIT), ReportLab, jsonschema-rs (MIT), pypdfium2"
  echo "and PDFium (Apache-2.0, BSD-3-Clause), orjson (Apache-2.0 or MIT), Pillow (MIT-CMU),"
  echo "icalendar (BSD-2-Clause),"
  echo "python-bidi (LGPL-3.0) and arabic-reshaper (MIT), in /opt/partner-planner/_internal."
  for licence in resources/fonts/LICENSE-*.txt; do
    echo
    echo "Files: /opt/partner-planner/_internal/resources/fonts ($(basename "$licence"))"
    echo
    cat "$licence"
  done
} > "$root/usr/share/doc/partner-planner/copyright"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@INSTALLED_SIZE@/$size/" \
  packaging/debian/control.in > "$root/DEBIAN/control"
install -m 755 packaging/debian/postinst packaging/debian/prerm packaging/debian/postrm \
  "$root/DEBIAN/"
deb=dist/partner-planner_${version}_${arch}.deb
rm -f dist/partner-planner_*.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "Built $deb ($(du -h "$deb" | cut -f1))."
