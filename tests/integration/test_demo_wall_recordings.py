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
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.config.sitefile import load_site
from app.core.audit import AuditLog
from app.core.recording import iso
from app.core.wall import ScreenLayout, WallModel
from app.devices.sources import DeviceSourceResolver
from app.sim.clock_read import shown_time
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


@contextlib.contextmanager
def demo_wall(
    qtbot: QtBot, sim: SimProcess, tmp_path: Path, *, recorder: bool = True, instant_s: float = 30
) -> Iterator[tuple[WallWindow, RecordingActions]]:
    """The demo site's CAMERA on a one-tile wall (its recorder taken away unless ``recorder``)."""
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
    )  # fmt: skip
    manager = StreamManager(PyAVEngine(buffers=PreEventBuffers(20)), DeviceSourceResolver())
    options = WallOptions(
        operator="Rossi",
        snapshot_dir=tmp_path,
        tile_menu_extra=actions.add_to_menu,
        playback=actions,
    )
    model = WallModel(ScreenLayout("1", (CAMERA,)))
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
