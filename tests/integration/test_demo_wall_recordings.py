"""From the demo wall: instant replay, a timeline scrub and an export, then the standard tools.

The demo site (its recorders set in the site file) is pointed at the
simulator as ``occhio demo`` does; the wall's tile menu switches the tile
itself to the recording, and its timeline (under the picture) scrubs and
exports.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.config.sitefile import load_site
from app.core.audit import AuditLog
from app.core.wall import ScreenLayout, WallModel
from app.devices.sources import DeviceSourceResolver
from app.sim.clock_read import shown_time
from app.ui.demo import point_site_at_sim
from app.ui.messages import MessageBridge
from app.ui.playback_menu import RecordingActions
from app.ui.wall_window import WallOptions, WallWindow
from app.video.manager import StreamManager
from app.video.playback_feed import PlaybackFeed
from app.video.pyav_engine import PyAVEngine
from tests.evidence import probe_frames, signature_verified, tool
from tests.simproc import SimProcess

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo" / "site.toml"
CAMERA = "lavagna-02"  # Dahua dialect on the demo NVR
NAME = "Piazza della Libertà"


@pytest.fixture
def wall(
    qtbot: QtBot, sim: SimProcess, tmp_path: Path
) -> Iterator[tuple[WallWindow, RecordingActions]]:
    site = point_site_at_sim(load_site(DEMO), sim.info)
    audit = AuditLog(tmp_path / "audit.sqlite3", lambda p, d: p.write_bytes(d))
    actions = RecordingActions(
        site, key_path=tmp_path / "key.pem", audit=audit, operator="Rossi", folder=tmp_path,
        ask_reason=lambda parent, name: "Segnalazione 112",
    )  # fmt: skip
    manager = StreamManager(PyAVEngine(), DeviceSourceResolver())
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
