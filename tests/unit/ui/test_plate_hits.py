"""Hit pop-ups: shown with pictures and words, acknowledged durably, escalated; the panel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.anpr.hotlists import Hotlists
from app.anpr.pipeline import PlatePipeline
from app.anpr.transit_hits import hits
from app.config.sitefile import load_site
from app.core.plates_lists import Sound
from app.ui.plate_hits import HitsController
from app.ui.plate_hits_panel import HitsModel, HitsPanel
from app.ui.plate_popup import HitPopup
from tests.plate_fixtures import pipeline, plate_hotlists, plate_read, transit_store

__all__ = ["pipeline", "plate_hotlists", "transit_store"]  # the fixtures this module uses
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")
SITE = load_site(Path("resources/demo/site.toml"))


@pytest.fixture
def controller(
    qtbot: QtBot, pipeline: PlatePipeline, plate_hotlists: Hotlists
) -> Iterator[tuple[HitsController, list[Sound], list[str]]]:
    plate_hotlists.add_manual("A1", "AB120CD", "rubata a Genova il 2 aprile", None, "rossi")
    sounds: list[Sound] = []
    shown: list[str] = []
    hits_ui = HitsController(
        pipeline.store,
        SITE,
        play=sounds.append,
        show_camera=shown.append,
        flush=pipeline.flush,
        operator="rossi",
        escalate_after_s=0.3,
    )
    pipeline.hit.connect(hits_ui.on_hit)
    yield hits_ui, sounds, shown
    hits_ui.shutdown()


def submit_hit(pipeline: PlatePipeline, qtbot: QtBot, hits_ui: HitsController) -> HitPopup:
    read = plate_read("AB12OCD", camera="chiavari-05", image=True)
    pipeline.submit(read)
    qtbot.waitUntil(lambda: len(hits_ui.popups) == 1)
    return next(iter(hits_ui.popups.values()))


def test_popup_shows_the_hit_and_acknowledges_durably(
    qtbot: QtBot, pipeline: PlatePipeline, controller: tuple[HitsController, list[Sound], list[str]]
) -> None:
    hits_ui, sounds, shown = controller
    popup = submit_hit(pipeline, qtbot, hits_ui)
    qtbot.addWidget(popup)
    assert sounds == [Sound.URGENT]
    texts = " ".join(label.text() for label in popup.findChildren(QLabel))
    assert "AB120CD" in texts and "corretta O->0 in posizione 5" in texts
    assert "105 Via Aurelia - ingresso ponente" in texts and "rubata a Genova" in texts
    popup.show_camera_requested.emit("chiavari-05")
    assert shown == ["chiavari-05"]
    qtbot.waitUntil(lambda: bool(hits_ui.latencies_ms))
    popup.outcome.setCurrentIndex(1)
    popup.note.setText("furgone bianco, targa simile")
    with qtbot.waitSignal(hits_ui.changed):
        popup.ack_button.click()
    [row] = hits(pipeline.store)
    assert (row.operator, row.outcome, row.ack_note) == (
        "rossi",
        "lettura errata",
        "furgone bianco, targa simile",
    )
    assert hits_ui.popups == {}
    assert hits_ui.latencies_ms and all(0 <= ms < 60_000 for ms in hits_ui.latencies_ms)


def test_unacknowledged_hit_escalates(
    qtbot: QtBot, pipeline: PlatePipeline, controller: tuple[HitsController, list[Sound], list[str]]
) -> None:
    hits_ui, sounds, _shown = controller
    popup = submit_hit(pipeline, qtbot, hits_ui)
    qtbot.addWidget(popup)
    qtbot.waitUntil(lambda: popup.escalated, timeout=5000)
    assert sounds[:2] == [Sound.URGENT, Sound.URGENT]
    assert "NON CONFERMATA" in popup.windowTitle()
    pipeline.flush()
    qtbot.waitUntil(lambda: hits(pipeline.store)[0].escalated_at is not None, timeout=5000)


def test_panel_lists_and_filters(
    qtbot: QtBot,
    qtmodeltester: ModelTester,
    pipeline: PlatePipeline,
    controller: tuple[HitsController, list[Sound], list[str]],
    tmp_path: Path,
) -> None:
    hits_ui, _sounds, _shown = controller
    submit_hit(pipeline, qtbot, hits_ui)
    pipeline.flush()
    model = HitsModel(pipeline.store)
    panel = HitsPanel(model)
    qtbot.addWidget(panel)
    assert model.rowCount() == 1
    qtmodeltester.check(model)
    assert model.data(model.index(0, 6)) == "da confermare"
    panel.filter.setText("zz")
    assert model.rowCount() == 0
    panel.filter.setText("ab12")
    assert model.rowCount() == 1
    panel.resize(900, 200)
    panel.show()
    assert panel.grab().save(str(tmp_path / "panel.png"))


def test_a_flood_of_hits_opens_at_most_six_popups(
    qtbot: QtBot,
    pipeline: PlatePipeline,
    plate_hotlists: Hotlists,
    controller: tuple[HitsController, list[Sound], list[str]],
) -> None:
    hits_ui, sounds, _shown = controller
    waiting: list[int] = []
    hits_ui.overflow.connect(waiting.append)
    for _ in range(8):
        pipeline.submit(plate_read("AB120CD", camera="chiavari-05"))
    assert len(hits_ui.popups) == 6 and hits_ui.not_shown == 2 and waiting == [1, 2]
    assert sounds == [Sound.URGENT]  # one sound for the burst
    pipeline.flush()
    assert len(hits(pipeline.store, open_only=True)) == 8  # every hit is stored
