"""Tile states: stall banner, failure words, empty tile, grabs show pictures."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QColor, QImage

from app.core.streams import Failure, StreamState, StreamStatus
from app.core.tile_state import Health, describe
from app.core.wall import ScreenLayout, WallModel
from app.ui.status_text import activity_of, words_of
from app.ui.theme import apply_theme
from app.ui.wall_window import WallOptions, WallWindow
from tests.fakes import FakeProvider

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def distinct_colours(image: QImage, step: int = 7) -> int:
    """How many different colours a sparse sample of ``image`` holds."""
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
    return len(seen)


@pytest.mark.parametrize(
    ("state", "failure", "words"),
    [
        (StreamState.CONNECTING, Failure.NONE, "Connessione..."),
        (StreamState.BUFFERING, Failure.NONE, "Attesa immagini..."),
        (StreamState.FAILED, Failure.AUTH, "CREDENZIALI NON VALIDE da 2 min 14 s"),
        (StreamState.FAILED, Failure.NOT_FOUND, "PERCORSO INESISTENTE (404) da 2 min 14 s"),
        (StreamState.FAILED, Failure.MALFORMED, "INDIRIZZO NON VALIDO da 2 min 14 s"),
        (StreamState.FAILED, Failure.UNREACHABLE, "TELECAMERA NON RAGGIUNGIBILE da 2 min 14 s"),
        (StreamState.RECONNECTING, Failure.TIMEOUT, "LA TELECAMERA NON RISPONDE da 2 min 14 s"),
    ],
)
def test_state_words(state, failure, words):
    now = time.monotonic()
    status = StreamStatus(state, failure, since=now - 134.4)
    assert words_of(describe(status, None, now)) == words


def test_down_banner_keeps_its_words_while_retrying():
    now = time.monotonic()
    feedless = describe(
        StreamStatus(StreamState.RECONNECTING, Failure.UNREACHABLE, retry_at=now + 3.2), 5.0, now
    )
    assert words_of(feedless) == "TELECAMERA NON RAGGIUNGIBILE da 5 s"
    assert activity_of(feedless) == "nuovo tentativo tra 4 s"
    assert feedless.banner and feedless.health is Health.FAILED
    # A camera that was live and went quiet: its signal is missing, for how long.
    quiet = describe(StreamStatus(StreamState.RECONNECTING, Failure.TIMEOUT), 12.4, now)
    assert words_of(quiet) == "SEGNALE ASSENTE da 12 s"


def test_playing_but_old_frame_is_stalled():
    now = time.monotonic()
    fresh = describe(StreamStatus(StreamState.PLAYING), 0.1, now, stall_seconds=2.0)
    old = describe(StreamStatus(StreamState.PLAYING), 134.4, now, stall_seconds=2.0)
    assert (fresh.health, fresh.banner) == (Health.LIVE, False)
    assert (old.health, old.banner) == (Health.STALLED, True)
    assert words_of(old) == "SEGNALE ASSENTE da 2 min 14 s"


def make_wall(qtbot, site, provider, layout, stall=2.0):
    window = WallWindow(
        0, WallModel(layout), site, provider, bridge_for(qtbot), options=WallOptions(stall)
    )
    qtbot.addWidget(window)
    window.resize(1280, 760)
    window.show()
    qtbot.waitExposed(window)
    return window


def bridge_for(_qtbot):
    from app.ui.messages import MessageBridge

    return MessageBridge(show_boxes=False)


def test_tile_goes_stalled_after_threshold(qtbot, site, provider):
    window = make_wall(qtbot, site, provider, ScreenLayout("2x2", ("chiavari-01",)), stall=0.2)
    tile = window.view.tiles[0]
    stream = window.view.held_streams()[0]
    stream.push(seed=3)
    qtbot.waitUntil(lambda: tile.state.health == Health.LIVE, timeout=2000)
    live = tile.grab().toImage()
    # No new frame: within a few refreshes the tile must say so.
    qtbot.waitUntil(lambda: tile.state.health == Health.STALLED, timeout=3000)
    assert words_of(tile.state).startswith("SEGNALE ASSENTE da ")
    dead = tile.grab().toImage()
    centre = dead.rect().center()
    banner = QColor(dead.pixel(centre.x() // 3, centre.y()))
    assert banner.red() > 150 and 60 < banner.green() < 140 and banner.blue() < 60  # orange
    # The dimmed picture is darker than the live one.
    corner = (dead.width() // 4, dead.height() * 3 // 4)
    assert QColor(dead.pixel(*corner)).value() < QColor(live.pixel(*corner)).value()
    stream.push(seed=4)
    qtbot.waitUntil(lambda: tile.state.health == Health.LIVE, timeout=2000)


def test_failed_stream_shows_reason(qtbot, site):
    provider = FakeProvider(auto_frames=False)
    window = make_wall(qtbot, site, provider, ScreenLayout("2x2", ("chiavari-01",)))
    stream = window.view.held_streams()[0]
    stream.status = StreamStatus(StreamState.FAILED, Failure.AUTH)
    tile = window.view.tiles[0]
    qtbot.waitUntil(
        lambda: words_of(tile.state).startswith("CREDENZIALI NON VALIDE da "), timeout=2000
    )
    assert tile.state.health == Health.FAILED


def test_wall_grab_shows_pictures(qtbot, site, provider, qapp):
    apply_theme(qapp)
    cams = tuple(c.id for c in site.cameras[:8])
    window = make_wall(qtbot, site, provider, ScreenLayout("3x3", cams))
    streams = window.view.held_streams()
    streams[2].status = StreamStatus(StreamState.FAILED, Failure.NOT_FOUND)
    streams[3].push(seed=9, age=12.3)
    streams[5].status = StreamStatus(
        StreamState.RECONNECTING, Failure.UNREACHABLE, retry_at=time.monotonic() + 4
    )
    window.model.select(4)
    tiles = window.view.visible_tiles()
    qtbot.waitUntil(lambda: sum(t.has_shown_live for t in tiles) >= 5, timeout=3000)
    wanted = {2: Health.FAILED, 3: Health.STALLED, 5: Health.FAILED}
    qtbot.waitUntil(
        lambda: all(tiles[i].state.health == h for i, h in wanted.items()), timeout=3000
    )
    image = window.grab().toImage()
    image.save("/tmp/ui-wall.png")
    assert distinct_colours(image) > 200
    # Each live tile shows its own picture, not a black or uniform square.
    for tile in (tiles[0], tiles[1], tiles[4]):
        assert distinct_colours(tile.grab().toImage(), 5) > 50
    assert tiles[8].camera_id is None
