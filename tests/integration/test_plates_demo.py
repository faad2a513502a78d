"""The demo site's plate workflow against the simulator: hit, pop-up, acknowledgement, search."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.anpr.ingest import PlateIngest
from app.anpr.pipeline import PlatePipeline
from app.anpr.storage import PlateStorage
from app.anpr.transit_hits import hits
from app.anpr.transit_search import SearchQuery, search
from app.config.sitefile import load_site
from app.core.plates_lists import Sound
from app.ui.plate_bridge import PlateBridge
from app.ui.plate_hits import HitsController
from app.ui.plate_runtime import import_demo_lists, point_plates_at_sim, tell_sim_targets
from tests.integration.test_plates_sim import post
from tests.simproc import SimProcess

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@pytest.mark.parametrize("camera", ["chiavari-05", "carasco-01", "cogorno-02"])
def test_demo_hotlist_hit_pops_up_is_acknowledged_and_found(
    qtbot: QtBot, sim: SimProcess, tmp_path: Path, camera: str
) -> None:
    site = load_site("resources/demo/site.toml")
    storage = PlateStorage.open(tmp_path / "targhe")
    import_demo_lists(storage)
    config = point_plates_at_sim(site.plates, sim.info)
    chosen = tuple(s for s in config.sources if s.camera_id == camera)
    config = dataclasses.replace(config, sources=chosen)
    pipeline = PlatePipeline(storage.hotlists, storage.transits, storage.images)
    pipeline.start()
    ingest = PlateIngest(config, pipeline.submit)
    ingest.start()
    bridge = PlateBridge()
    bridge.attach(pipeline, ingest)
    sounds: list[Sound] = []
    controller = HitsController(
        storage.transits,
        site,
        play=sounds.append,
        show_camera=lambda _c: None,
        flush=pipeline.flush,
        operator="bianchi",
    )
    bridge.hit.connect(controller.on_hit)
    try:
        tell_sim_targets(config, sim.info, ingest.receiver_port)
        qtbot.waitUntil(lambda: camera in ingest.statuses, timeout=20_000)
        if not config.sources[0].dialect.pushed:
            qtbot.waitUntil(lambda: ingest.statuses[camera].state == "playing", timeout=20_000)
        post(sim, f"/sim/{camera}/plates", "FG482KL")
        qtbot.waitUntil(
            lambda: any(p.hit_event.hit.plate == "FG482KL" for p in controller.popups.values()),
            timeout=20_000,
        )
        popup = next(p for p in controller.popups.values() if p.hit_event.hit.plate == "FG482KL")
        assert popup.hit_event.hit.hotlist.name == "A1-Questura"
        assert Sound.URGENT in sounds
        popup.note.setText("pattuglia 12 avvisata")
        hit_id = popup.hit_event.hit_id
        popup.ack_button.click()
        qtbot.waitUntil(lambda: hit_id not in controller.popups)
        [row] = [h for h in hits(storage.transits) if h.id == hit_id]
        assert (row.operator, row.outcome, row.ack_note) == (
            "bianchi",
            "confermato",
            "pattuglia 12 avvisata",
        )
        found = search(storage.transits, SearchQuery("FG482KL", cameras=(camera,)))
        assert found and found[0].stored.id == row.read_id
    finally:
        controller.shutdown()
        ingest.stop()
        pipeline.stop()
        storage.close()
        bridge.stop()
