"""The search and traffic windows over a filled transit store."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.anpr.images import ImageFolder
from app.anpr.pipeline import PlatePipeline
from app.config.sitefile import load_site
from app.core.model import Camera
from app.core.plates import Direction
from app.ui.plate_search import RECORDING_LEAD_S, PlateSearchWindow
from app.ui.plate_traffic import TrafficWindow
from tests.plate_fixtures import pipeline, plate_hotlists, plate_read, transit_store

__all__ = ["pipeline", "plate_hotlists", "transit_store"]
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
SITE = load_site(Path("resources/demo/site.toml"))


def fill(pipeline: PlatePipeline, now: float) -> None:
    cameras = ["chiavari-05", "lavagna-03", "carasco-01"]
    for i in range(90):
        plate = "FG482KL" if i % 15 == 0 else f"AB{i:03d}CD"
        direction = Direction.APPROACHING if (i // 3) % 2 else Direction.LEAVING
        read = plate_read(plate, now - i * 900, cameras[i % 3], direction, image=True)
        pipeline.submit(read)
    assert pipeline.flush()


def test_search_window_finds_tracks_and_exports(
    qtbot: QtBot, pipeline: PlatePipeline, tmp_path: Path
) -> None:
    import time

    fill(pipeline, time.time())
    exports: list[tuple[Path, str]] = []

    def ask(_parent: object) -> tuple[Path, str]:
        exports.append((tmp_path / "r.csv", "verbale 7/26"))
        return exports[-1]

    window = PlateSearchWindow(pipeline.store, ImageFolder(tmp_path / "img"), SITE, ask)
    qtbot.addWidget(window)
    window.pattern.setText("FG482K?")
    window.run_search()
    assert window.model.rowCount() == 6
    assert "6 transiti" in window.summary.text()
    window.table.selectRow(0)
    window.show_track()
    times = [r.stored.read.captured_at for r in window.results]
    assert len(times) == 6 and times == sorted(times)
    window.export()
    rows = (tmp_path / "r.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert len(rows) == 6 and all(";FG482KL;" in r for r in rows)
    window.show()
    assert window.grab().save(str(tmp_path / "search.png"))


def test_traffic_window_plots_counts_and_live_rates(
    qtbot: QtBot, pipeline: PlatePipeline, tmp_path: Path
) -> None:
    import time

    fill(pipeline, time.time())
    window = TrafficWindow(pipeline.store, SITE, pipeline.rates, lambda _p: tmp_path / "t.csv")
    qtbot.addWidget(window)
    assert sum(r.count for r in window.rows) == 90
    assert len(window.plot.listDataItems()) == 6  # three cameras, two directions
    assert "105 Via Aurelia - ingresso ponente" in window.live.text()
    window.export()
    assert (tmp_path / "t.csv").read_text(encoding="utf-8-sig").startswith("inizio;")
    window.show()
    assert window.grab().save(str(tmp_path / "traffic.png"))


def test_a_track_passage_opens_its_cameras_recording(
    qtbot: QtBot, pipeline: PlatePipeline, tmp_path: Path
) -> None:
    import dataclasses
    import time

    now = time.time()
    fill(pipeline, now)  # FG482KL passes chiavari-05 six times
    pipeline.submit(plate_read("FG482KL", now - 60, "carasco-01"))
    assert pipeline.flush()
    # carasco-01 without a recorder here: its passages cannot be played.
    cameras = tuple(
        dataclasses.replace(c, recorder=None) if c.id == "carasco-01" else c for c in SITE.cameras
    )
    site = dataclasses.replace(SITE, cameras=cameras)
    opened: list[tuple[str, float]] = []

    def open_recording(camera: Camera, _parent: object, start: float) -> None:
        opened.append((camera.id, start))

    window = PlateSearchWindow(
        pipeline.store, ImageFolder(tmp_path / "img"), site, lambda _p: None,
        open_recording=open_recording,
    )  # fmt: skip
    qtbot.addWidget(window)
    window.pattern.setText("FG482KL")
    window.show_track()
    assert not window.recording_button.isEnabled()  # nothing chosen yet
    passages = [r.stored.read for r in window.results]
    first = next(i for i, r in enumerate(passages) if r.camera_id == "chiavari-05")
    window.table.selectRow(first)
    assert window.recording_button.isEnabled()
    window.recording_button.click()
    assert opened == [("chiavari-05", passages[first].captured_at - RECORDING_LEAD_S)]
    window.table.doubleClicked.emit(window.model.index(first, 0))
    assert len(opened) == 2
    unrecorded = next(i for i, r in enumerate(passages) if r.camera_id == "carasco-01")
    window.table.selectRow(unrecorded)
    assert not window.recording_button.isEnabled()
    window.open_recording()
    assert len(opened) == 2 and "non ha un videoregistratore" in window.summary.text()
