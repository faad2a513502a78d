"""A vehicle's track opens each passage's recording from the simulator's recorder."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.anpr.images import ImageFolder
from app.anpr.transits import StoredRead, TransitStore
from app.core.audit import AuditLog
from app.core.layout import WallLayout
from app.core.model import Camera, RecorderAddress, RecorderKind, Site, SiteConfig
from app.core.wall import ScreenLayout
from app.ui.messages import MessageBridge
from app.ui.plate_search import RECORDING_LEAD_S, PlateSearchWindow
from app.ui.playback_menu import RecordingActions
from app.ui.screens import WallManager
from app.ui.wall_window import WallOptions
from app.video.playback_feed import PlaybackFeed
from tests.evidence import minute_ago
from tests.fakes import FakeProvider
from tests.plate_fixtures import plate_read, transit_store
from tests.simproc import SimProcess

__all__ = ["transit_store"]  # the fixture this module uses
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def site(sim: SimProcess) -> SiteConfig:
    """Two cameras of the simulator's NVR (channels 1 and 2)."""
    cameras = tuple(
        Camera(
            f"chiavari-0{channel}", 100 + channel, name, "chiavari",
            recorder=RecorderAddress(
                RecorderKind.HIKVISION, sim.host, sim.http_port, sim.rtsp_port, channel, "",
                "admin", "occhio",
            ),
        )
        for channel, name in ((1, "Piazza Matteotti"), (2, "Corso Garibaldi"))
    )  # fmt: skip
    return SiteConfig("Prova", (Site("chiavari", "Chiavari"),), (), cameras)


def test_track_passage_plays_back_from_before_the_vehicle_passed(
    sim: SimProcess, qtbot: QtBot, transit_store: TransitStore, tmp_path: Path
) -> None:
    passed = minute_ago(2) + 17  # archived by the simulated recorder
    transit_store.add(
        [
            StoredRead(1, plate_read("FG482KL", passed - 95, "chiavari-01")),
            StoredRead(2, plate_read("FG482KL", passed, "chiavari-02")),
        ],
        [],
    )
    audit = AuditLog(tmp_path / "audit.sqlite3", lambda p, d: p.write_bytes(d))
    recordings = RecordingActions(
        site(sim), key_path=tmp_path / "key.pem", audit=audit, operator="Rossi",
        folder=tmp_path, ask_reason=lambda _parent, _name: "Percorso FG482KL",
    )  # fmt: skip
    options = WallOptions(tile_menu_extra=recordings.add_to_menu, playback=recordings)
    layout = WallLayout("", (ScreenLayout("2x2", ("chiavari-01",)),))
    walls = WallManager(
        site(sim), FakeProvider(), MessageBridge(show_boxes=False), layout=layout, options=options
    )
    for wall_window in walls.windows():
        qtbot.addWidget(wall_window)
    walls.show()
    try:
        window = PlateSearchWindow(
            transit_store, ImageFolder(tmp_path / "img"), site(sim), lambda _p: None,
            open_recording=functools.partial(recordings.play_passage, walls),
        )  # fmt: skip
        qtbot.addWidget(window)
        window.pattern.setText("FG482KL")
        window.show_track()
        assert [r.stored.read.camera_id for r in window.results] == ["chiavari-01", "chiavari-02"]
        window.table.selectRow(1)
        window.recording_button.click()
        # the passage's camera goes in the wall's first empty tile, playing back
        model = walls.walls[0].model
        assert model.camera_at(1) == "chiavari-02"
        tile = walls.walls[0].window.view.tiles[1]
        qtbot.waitUntil(lambda: isinstance(tile.feed, PlaybackFeed), timeout=5000)
        feed = tile.feed
        assert isinstance(feed, PlaybackFeed)
        qtbot.waitUntil(lambda: feed.player.latest() is not None, timeout=15000)
        picture = feed.player.latest()
        assert picture is not None  # playing: a few seconds past the start at most
        assert 0 <= picture.capture_time - (passed - RECORDING_LEAD_S) < 5
        [entry] = audit.entries()
        assert (entry["camera"], entry["reason"]) == ("chiavari-02", "Percorso FG482KL")
    finally:
        walls.shutdown()
