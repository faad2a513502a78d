"""Adaptive streams: sub/main by tile size, no black flash, hidden tiles release."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from app.core.model import Profile
from app.core.streams import DecodeMode, StreamKey, StreamState, StreamStatus
from app.core.wall import ScreenLayout, WallModel
from app.ui.messages import MessageBridge
from app.ui.status_text import words_of
from app.ui.wall_window import WallOptions, WallWindow
from app.video.overload import Load, OverloadGovernor
from tests.fakes import FakeProvider

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

CAM = "chiavari-01"


def make_wall(qtbot, site, provider, layout, *, width=1280, height=760):
    window = WallWindow(
        0,
        WallModel(layout),
        site,
        provider,
        MessageBridge(show_boxes=False),
        options=WallOptions(2.0),
    )
    qtbot.addWidget(window)
    window.resize(width, height)
    window.show()
    qtbot.waitExposed(window)
    window.view.sync_streams()  # the size has settled: pick profiles now
    return window


def brightness(tile) -> int:
    image = tile.grab().toImage()
    c = image.rect().center()
    return QColor(image.pixel(c.x() // 2, c.y())).value()


def test_small_tiles_use_sub_maximised_uses_main(qtbot, site, provider):
    window = make_wall(qtbot, site, provider, ScreenLayout("3x3", (CAM, "chiavari-02")))
    assert {k.profile for k in provider.streams} == {Profile.SUB}
    window.model.toggle_maximise(0)
    assert StreamKey(CAM, Profile.MAIN) in provider.acquired
    assert window.view.tiles[0].profile is Profile.MAIN
    # The other camera's tile is hidden: its stream was released.
    assert provider.users("chiavari-02") == 0
    window.model.toggle_maximise(0)
    assert window.view.tiles[0].profile is Profile.SUB


def test_resize_switches_profile(qtbot, site, provider):
    window = make_wall(qtbot, site, provider, ScreenLayout("2x2", (CAM,)), width=900, height=600)
    assert window.view.tiles[0].profile is Profile.SUB
    window.resize(1900, 1000)
    qtbot.waitUntil(lambda: window.view.width() >= 2 * window.view.sub_below, timeout=2000)
    window.view.sync_streams()
    assert window.view.tiles[0].profile is Profile.MAIN
    assert StreamKey(CAM, Profile.MAIN) in provider.acquired


def test_switch_keeps_old_picture_until_new_frame(qtbot, site):
    provider = FakeProvider(auto_frames=False)
    window = make_wall(qtbot, site, provider, ScreenLayout("3x3", (CAM,)))
    tile = window.view.tiles[0]
    sub = provider.streams[StreamKey(CAM, Profile.SUB)]
    sub.push(seed=5)
    qtbot.waitUntil(lambda: tile.has_shown_live, timeout=2000)
    window.model.toggle_maximise(0)
    main = provider.streams[StreamKey(CAM, Profile.MAIN)]
    assert tile.stream is main and tile.previous is sub
    tile.poll()
    # The new stream has no frame yet: the old picture is still there, not black.
    assert brightness(tile) > 40
    assert sub.users == 1  # still held while it is the picture on screen
    main.push(seed=6)
    qtbot.waitUntil(lambda: StreamKey(CAM, Profile.SUB) not in provider.streams, timeout=2000)
    assert tile.previous is None and tile.frame is not None
    assert brightness(tile) > 40


def test_suspended_wall_releases_everything(qtbot, site, provider):
    window = make_wall(qtbot, site, provider, ScreenLayout("2x2", (CAM, "chiavari-02")))
    assert provider.users(CAM) == 1
    window.view.set_suspended(True)
    assert provider.users(CAM) == 0 and provider.users("chiavari-02") == 0
    window.view.set_suspended(False)
    assert provider.users(CAM) == 1


def test_minimised_window_decodes_nothing_until_restored(qtbot, site, provider):
    window = make_wall(qtbot, site, provider, ScreenLayout("2x2", (CAM, "chiavari-02")))
    window.setWindowState(Qt.WindowState.WindowMinimized)
    qtbot.waitUntil(lambda: provider.users(CAM) == 0, timeout=2000)
    assert provider.users("chiavari-02") == 0
    assert window.model.camera_at(0) == CAM  # the layout stays as it was
    window.setWindowState(Qt.WindowState.WindowNoState)
    qtbot.waitUntil(lambda: provider.users(CAM) == 1, timeout=2000)
    assert provider.users("chiavari-02") == 1


class CachingProvider(FakeProvider):
    """A provider that remembers each camera's last picture, like the manager."""

    def __init__(self) -> None:
        super().__init__(auto_frames=False)
        self.cache = {}

    def release(self, stream) -> None:
        _, frame = stream.mailbox.latest()
        if frame is not None:
            self.cache[stream.key.camera_id] = frame
        super().release(stream)

    def last_frame(self, camera_id):
        return self.cache.get(camera_id)


def test_called_up_camera_shows_last_picture_dimmed(qtbot, site):
    provider = CachingProvider()
    window = make_wall(qtbot, site, provider, ScreenLayout("3x3", (CAM,)))
    provider.streams[StreamKey(CAM, Profile.SUB)].push(seed=7)
    tile = window.view.tiles[0]
    qtbot.waitUntil(lambda: tile.has_shown_live, timeout=2000)
    window.model.assign(0, "chiavari-02")
    window.model.assign(0, CAM)  # called up again: its stream restarts, no frame yet
    stream = tile.stream
    stream.status = StreamStatus(StreamState.BUFFERING)
    tile.poll()
    assert tile.frame is provider.cache[CAM]
    assert words_of(tile.state) == "Attesa immagini..." and tile.state.banner
    stream.push(seed=8)
    tile.poll()
    assert words_of(tile.state) == "In diretta" and tile.frame is not provider.cache[CAM]


def test_overload_degrades_background_tile_not_selected(qtbot, site, provider):
    cams = tuple(c.id for c in site.cameras[:4])
    window = make_wall(qtbot, site, provider, ScreenLayout("2x2", cams))
    window.model.select(1)
    governor = OverloadGovernor()
    governor.add_source(window.view.demands)
    for t in range(10):
        modes = governor.decide(Load(gui_lag=0.5), now=1000.0 + t)
    held = window.view.held_streams()
    assert modes[held[1].key] is DecodeMode.FULL
    assert all(modes[held[i].key] is DecodeMode.KEYFRAMES for i in (0, 2, 3))
    # The decision reached the streams themselves, not only the governor's table.
    assert held[1].decode_mode is DecodeMode.FULL
    assert all(held[i].decode_mode is DecodeMode.KEYFRAMES for i in (0, 2, 3))
