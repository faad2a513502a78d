"""PTZ driven from a wall tile against the simulator: its head moves, and so does the picture.

The camera is known by its ONVIF address only, so the wall also finds its
stream through ONVIF. Pictures are read back from what the tile paints.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.core.model import Site, SiteConfig
from app.core.ptzlock import PtzLockTable
from app.core.wall import ScreenLayout, WallModel
from app.devices.sources import DeviceSourceResolver
from app.ui.messages import MessageBridge
from app.ui.ptz_input import WHEEL_ZOOM_STEP
from app.ui.tile import TileWidget
from app.ui.wall_window import WallOptions, WallWindow
from app.video.manager import StreamManager
from app.video.pyav_engine import PyAVEngine
from tests.ptzsim import PTZ_ID, head, point_head, ptz_camera, ptz_simulator, shift
from tests.qtinput import wheel_up
from tests.simproc import SimProcess

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
WAIT_MS = 20_000  # first picture through ONVIF, first PTZ command loads the WSDLs
HFOV_DEG = 60.0  # the simulator's field of view at zoom 0 (the client's assumption)
PAN_RANGE_DEG = 360.0
# Frames encoded before the head stopped may still be on their way: a picture
# received this long after the stop shows where the head rests.
SETTLED_S = 0.5


@pytest.fixture(scope="module")
def ptz_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimProcess]:
    with ptz_simulator(tmp_path_factory.mktemp("ptz-tile-site")) as proc:
        yield proc


@pytest.fixture
def window(qtbot: QtBot, ptz_sim: SimProcess, tmp_path: Path) -> Iterator[WallWindow]:
    """A one-tile wall showing the simulator's PTZ camera, its head at home."""
    point_head(ptz_sim, 0.0, 0.0, 0.0)
    camera = ptz_camera(ptz_sim)
    site = SiteConfig("Prova", (Site("chiavari", "Chiavari"),), (), (camera,))
    manager = StreamManager(PyAVEngine(), DeviceSourceResolver())
    options = WallOptions(operator="Rossi", ptz_locks=PtzLockTable(15.0), snapshot_dir=tmp_path)
    model = WallModel(ScreenLayout("1", (PTZ_ID,)))
    win = WallWindow(0, model, site, manager, MessageBridge(show_boxes=False), options=options)
    qtbot.addWidget(win)
    win.resize(1100, 700)
    win.show()
    qtbot.waitExposed(win)
    try:
        yield win
    finally:
        win.shutdown()
        manager.shutdown()


def _tile(window: WallWindow) -> TileWidget:
    return window.view.tiles[0]


def _picture_after(qtbot: QtBot, tile: TileWidget, mark: float) -> np.ndarray:
    """The tile's picture (grey, as painted) once it shows a frame received after ``mark``."""

    def fresh() -> bool:
        frame = tile.frame
        return frame is not None and frame.received_at > mark and not tile.state.banner

    qtbot.waitUntil(fresh, timeout=WAIT_MS)
    image = tile.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    rect = tile.picture_rect()
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1)
    picture = rows[rect.top() : rect.bottom() + 1, rect.left() : rect.right() + 1]
    return np.asarray(picture, np.float32)


def _settled(qtbot: QtBot, sim: SimProcess) -> float:
    """Wait for the head to rest; the time from which pictures show it there."""
    qtbot.waitUntil(lambda: not head(sim)["moving"], timeout=WAIT_MS)
    return time.monotonic() + SETTLED_S


def _shift_for_pan(pan: float, picture_width: int) -> float:
    """Picture pixels the scene moves (leftwards positive pan) for a pan of ``pan``."""
    degrees = pan * PAN_RANGE_DEG / 2
    return -degrees / HFOV_DEG * picture_width


def test_drag_right_pans_the_camera_and_the_scene_moves_left(
    qtbot: QtBot, window: WallWindow, ptz_sim: SimProcess
) -> None:
    tile = _tile(window)
    before = _picture_after(qtbot, tile, 0.0)
    centre = tile.rect().center()
    qtbot.mousePress(tile, Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(tile, centre + QPoint(tile.width() // 10, 0))  # a slow pan right
    assert tile.ptz_caption == "PTZ: Rossi"
    qtbot.waitUntil(lambda: head(ptz_sim)["pan"] > 0.02, timeout=WAIT_MS)
    assert head(ptz_sim)["moving"]
    qtbot.mouseRelease(tile, Qt.MouseButton.LeftButton, pos=centre + QPoint(tile.width() // 10, 0))
    mark = _settled(qtbot, ptz_sim)
    rest = head(ptz_sim)
    assert rest["pan"] > 0.02 and rest["tilt"] == pytest.approx(0.0, abs=1e-3)
    after = _picture_after(qtbot, tile, mark)
    dx, dy = shift(before, after)
    expected = _shift_for_pan(rest["pan"], after.shape[1])
    assert dx < 0, (dx, dy)
    assert dx == pytest.approx(expected, rel=0.2), (dx, expected)
    assert abs(dy) < 5


def test_click_brings_the_point_to_the_centre(
    qtbot: QtBot, window: WallWindow, ptz_sim: SimProcess
) -> None:
    tile = _tile(window)
    before = _picture_after(qtbot, tile, 0.0)
    picture = tile.picture_rect()
    # A point right of and above the centre: 0.4 and 0.3 of the half picture.
    offset = QPoint(round(picture.width() * 0.2), -round(picture.height() * 0.15))
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton, pos=picture.center() + offset)
    qtbot.waitUntil(lambda: head(ptz_sim)["pan"] > 0.01, timeout=WAIT_MS)
    mark = _settled(qtbot, ptz_sim)
    rest = head(ptz_sim)
    assert rest["pan"] == pytest.approx(0.4 * HFOV_DEG / 2 / 180, rel=0.1)
    assert rest["tilt"] > 0.01  # up on the screen is a positive tilt
    after = _picture_after(qtbot, tile, mark)
    dx, dy = shift(before, after)
    # What was at the click point now sits at the centre.
    assert dx == pytest.approx(-offset.x(), rel=0.15), (dx, dy, offset)
    assert dy == pytest.approx(-offset.y(), rel=0.15), (dx, dy, offset)


def test_wheel_zooms_the_camera_in(qtbot: QtBot, window: WallWindow, ptz_sim: SimProcess) -> None:
    tile = _tile(window)
    qtbot.waitUntil(lambda: tile.frame is not None, timeout=WAIT_MS)
    wheel_up(tile)
    qtbot.waitUntil(lambda: head(ptz_sim)["zoom"] > 0.0, timeout=WAIT_MS)
    _settled(qtbot, ptz_sim)
    rest = head(ptz_sim)
    assert rest["zoom"] == pytest.approx(WHEEL_ZOOM_STEP)  # one notch in
    assert rest["pan"] == pytest.approx(0.0, abs=1e-3)
    assert not tile.zoom.active  # the camera zooms, not the tile
