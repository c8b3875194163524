"""Help > About: the version, the app's licence and the licences of the fonts briefs use."""

from __future__ import annotations

import html

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

import planner
from planner.resources import resource_path

LICENCE = "MIT licence"  # the LICENSE file at the top of the source
# The fonts in resources/fonts/ that briefs use, with the licence in each LICENSE-*.txt there.
FONT_LICENCES = (
    "Noto Sans (SIL Open Font License 1.1)",
    "DejaVu Sans (Bitstream Vera licence, public domain changes)",
    "Droid Sans Fallback (Apache License 2.0)",
)


def show_about(parent: QWidget) -> None:
    QMessageBox.about(parent, parent.tr("About Partner Planner"), parent.tr(
        "<h3>Partner Planner {0}</h3>"
        "<p>Your portfolio of strategic alliances in one file: stages and checklists, "
        "the people on both sides, differences to manage, meetings and actions, value "
        "exchanged and health over time, and a brief to print before every review.</p>"
        "<p>Works offline. Every edit is saved at once and can be undone.</p>"
        "<p>Released under the {1}. Briefs are set in fonts under their own licences: "
        "{2}. The licence texts come with the app, in {3}.</p>"
        "<p>Built with Qt {4} (LGPL 3; see Help &gt; About Qt) and Python.</p>"
    ).format(planner.__version__, LICENCE, ", ".join(FONT_LICENCES),
             html.escape(str(resource_path("fonts"))), qVersion()))
