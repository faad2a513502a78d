"""Playback in the wall's tiles: switch, amber captions, timeline bar, swap, sync, marks."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from app.core.model import SiteConfig
from app.core.tile_state import Health, Phrase
from app.core.timeline import MarkKind, TimelineMark
from app.core.wall import ScreenLayout, WallModel
from app.ui.messages import MessageBridge
from app.ui.tile import TileWidget
from app.ui.wall_window import WallOptions, WallWindow
from app.video.feed import LiveFeed
from app.video.playback_feed import PlaybackFeed
from tests.fakes import FakeProvider
from tests.recorded import FPS, T0, FakeServices

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CAMERAS = ("chiavari-01", "chiavari-02", "chiavari-03")


@pytest.fixture
def services() -> FakeServices:
    """Memory recordings with an alarm at T0+5 s and a plate hit at T0+8 s."""
    return FakeServices(
        marks=[
            TimelineMark(T0 + 5, MarkKind.ALARM, "camera_down"),
            TimelineMark(T0 + 8, MarkKind.PLATE_HIT, "AB123CD (rubati)"),
        ]
    )


@pytest.fixture
def window(
    qtbot: QtBot, site: SiteConfig, provider: FakeProvider, services: FakeServices
) -> Iterator[WallWindow]:
    model = WallModel(ScreenLayout("2x2", CAMERAS))
    options = WallOptions(playback=services)
    win = WallWindow(0, model, site, provider, MessageBridge(show_boxes=False), options=options)
    qtbot.addWidget(win)
    win.resize(1200, 760)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.shutdown()


def picture_time(tile: TileWidget) -> float | None:
    tile.poll()
    return tile.frame.wallclock if tile.frame is not None and tile.recorded else None


def wait_time(qtbot: QtBot, tile: TileWidget, t: float) -> None:
    """Until the tile shows the recorded frame at ``t`` (the first one at or after it)."""
    shown = T0 + math.ceil(round((t - T0 - 0.02) * FPS, 6)) / FPS
    qtbot.waitUntil(lambda: abs((picture_time(tile) or 0) - shown) < 1e-3, timeout=10000)


def pixel(tile: TileWidget, x: int, y: int) -> QColor:
    return tile.grab().toImage().pixelColor(x, y)


def test_a_tile_switches_to_its_recording_and_back_to_live(
    qtbot: QtBot, window: WallWindow, tmp_path: Path
) -> None:
    model, tile = window.model, window.view.tiles[0]
    model.start_playback(0, T0 + 3.0)
    feed = tile.feed
    assert isinstance(feed, PlaybackFeed) and tile.recorded and tile.stream is None
    wait_time(qtbot, tile, T0 + 3.0)
    assert tile.state.health is Health.RECORDED and tile.state.phrase is Phrase.RECORDED
    captions = tile._captions()
    clock = time.strftime("%d/%m/%Y %H:%M:%S", time.localtime(int(T0 + 3.0)))
    assert captions.footer == f"REGISTRAZIONE {clock}"
    assert captions.state == "In pausa"
    # The bar is under the picture, not over it; the picture's frame is amber.
    bar = window.view.playback.bars[0]
    assert bar.isVisible() and bar.y() >= tile.content_rect().bottom()
    assert tile.picture_rect().bottom() < bar.y()
    qtbot.waitUntil(lambda: bool(feed.timeline.recorded) and bool(feed.timeline.marks))
    bar.timeline.update()
    window.grab().save(str(tmp_path / "playback-tile.png"))
    assert pixel(tile, 1, tile.content_rect().center().y()) == QColor("#ffb000")
    # Back to live: the same camera, live, no bar, the player stopped.
    model.stop_playback(0)
    assert isinstance(tile.feed, LiveFeed) and not tile.recorded
    assert 0 not in window.view.playback.bars
    assert tile.content_rect() == tile.rect()
    qtbot.waitUntil(lambda: not feed.player._thread.is_alive(), timeout=5000)


def test_play_scrub_and_step_from_the_bar(qtbot: QtBot, window: WallWindow) -> None:
    window.model.start_playback(1, T0 + 1.0)
    tile = window.view.tiles[1]
    bar = window.view.playback.bars[1]
    wait_time(qtbot, tile, T0 + 1.0)
    bar.speed.setCurrentIndex(2)  # 4x
    bar.buttons["play"].click()
    qtbot.waitUntil(lambda: (picture_time(tile) or 0) > T0 + 3.0, timeout=10000)
    assert tile._captions().state == "Riproduzione 4x"
    bar.buttons["pause"].click()
    feed = tile.feed
    assert isinstance(feed, PlaybackFeed)
    qtbot.waitUntil(lambda: not feed.playing, timeout=5000)
    # Scrub: press and release a third of the way along a 30 s view.
    feed.timeline.view = type(feed.timeline.view)(T0, T0 + 12)
    line = bar.timeline
    x = line.width() // 3
    target = feed.timeline.time_at(x, line.width())
    qtbot.mousePress(line, Qt.MouseButton.LeftButton, pos=QPoint(x, 30))
    qtbot.mouseRelease(line, Qt.MouseButton.LeftButton, pos=QPoint(x, 30))
    wait_time(qtbot, tile, target)


def test_a_swap_moves_the_playback_with_its_tile(qtbot: QtBot, window: WallWindow) -> None:
    window.model.start_playback(0, T0 + 2.0)
    feed = window.view.tiles[0].feed
    wait_time(qtbot, window.view.tiles[0], T0 + 2.0)
    window.model.swap(0, 1)
    assert window.view.tiles[1].feed is feed  # the same playback, same place in it
    assert isinstance(window.view.tiles[0].feed, LiveFeed)
    assert window.view.tiles[0].camera_id == "chiavari-02"
    assert 1 in window.view.playback.bars and 0 not in window.view.playback.bars


def test_layout_keeps_the_camera_and_a_hidden_playback_reopens_where_it_was(
    qtbot: QtBot, window: WallWindow
) -> None:
    model = window.model
    model.start_playback(0, T0 + 6.0)
    wait_time(qtbot, window.view.tiles[0], T0 + 6.0)
    assert model.snapshot().tiles[0] == "chiavari-01"  # saved as live
    first = window.view.tiles[0].feed
    model.toggle_maximise(1)  # tile 0 hidden: its player stops, its time is kept
    assert window.view.tiles[0].feed is None
    playback = model.playback_at(0)
    assert playback is not None and playback.at == pytest.approx(T0 + 6.0)
    model.toggle_maximise(1)
    again = window.view.tiles[0].feed
    assert isinstance(again, PlaybackFeed) and again is not first
    wait_time(qtbot, window.view.tiles[0], T0 + 6.0)


def test_synced_tiles_follow_one_timeline(qtbot: QtBot, window: WallWindow) -> None:
    model, view = window.model, window.view
    model.start_playback(0, T0 + 1.0)
    model.start_playback(1, T0 + 9.0)
    wait_time(qtbot, view.tiles[1], T0 + 9.0)
    model.set_synced(0, True)
    view.playback.bars[1].buttons["sync"].click()  # joins the group: moves to its time
    wait_time(qtbot, view.tiles[1], T0 + 1.0)
    assert view.tiles[1]._captions().state.startswith("Sincr.")
    view.playback.bars[0].seek.emit(T0 + 4.0)  # one timeline drives both
    wait_time(qtbot, view.tiles[0], T0 + 4.0)
    wait_time(qtbot, view.tiles[1], T0 + 4.0)
    view.playback.bars[1].play.emit(8.0)
    for tile in view.tiles[:2]:
        qtbot.waitUntil(lambda t=tile: (picture_time(t) or 0) > T0 + 6.0, timeout=10000)
    model.set_synced(1, False)
    view.playback.bars[0].seek.emit(T0 + 2.0)
    wait_time(qtbot, view.tiles[0], T0 + 2.0)
    assert (picture_time(view.tiles[1]) or 0) > T0 + 6.0  # left the group: not moved


def test_marks_show_and_a_click_goes_to_their_time(qtbot: QtBot, window: WallWindow) -> None:
    window.model.start_playback(0, T0 + 1.0)
    tile, bar = window.view.tiles[0], window.view.playback.bars[0]
    feed = tile.feed
    assert isinstance(feed, PlaybackFeed)
    qtbot.waitUntil(lambda: len(feed.timeline.marks) == 2, timeout=5000)
    feed.timeline.view = type(feed.timeline.view)(T0, T0 + 12)
    line = bar.timeline
    hit = feed.timeline.marks[1]
    x = round(feed.timeline.x_of(hit.t, line.width()))
    qtbot.mousePress(line, Qt.MouseButton.LeftButton, pos=QPoint(x, 16))
    wait_time(qtbot, tile, T0 + 8.0)
    assert feed.timeline.mark_at(x, line.width()) == hit


def test_export_from_the_bar_takes_the_selection(
    qtbot: QtBot, window: WallWindow, services: FakeServices
) -> None:
    window.model.start_playback(0, T0 + 1.0)
    feed = window.view.tiles[0].feed
    assert isinstance(feed, PlaybackFeed)
    feed.timeline.select(T0 + 2, T0 + 7)
    window.view.playback.bars[0].buttons["export"].click()
    assert services.exports == [("chiavari-01", type(feed.timeline.view)(T0 + 2, T0 + 7))]
    window.view.playback.bars[0].buttons["live"].click()
    assert window.model.playback_at(0) is None
