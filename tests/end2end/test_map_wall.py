"""The demo wall with a map tile, as a process: the map shows, a lost camera blinks on it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from tests.end2end.appproc import AppProcess
from tests.simproc import SimProcess

pytestmark = pytest.mark.e2e

LAYOUT = Path(__file__).resolve().parents[2] / "layouts" / "mappa-chiavari.json"
LIVE = QColor("#3ecf5c")  # the camera tree's "live" green (app.ui.tile_paint)
SEA = QColor(184, 212, 230)  # the schematic basemap's sea


def _share(picture: QImage, colour: QColor, tolerance: int = 8) -> float:
    """Share of the picture's pixels (sampled every 4th) close to ``colour``."""
    hits = total = 0
    for y in range(0, picture.height(), 4):
        for x in range(0, picture.width(), 4):
            pixel = picture.pixelColor(x, y)
            total += 1
            if all(
                abs(a - b) <= tolerance
                for a, b in zip(pixel.getRgb()[:3], colour.getRgb()[:3], strict=True)
            ):
                hits += 1
    return hits / max(1, total)


def test_map_tile_shows_basemap_and_live_pins(
    sim_site: Path, tmp_path: Path, run_app: list[AppProcess]
) -> None:
    shot = tmp_path / "wall.png"
    app = AppProcess(
        ["--site", str(sim_site), "--layout", str(LAYOUT), "--screenshot", str(shot)],
        home=tmp_path / "home",
    )
    run_app.append(app)
    app.wait_for(r"map shown in wall 1 tile 0", 60)
    app.wait_for(r"map tiles show the basemap .*schematic", 60)
    assert app.wait_exit(120) == 0
    picture = QImage(str(shot))
    assert not picture.isNull()
    # The big tile (1+5: the top-left two thirds) is the map: sea and green pins.
    map_part = picture.copy(0, 0, picture.width() * 2 // 3, picture.height() * 2 // 3)
    assert _share(map_part, SEA) > 0.005  # the tree takes the left of an 800x600 screen
    assert _share(map_part, LIVE, tolerance=12) > 0.0005


def test_lost_camera_blinks_on_the_map(
    own_sim: SimProcess, sim_site: Path, tmp_path: Path, run_app: list[AppProcess]
) -> None:
    app = AppProcess(["--site", str(sim_site), "--layout", str(LAYOUT)], home=tmp_path / "home")
    run_app.append(app)
    app.wait_for(r"map shown in wall 1 tile 0", 60)
    app.wait_for(r"chiavari-02/\w+: buffering -> playing", 60)
    mark = app.mark()
    own_sim.control("chiavari-02", "drop")
    try:
        app.wait_for(r"camera chiavari-02 lost: its pin blinks on the map", 30, start=mark)
    finally:
        own_sim.control("chiavari-02", "restore")
