"""Help > About names the version, the app's licence and the fonts' licences, and they agree
with the LICENSE file, the licence texts shipped beside the fonts and the AppStream metainfo."""

from __future__ import annotations

import re
from pathlib import Path

import planner
from planner.ui import about

REPO = Path(__file__).resolve().parent.parent.parent
FONTS = REPO / "resources" / "fonts"

# font family as About names it -> (font files it stands for, licence file, licence id in it)
SHIPPED = {
    "Noto Sans": ("NotoSans*.ttf", "LICENSE-Noto.txt", "OFL-1.1"),
    "DejaVu Sans": ("DejaVuSans*.ttf", "LICENSE-DejaVu.txt", "bitstream-vera"),
    "Droid Sans Fallback": ("DroidSans*.ttf", "LICENSE-DroidSansFallback.txt", "Apache-2"),
}


def test_about_names_version_licence_and_font_licences(window, messages):
    window.actions.about.trigger()
    [(kind, _title, text)] = messages
    assert kind == "about"
    assert f"Partner Planner {planner.__version__}" in text
    assert "MIT licence" in text
    for family in SHIPPED:
        assert family in text
    assert "SIL Open Font License 1.1" in text and "Apache License 2.0" in text


def test_every_shipped_font_has_its_licence_named_and_shipped():
    named = {entry.split(" (")[0] for entry in about.FONT_LICENCES}
    assert named == set(SHIPPED)
    covered = set()
    for pattern, licence, licence_id in SHIPPED.values():
        files = set(FONTS.glob(pattern))
        assert files, pattern
        covered |= files
        assert re.search(rf"^License: {re.escape(licence_id)}", (FONTS / licence).read_text(
            "utf-8"), re.MULTILINE)
    assert covered == set(FONTS.glob("*.ttf")), "a font without its licence in About"


def test_one_licence_everywhere():
    assert (REPO / "LICENSE").read_text("utf-8").startswith("MIT License\n")
    assert about.LICENCE == "MIT licence"
    metainfo = REPO / "packaging" / "linux" / "org.partnerplanner.PartnerPlanner.metainfo.xml.in"
    assert "<project_license>MIT</project_license>" in metainfo.read_text("utf-8")
