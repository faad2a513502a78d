"""Playback from the wall's menu against the simulator's recorder: picture, scrub, export."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from app.core.audit import AuditLog
from app.core.model import Camera, RecorderAddress, RecorderKind, Site, SiteConfig
from app.core.recording import Span
from app.sim.clock_read import shown_time
from app.ui.playback_menu import RecordingActions
from app.ui.playback_window import PlaybackWindow
from app.video.playback import PlayState
from tests.evidence import minute_ago
from tests.simproc import SimProcess

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
CAMERA, NAME = "chiavari-02", "Corso Garibaldi"


def camera(sim: SimProcess) -> Camera:
    recorder = RecorderAddress(
        RecorderKind.HIKVISION, sim.host, sim.http_port, sim.rtsp_port, 2, "", "admin", "occhio"
    )
    return Camera(CAMERA, 102, NAME, "chiavari", recorder=recorder)


def actions(sim: SimProcess, tmp_path: Path) -> RecordingActions:
    site = SiteConfig("Prova", (Site("chiavari", "Chiavari"),), (), (camera(sim),))
    audit = AuditLog(tmp_path / "audit.sqlite3", lambda p, d: p.write_bytes(d))
    return RecordingActions(
        site, key_path=tmp_path / "key.pem", audit=audit, operator="Rossi", folder=tmp_path,
        ask_reason=lambda parent, name: "Verifica segnalazione",
    )  # fmt: skip


def picture_time(window: PlaybackWindow) -> float:
    picture = window.feeds[0].latest()
    assert picture is not None
    return picture.capture_time


def check_clock(window: PlaybackWindow) -> None:
    picture = window.feeds[0].latest()
    assert picture is not None
    t = picture.capture_time
    second = t - t % 1
    image = picture.image.to_ndarray(format="bgr24")
    assert shown_time(image, CAMERA, NAME, [second - 1, second, second + 1])[0] == second


def test_playback_scrub_and_export_from_the_menu(
    sim: SimProcess, qtbot: QtBot, tmp_path: Path
) -> None:
    recordings = actions(sim, tmp_path)
    start = minute_ago(2) + 7
    window = recordings.play(camera(sim), None, start)
    assert window is not None
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.feeds[0].latest() is not None, timeout=15000)
    assert picture_time(window) == start
    check_clock(window)
    shown = time.strftime("REGISTRAZIONE %d/%m/%Y %H:%M:%S", time.localtime(start))
    qtbot.waitUntil(lambda: window.pictures[0].text == shown, timeout=3000)
    # Scrub: press and release on the timeline a quarter of the way in.
    line = window.timeline
    x = line.width() // 4
    target = window.model.time_at(x, line.width())
    qtbot.mousePress(line, Qt.MouseButton.LeftButton, pos=QPoint(x, 30))
    qtbot.mouseRelease(line, Qt.MouseButton.LeftButton, pos=QPoint(x, 30))
    qtbot.waitUntil(lambda: abs(picture_time(window) - target) < 0.05, timeout=15000)
    check_clock(window)
    qtbot.waitUntil(lambda: bool(window.model.recorded), timeout=15000)  # the search came back
    window.show()
    window.resize(960, 620)
    qtbot.waitUntil(lambda: window.pictures[0].image is not None, timeout=5000)
    assert window.grab().save(str(tmp_path / "playback.png"))
    # Play at 4x for a moment: the picture moves forward.
    before = picture_time(window)
    window.feeds[0].play(4.0)
    qtbot.waitUntil(lambda: picture_time(window) > before + 2, timeout=10000)
    window.feeds[0].pause()
    qtbot.waitUntil(lambda: window.feeds[0].state is PlayState.PAUSED, timeout=5000)
    entries = recordings.audit.entries()
    assert entries[0]["action"] == "playback" and entries[0]["reason"] == "Verifica segnalazione"
    dialog = recordings.export(camera(sim), Span(start, start + 4), window)
    qtbot.addWidget(dialog)
    dialog.reason.setText("Denuncia")
    dialog.go.click()
    assert "obbligatori" in dialog.status.text()  # no protocol number yet
    dialog.protocol.setText("PROT-7")
    dialog.go.click()
    qtbot.waitUntil(lambda: "completa" in dialog.status.text(), timeout=30000)
    assert dialog.result_ is not None and dialog.result_.frames == 100
    assert recordings.audit.verify().ok and recordings.audit.entries()[-1]["protocol"] == "PROT-7"


def test_menu_entries_without_recorder_or_buffer(
    sim: SimProcess, qtbot: QtBot, tmp_path: Path
) -> None:
    recordings = actions(sim, tmp_path)

    class Tile:
        camera = Camera("x", 1, "X", "chiavari", main_url="rtsp://h/x")
        stream = None

    menu = QMenu()
    qtbot.addWidget(menu)
    recordings.add_to_menu(menu, Tile())
    enabled = {a.text(): a.isEnabled() for a in menu.actions() if a.text()}
    assert enabled == {
        "Riproduci registrazione...": False,
        "Replay istantaneo (30 s)": False,
        "Registra": False,
        "Esporta ultimi 2 minuti...": False,
    }
