"""Playback in a wall tile against the simulator's recorder: menu, picture, scrub, export."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.core.audit import AuditLog
from app.core.model import Camera, RecorderAddress, RecorderKind, Site, SiteConfig
from app.core.wall import ScreenLayout, WallModel
from app.devices.recorder_cli import verify_package
from app.sim.clock_read import shown_time
from app.ui.messages import MessageBridge
from app.ui.playback_menu import PLAY_BACK_S, RecordingActions
from app.ui.tile import TileWidget
from app.ui.wall_window import WallOptions, WallWindow
from app.video.playback import PlayState
from app.video.playback_feed import PlaybackFeed
from tests.fakes import FakeProvider

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CAMERA, NAME = "chiavari-02", "Corso Garibaldi"


def camera(host: str, http_port: int, rtsp_port: int) -> Camera:
    recorder = RecorderAddress(
        RecorderKind.HIKVISION, host, http_port, rtsp_port, 2, "", "admin", "occhio"
    )
    return Camera(CAMERA, 102, NAME, "chiavari", main_url="rtsp://h/x", recorder=recorder)


def actions(site: SiteConfig, tmp_path: Path, **kwargs: object) -> RecordingActions:
    audit = AuditLog(tmp_path / "audit.sqlite3", lambda p, d: p.write_bytes(d))
    return RecordingActions(
        site, key_path=tmp_path / "key.pem", audit=audit, operator="Rossi", folder=tmp_path,
        ask_reason=lambda parent, name: "Verifica segnalazione", **kwargs,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.fixture
def wall(qtbot: QtBot, sim, tmp_path: Path) -> Iterator[tuple[WallWindow, RecordingActions]]:  # type: ignore[no-untyped-def]
    site = SiteConfig(
        "Prova",
        (Site("chiavari", "Chiavari"),),
        (),
        (camera(sim.host, sim.http_port, sim.rtsp_port),),
    )
    recordings = actions(site, tmp_path)
    options = WallOptions(tile_menu_extra=recordings.add_to_menu, playback=recordings)
    model = WallModel(ScreenLayout("1", (CAMERA,)))
    win = WallWindow(
        0, model, site, FakeProvider(), MessageBridge(show_boxes=False), options=options
    )
    qtbot.addWidget(win)
    win.resize(960, 640)
    win.show()
    qtbot.waitExposed(win)
    yield win, recordings
    win.shutdown()


def trigger(menu: QMenu, text: str) -> None:
    found = [a for a in menu.actions() if a.text() == text]
    assert found and found[0].isEnabled(), [a.text() for a in menu.actions()]
    found[0].trigger()


def playback_of(tile: TileWidget) -> PlaybackFeed:
    assert isinstance(tile.feed, PlaybackFeed)
    return tile.feed


def shown(tile: TileWidget) -> float:
    tile.poll()
    return tile.frame.wallclock if tile.frame is not None and tile.recorded else 0.0


def check_clock(feed: PlaybackFeed) -> None:
    picture = feed.player.latest()
    assert picture is not None
    second = picture.capture_time - picture.capture_time % 1
    image = picture.image.to_ndarray(format="bgr24")
    assert shown_time(image, CAMERA, NAME, [second - 1, second, second + 1])[0] == second


def test_playback_in_the_tile_scrub_and_export(
    qtbot: QtBot, wall: tuple[WallWindow, RecordingActions], tmp_path: Path
) -> None:
    window, recordings = wall
    tile = window.view.tiles[0]
    asked = time.time()
    trigger(window.tile_menu(0), "Riproduci registrazione")
    feed = playback_of(tile)
    qtbot.waitUntil(lambda: shown(tile) > 0, timeout=15000)
    assert abs(shown(tile) - (asked - PLAY_BACK_S)) < 1.0
    check_clock(feed)
    assert tile._captions().footer.startswith("REGISTRAZIONE ")
    # Scrub: press and release on the tile's timeline a quarter of the way in.
    bar = window.view.playback.bars[0]
    line = bar.timeline
    qtbot.waitUntil(lambda: bool(feed.timeline.recorded), timeout=15000)  # the search came back
    x = line.width() // 4
    target = feed.timeline.time_at(x, line.width())
    qtbot.mousePress(line, Qt.MouseButton.LeftButton, pos=QPoint(x, 30))
    qtbot.mouseRelease(line, Qt.MouseButton.LeftButton, pos=QPoint(x, 30))
    qtbot.waitUntil(lambda: abs(shown(tile) - target) < 0.05, timeout=15000)
    check_clock(feed)
    # Play at 4x for a moment: the picture moves forward.
    before = shown(tile)
    bar.speed.setCurrentIndex(2)
    bar.buttons["play"].click()
    qtbot.waitUntil(lambda: shown(tile) > before + 2, timeout=10000)
    bar.buttons["pause"].click()
    qtbot.waitUntil(lambda: feed.player.state is PlayState.PAUSED, timeout=5000)
    entries = recordings.audit.entries()
    assert entries[0]["action"] == "playback" and entries[0]["reason"] == "Verifica segnalazione"
    # Export four seconds selected on the timeline.
    start = shown(tile) - shown(tile) % 1
    feed.timeline.select(start, start + 4)
    bar.buttons["export"].click()
    dialog = recordings.dialogs[-1]
    qtbot.addWidget(dialog)
    dialog.reason.setText("Denuncia")
    dialog.go.click()
    assert "obbligatori" in dialog.status.text()  # no protocol number yet
    dialog.protocol.setText("PROT-7")
    dialog.zip.setChecked(True)
    dialog.go.click()
    qtbot.waitUntil(lambda: "completa" in dialog.status.text(), timeout=30000)
    assert dialog.result_ is not None and dialog.result_.frames == 100
    assert dialog.zip_ == dialog.result_.folder.with_name(dialog.result_.folder.name + ".zip")
    assert dialog.zip_.is_file() and f"File zip: {dialog.zip_}" in dialog.status.text()
    assert verify_package(dialog.zip_).ok
    assert recordings.audit.verify().ok and recordings.audit.entries()[-1]["protocol"] == "PROT-7"
    # Back to live from the tile's menu.
    trigger(window.tile_menu(0), "Torna in diretta")
    assert not tile.recorded and window.model.playback_at(0) is None


def test_reason_asked_once_per_comune_or_every_time(tmp_path: Path) -> None:
    cam = camera("127.0.0.1", 1, 1)
    site = SiteConfig("Prova", (Site("chiavari", "Chiavari"),), (), (cam,))
    asked: list[str] = []
    for once, expected in ((True, 1), (False, 3)):
        asked.clear()
        recordings = actions(site, tmp_path / str(once), reason_once=once)
        recordings.ask_reason = lambda parent, name: asked.append(name) or "Controllo"  # type: ignore[func-returns-value]
        model = WallModel(ScreenLayout("2x2", (CAMERA, CAMERA, CAMERA)))
        for index in range(3):
            assert recordings.play(model, index, None) is not None
        assert len(asked) == expected
        assert [e["action"] for e in recordings.audit.entries()] == ["playback"] * 3


def test_menu_entries_without_recorder_or_buffer(qtbot: QtBot, tmp_path: Path) -> None:
    cam = Camera("x", 1, "X", "chiavari", main_url="rtsp://h/x")
    recordings = actions(SiteConfig("Prova", (Site("chiavari", "Chiavari"),), (), (cam,)), tmp_path)

    class Tile:
        index = 0
        camera = cam
        stream = None
        recorded = False

    menu = QMenu()
    qtbot.addWidget(menu)
    recordings.add_to_menu(menu, Tile(), WallModel(ScreenLayout("1", ("x",))))
    enabled = {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    assert enabled == {
        "Riproduci registrazione": False,
        "Replay istantaneo (30 s)": False,
        "Registra": False,
        "Esporta ultimi 2 minuti...": False,
    }
