"""A tile showing what libVLC decoded, and the tile of a camera libVLC cannot play."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from app.core.model import Camera, EngineName, Profile
from app.core.streams import Notice
from app.core.tile_state import Health, Phrase
from app.ui.status_text import notice_text
from app.ui.tile import TileWidget
from app.video.engine_router import EngineRouter
from app.video.feed import LiveFeed
from app.video.manager import StreamManager
from app.video.pyav_engine import PyAVEngine
from app.video.vlc_engine import load_engine
from app.video.vlc_stream import VlcStream
from tests.simproc import SimProcess

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    bits = np.frombuffer(image.constBits(), np.uint8)
    return bits.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3]


@pytest.fixture
def manager() -> StreamManager:
    pyav = PyAVEngine()
    router = EngineRouter(pyav, lambda: load_engine(pyav.timings), EngineName.VLC)
    manager = StreamManager(router)
    yield manager
    manager.shutdown()
    assert not [t for t in threading.enumerate() if t.name.startswith("stream-")]


def _fixed(sim: SimProcess) -> list[str]:
    """Cameras with replayed loops (PTZ cameras have no HTTP streams)."""
    return [c for c in sim.cameras if c not in sim.ptz_cameras]


def _live(tile: TileWidget) -> bool:
    tile.poll()
    return tile.state.health == Health.LIVE and tile.frame is not None


def _tile(qtbot, camera: Camera, manager: StreamManager) -> TileWidget:
    tile = TileWidget(0, "w")
    qtbot.addWidget(tile)
    tile.resize(640, 380)
    tile.show()
    feed = LiveFeed(manager, camera.id, camera)
    feed.show(Profile.MAIN)
    tile.set_feed(feed)
    return tile


def test_tile_shows_vlc_decoded_picture(qtbot, sim: SimProcess, manager, tmp_path: Path) -> None:
    cam_id = _fixed(sim)[2]
    camera = Camera(
        cam_id,
        4,
        "Via MJPEG",
        "s",
        main_url=sim.http_url(cam_id, "main"),
        username=sim.username,
        password=sim.password(cam_id),
        allow_basic_auth=True,  # the simulator's HTTP cameras offer only Basic
    )  # no engine of its own: the site default (VLC here)
    tile = _tile(qtbot, camera, manager)
    assert isinstance(tile.stream, VlcStream)
    qtbot.waitUntil(lambda: _live(tile), timeout=15000)
    image = tile.grab().toImage()
    image.save(str(tmp_path / "vlc-tile.png"))
    image.save("/tmp/occhio-vlc-tile.png")  # to look at
    pixels = _pixels(image)
    # The scene's yellow sun (BGR 0, 215, 255) came through libVLC's RV32 pictures.
    sun = (
        (pixels[..., 2] > 220)
        & (pixels[..., 1] > 180)
        & (pixels[..., 1] < 240)
        & (pixels[..., 0] < 60)
    )
    assert sun.sum() > 50
    assert len(np.unique(pixels[::5, ::5].reshape(-1, 3), axis=0)) > 50
    assert tile.state.phrase is Phrase.LIVE and not tile.state.banner


def test_tile_of_rtsp_camera_on_vlc_says_pyav(qtbot, sim: SimProcess, manager) -> None:
    cam_id = _fixed(sim)[3]
    camera = Camera(cam_id, 5, "Via RTSP", "s", main_url=sim.url(cam_id, "sub"))
    tile = _tile(qtbot, camera, manager)
    if tile.stream is not None and tile.stream.status.notice is Notice.NONE:
        pytest.skip("this libVLC has an RTSP client")
    qtbot.waitUntil(lambda: _live(tile), timeout=15000)
    assert tile.state.notice is Notice.VLC_WITHOUT_RTSP
    assert notice_text(tile.state.notice) == "libVLC senza RTSP (live555): uso PyAV"
    assert not tile.state.banner  # a caption over a live picture, not a banner
    tile.grab().toImage().save("/tmp/occhio-vlc-fallback-tile.png")
