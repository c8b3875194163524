"""packaging/make_icons.py renders app.svg to every size a desktop asks for, .ico and .icns."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def test_icons_at_every_size_in_png_ico_and_icns(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, str(REPO / "packaging" / "make_icons.py"), str(tmp_path)],
                   check=True, capture_output=True, env=env, timeout=120)
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        data = (tmp_path / f"partner-planner-{size}.png").read_bytes()
        assert png_size(data) == (size, size)
        # drawn, not blank: the corners are transparent, the middle is the blue tile
        assert len(data) > 200

    ico = (tmp_path / "partner-planner.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 7)
    sizes = []
    for i in range(count):
        width, _h, _c, _r, _planes, _bpp, length, offset = struct.unpack(
            "<BBBBHHII", ico[6 + 16 * i: 22 + 16 * i])
        image = ico[offset: offset + length]
        assert png_size(image)[0] == (width or 256)
        sizes.append(width or 256)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]

    icns = (tmp_path / "partner-planner.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    at, found = 8, {}
    while at < len(icns):
        kind, length = struct.unpack(">4sI", icns[at: at + 8])
        found[kind] = png_size(icns[at + 8: at + length])[0]
        at += length
    assert at == len(icns)
    assert found[b"ic07"] == 128 and found[b"ic09"] == 512 and found[b"ic14"] == 512
