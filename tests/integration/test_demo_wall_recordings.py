"""From the demo wall: instant replay, a timeline scrub and an export, then the standard tools.

The demo site (its recorders set in the site file) is pointed at the
simulator as ``occhio demo`` does; the wall's tile menu switches the tile
itself to the recording, and its timeline (under the picture) scrubs and
exports.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.anpr.timeline_marks import TimelineMarks
from app.anpr.transits import HitRecord, StoredRead, TransitStore
from app.config.sitefile import load_site
from app.core.alarm_store import AlarmStore
from app.core.alarms import Alarm, AlarmKind
from app.core.audit import AuditLog
from app.core.plates import Direction, PlateRead
from app.core.recording import iso
from app.core.wall import ScreenLayout, WallModel
from app.devices.sources import DeviceSourceResolver
from app.sim.clock_read import shown_time
from app.sim.rec_schedule import RecordingPlan
from app.ui.demo import point_site_at_sim
from app.ui.messages import MessageBridge
from app.ui.playback_menu import RecordingActions, ring_of
from app.ui.wall_window import WallOptions, WallWindow
from app.video.manager import StreamManager
from app.video.packet_ring import PacketRing, PreEventBuffers
from app.video.playback_feed import PlaybackFeed
from app.video.pyav_engine import PyAVEngine
from tests.evidence import probe_frames, signature_verified, tool
from tests.simproc import SimProcess

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "site.toml"
CAMERA = "lavagna-02"  # Dahua dialect on the demo NVR
NAME = "Piazza della Libertà"
ONE_TILE = ScreenLayout("1", ("lavagna-02",))
OTHER, OTHER_NAME = "chiavari-02", "Corso Garibaldi"  # Hikvision dialect on the demo NVR


@contextlib.contextmanager
def demo_wall(
    qtbot: QtBot,
    sim: SimProcess,
    tmp_path: Path,
    *,
    recorder: bool = True,
    instant_s: float = 30,
    layout: ScreenLayout = ONE_TILE,
    marks: TimelineMarks | None = None,
) -> Iterator[tuple[WallWindow, RecordingActions]]:
    """The demo site's cameras on a wall (CAMERA's recorder taken away unless ``recorder``)."""
    site = point_site_at_sim(load_site(DEMO), sim.info)
    if not recorder:
        cameras = tuple(
            dataclasses.replace(c, recorder=None) if c.id == CAMERA else c for c in site.cameras
        )
        site = dataclasses.replace(site, cameras=cameras)
    audit = AuditLog(tmp_path / "audit.sqlite3", lambda p, d: p.write_bytes(d))
    actions = RecordingActions(
        site, key_path=tmp_path / "key.pem", audit=audit, operator="Rossi", folder=tmp_path,
        ask_reason=lambda parent, name: "Segnalazione 112", instant_replay_s=instant_s,
        marks=marks,
    )  # fmt: skip
    manager = StreamManager(PyAVEngine(buffers=PreEventBuffers(20)), DeviceSourceResolver())
    options = WallOptions(
        operator="Rossi",
        snapshot_dir=tmp_path,
        tile_menu_extra=actions.add_to_menu,
        playback=actions,
    )
    model = WallModel(layout)
    win = WallWindow(0, model, site, manager, MessageBridge(show_boxes=False), options=options)
    qtbot.addWidget(win)
    win.resize(900, 600)
    win.show()
    qtbot.waitExposed(win)
    try:
        yield win, actions
    finally:
        win.shutdown()
        manager.shutdown()


@pytest.fixture
def wall(
    qtbot: QtBot, sim: SimProcess, tmp_path: Path
) -> Iterator[tuple[WallWindow, RecordingActions]]:
    with demo_wall(qtbot, sim, tmp_path) as made:
        yield made


def action(menu: QMenu, text: str) -> None:
    found = [a for a in menu.actions() if a.text() == text]
    assert found and found[0].isEnabled(), [a.text() for a in menu.actions()]
    found[0].trigger()


def test_instant_replay_scrub_and_export_from_the_demo_wall(
    qtbot: QtBot, wall: tuple[WallWindow, RecordingActions]
) -> None:
    window, actions = wall
    qtbot.waitUntil(lambda: window.view.tiles[0].frame is not None, timeout=20000)
    tile = window.view.tiles[0]
    clicked = time.time()
    action(window.tile_menu(0), "Replay istantaneo (30 s)")
    feed = tile.feed
    assert isinstance(feed, PlaybackFeed) and tile.recorded  # the tile itself plays it back
    qtbot.waitUntil(lambda: feed.player.latest() is not None, timeout=20000)
    first = feed.player.latest()
    assert first is not None and abs(first.capture_time - (clicked - 30)) < 1.5
    # Scrub to a quarter of the tile's timeline: the picture there shows its own time.
    bar = window.view.playback.bars[0]
    line = bar.timeline
    x = line.width() // 4
    target = feed.timeline.time_at(x, line.width())
    qtbot.mousePress(line, Qt.MouseButton.LeftButton, pos=QPoint(x, 30))
    qtbot.mouseRelease(line, Qt.MouseButton.LeftButton, pos=QPoint(x, 30))
    qtbot.waitUntil(lambda: abs(feed.player.latest().capture_time - target) < 0.05, timeout=20000)  # type: ignore[union-attr]
    picture = feed.player.latest()
    assert picture is not None
    second = picture.capture_time - picture.capture_time % 1
    image = picture.image.to_ndarray(format="bgr24")
    assert shown_time(image, CAMERA, NAME, [second - 1, second, second + 1])[0] == second
    # Export the 10 s after the cursor.
    feed.timeline.select(second, second + 10)
    bar.buttons["export"].click()
    dialog = actions.dialogs[-1]
    qtbot.addWidget(dialog)
    dialog.reason.setText("Denuncia furto")
    dialog.protocol.setText("PROT-2026/77")
    dialog.go.click()
    qtbot.waitUntil(lambda: "completa" in dialog.status.text(), timeout=60000)
    assert dialog.result_ is not None
    folder = dialog.result_.folder
    assert tool(folder, "sha256sum", "-c", "SHA256SUMS").returncode == 0
    assert signature_verified(folder)
    manifest = json.loads((folder / "manifest.json").read_text())
    assert int(probe_frames(folder / "clip.mp4")) == manifest["video"]["frames"] == 250
    assert manifest["recorder"]["kind"] == "dahua"
    actions_logged = [e["action"] for e in actions.audit.entries()]
    assert actions_logged == ["playback", "export"] and actions.audit.verify().ok


def test_instant_replay_from_the_buffer_and_a_snapshot_with_the_capture_time(
    qtbot: QtBot, sim: SimProcess, tmp_path: Path
) -> None:
    with demo_wall(qtbot, sim, tmp_path, recorder=False, instant_s=3) as (window, actions):
        tile = window.view.tiles[0]
        qtbot.waitUntil(lambda: tile.frame is not None, timeout=20000)
        qtbot.waitUntil(lambda: buffered_seconds(ring_of(tile.stream)) >= 5, timeout=20000)
        clicked = time.time()
        action(window.tile_menu(0), "Replay istantaneo (3 s)")
        feed = tile.feed
        assert isinstance(feed, PlaybackFeed) and feed.source.from_buffer
        qtbot.waitUntil(lambda: feed.player.latest() is not None, timeout=10000)
        first = feed.player.latest()
        assert first is not None and clicked - 5.5 < first.capture_time < clicked - 1.0
        qtbot.waitUntil(lambda: tile.poll() or (tile.frame is not None and tile.recorded))
        assert "Buffer locale" in tile._captions().state
        path = window.snapshot(0)
        assert path is not None and path.name.endswith("-registrazione.png")
        picture = QImage(str(path))
        assert tile.frame is not None
        assert picture.text("CaptureTime") == iso(tile.frame.wallclock)
        assert picture.text("Source") == "registrazione"
        assert [e["action"] for e in actions.audit.entries()] == ["instant replay (buffer)"]
        action(window.tile_menu(0), "Torna in diretta")
        assert not tile.recorded


def buffered_seconds(ring: PacketRing | None) -> float:
    packets = ring.snapshot() if ring is not None else []
    return packets[-1].wallclock - packets[0].wallclock if packets else 0.0


def test_two_synced_playback_tiles_on_the_demo_wall(
    qtbot: QtBot, sim: SimProcess, tmp_path: Path
) -> None:
    """Last night's outage on two tiles in sync, with their marks: the README's picture."""
    night = RecordingPlan(CAMERA).gaps()[-1 if time.localtime().tm_hour >= 4 else -2]
    start = night[1] + 5 * 60  # the half hour either side shows the whole outage
    marks = stored_marks(tmp_path, night, start)
    layout = ScreenLayout("2x2", (CAMERA, OTHER, "chiavari-01", "chiavari-03"))
    with demo_wall(qtbot, sim, tmp_path, layout=layout, marks=marks) as (window, actions):
        window.resize(1600, 900)
        model, view = window.model, window.view
        for index in (0, 1):
            assert actions.play(model, index, window, start) is not None
            model.set_synced(index, True)
        feeds = [view.tiles[i].feed for i in (0, 1)]
        assert all(isinstance(f, PlaybackFeed) for f in feeds)
        for feed, (camera, name) in zip(feeds, ((CAMERA, NAME), (OTHER, OTHER_NAME)), strict=True):
            assert isinstance(feed, PlaybackFeed)
            qtbot.waitUntil(lambda f=feed: shows(f, start), timeout=20000)
            qtbot.waitUntil(lambda f=feed: len(f.timeline.recorded) >= 2, timeout=20000)
            picture = feed.player.latest()
            assert picture is not None
            image = picture.image.to_ndarray(format="bgr24")
            assert shown_time(image, camera, name, [start - 1, start, start + 1])[0] == start
        first = feeds[0]
        assert isinstance(first, PlaybackFeed)
        qtbot.waitUntil(lambda: len(first.timeline.marks) == 2, timeout=10000)
        assert [(g.start, g.end) for g in first.timeline.gaps()] == [night]
        first.timeline.select(start - 60, start + 180)
        qtbot.waitUntil(lambda: all(t.frame is not None for t in view.tiles[:4]), timeout=20000)
        for tile in view.tiles[:4]:
            tile.poll()
        picture = window.grab()
        assert picture.save(str(tmp_path / "playback.png"))
        image = picture.toImage()
        for index, amber in ((0, True), (1, True), (2, False)):
            tile = view.tiles[index]
            edge = tile.mapTo(window, QPoint(1, tile.content_rect().center().y()))
            assert (image.pixelColor(edge) == QColor("#ffb000")) is amber, index


def shows(feed: PlaybackFeed, t: float) -> bool:
    picture = feed.player.latest()
    return picture is not None and picture.capture_time == t


def stored_marks(tmp_path: Path, night: tuple[float, float], start: float) -> TimelineMarks:
    """The outage's alarms and a plate hit, in the stores the timeline reads."""
    alarms = AlarmStore(tmp_path / "allarmi.sqlite")
    alarms.add(Alarm(0, night[0] + 40, CAMERA, AlarmKind.CAMERA_DOWN))
    alarms.close()
    store = TransitStore(tmp_path / "transiti.sqlite")
    read = PlateRead(CAMERA, "AB123CD", "AB123CD", start + 8 * 60, "IT", 0.93, Direction.LEAVING)
    store.add(
        [StoredRead(1, read, "lavagna", True)],
        [HitRecord(1, 1, "Rubati", "a1", 2, "AB123CD", "esatta", "", start + 8 * 60)],
    )
    store.close()
    return TimelineMarks(tmp_path / "allarmi.sqlite", tmp_path / "transiti.sqlite")
