"""``occhio bench --map``: the map with 200 cameras, measured offscreen.

What it measures, on a synthetic 200-camera site spread over the demo's
schematic basemap (rendered into a local MBTiles first):

- "cameras that see this point": the grid index answering 5000 points
  near cameras (median, p99, max in ms);
- panning: the map dragged at 60 Hz for ``--seconds`` with every pin and
  cone visible (paint time per frame, event-loop lag p99), then flat out
  (frames per second when nothing else runs);
- a zoom step drawn from the local MBTiles: from the zoom change until
  every visible tile is loaded, decoded and painted, with an empty tile
  cache, then again with the tiles cached.
"""

from __future__ import annotations

import functools
import json
import os
import random
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.bench.measure import parse_size, percentile, write_screens_config
from app.core.model import Camera, CameraKind, Site, SiteConfig
from app.maps.geodesy import destination
from app.maps.mercator import LatLon, TileId
from app.maps.placement import place_cameras
from app.maps.spatial import CameraIndex

BASEMAP = Path(__file__).resolve().parents[2] / "resources" / "demo" / "basemap.toml"
CENTRE = LatLon(44.3170, 9.3300)  # Chiavari and Lavagna, inside the schematic basemap
SPREAD_M = 2500.0
CAMERAS = 200
QUERIES = 5000
DRIVE_MS = 16  # 60 Hz, a mouse drag's pace
PAN_RADIUS_PX = 600.0


def synthetic_site(count: int = CAMERAS, seed: int = 1) -> SiteConfig:
    """``count`` cameras scattered within 2.5 km, one PTZ head in ten."""
    rng = random.Random(seed)
    cameras = []
    for i in range(count):
        at = destination(CENTRE, rng.uniform(0, 360), SPREAD_M * rng.random() ** 0.5)
        cameras.append(
            Camera(
                f"cam-{i:03d}", 1000 + i, f"Telecamera {i}", "site",
                kind=CameraKind.PTZ if i % 10 == 0 else CameraKind.CONTEXT,
                latitude=at.lat, longitude=at.lon, heading=rng.uniform(0, 360),
                fov_deg=rng.uniform(40, 100), range_m=rng.uniform(30, 150),
                main_url=f"rtsp://127.0.0.1:1/{i}",
            )
        )  # fmt: skip
    return SiteConfig("banco di prova", (Site("site", "Sito"),), (), tuple(cameras))


def measure_queries(site: SiteConfig, queries: int = QUERIES) -> dict[str, Any]:
    """Times of ``CameraIndex.sightings`` for points near the cameras."""
    rng = random.Random(2)
    placements, _missing = place_cameras(site.cameras)
    started = time.perf_counter()
    index = CameraIndex(placements)
    build_ms = (time.perf_counter() - started) * 1000
    times, found = [], 0
    for _ in range(queries):
        near = rng.choice(placements)
        point = destination(near.position, rng.uniform(0, 360), rng.uniform(0, 150))
        t0 = time.perf_counter()
        found += len(index.sightings(point))
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "query_cameras": len(placements),
        "query_index_build_ms": round(build_ms, 3),
        "query_ms_median": round(statistics.median(times), 4),
        "query_ms_p99": round(percentile(times, 99) or 0.0, 4),
        "query_ms_max": round(max(times), 4),
        "query_mean_cameras_found": round(found / queries, 2),
    }


def run_map_bench(args: Any) -> int:
    """``occhio bench --map``: prints the report; returns the exit status."""
    width, height = parse_size(args.screen_size)
    with tempfile.TemporaryDirectory(prefix="occhio-map-bench-") as tmp:
        os.environ["QT_QPA_PLATFORM"] = write_screens_config(
            Path(tmp) / "screens.json", 1, width, height
        )
        site = synthetic_site()
        report = measure_queries(site)
        report.update(_measure_widget(site, Path(tmp), width, height, float(args.seconds)))
    if args.json:
        print(json.dumps(report))
    else:
        for key, value in report.items():
            print(f"{key:<32}  {value}")
    return 0


def _measure_widget(
    site: SiteConfig, folder: Path, width: int, height: int, seconds: float
) -> dict[str, Any]:
    """Render the basemap, then time panning and zoom steps on a full-screen map."""
    from PySide6.QtWidgets import QApplication

    from app.bench.qtloop import wait_until
    from app.maps.mbtiles import MBTilesSource
    from app.maps.model import MapModel
    from app.maps.schematic import load_schematic
    from app.maps.schematic_render import ensure_schematic
    from app.ui.map_tiles import TileStore
    from app.ui.map_view import MapWidget

    app = QApplication.instance() or QApplication([])
    started = time.perf_counter()
    schematic = load_schematic(BASEMAP)
    mbtiles = ensure_schematic(replace(schematic, max_zoom=16), folder)
    report: dict[str, Any] = {"basemap_render_s": round(time.perf_counter() - started, 2)}
    model = MapModel(site)
    store = TileStore(MBTilesSource(mbtiles))
    widget = MapWidget(model, store)
    widget.resize(width, height)
    widget.show()
    model.view.set_view(CENTRE, 15.0)
    wait_until(lambda: store.loaded_count > 0 and store.pending == 0, 30.0)
    report["pins_on_screen"] = sum(
        1 for pin in widget.pins.values() if widget.viewport().rect().contains(
            widget.mapFromScene(pin.pos()))
    )  # fmt: skip
    report.update(_pan(widget, model, seconds))
    report.update(_zoom_steps(widget, model, mbtiles))
    widget.disconnect_model()
    store.close()
    widget.close()
    app.processEvents()
    return report


def _pan(widget: Any, model: Any, seconds: float) -> dict[str, Any]:
    """Drag the map round a circle at 60 Hz, then as fast as it paints."""
    import math

    from PySide6.QtCore import Qt, QTimer

    from app.bench.qtloop import LagMeter, spin

    paints: list[float] = []
    step = [0]

    def frame() -> None:
        angle = step[0] * 0.05
        step[0] += 1
        model.view.pan_by(
            -PAN_RADIUS_PX * 0.05 * math.sin(angle), PAN_RADIUS_PX * 0.05 * math.cos(angle)
        )
        t0 = time.perf_counter()
        widget.viewport().repaint()
        paints.append((time.perf_counter() - t0) * 1000)

    lag = LagMeter()
    driver = QTimer()
    driver.setTimerType(Qt.TimerType.PreciseTimer)
    driver.setInterval(DRIVE_MS)
    driver.timeout.connect(frame)
    lag.start()
    driver.start()
    spin(seconds)
    driver.stop()
    lag.stop()
    paced = {
        "pan_60hz_frames": len(paints),
        "pan_paint_ms_median": round(statistics.median(paints), 2),
        "pan_paint_ms_p99": round(percentile(paints, 99) or 0.0, 2),
        "pan_loop_lag_ms_p99": round(percentile(lag.lags_ms, 99) or 0.0, 2),
    }
    paints.clear()
    started = time.perf_counter()
    while time.perf_counter() - started < min(seconds, 5.0):
        frame()
    paced["pan_max_fps"] = round(len(paints) / (time.perf_counter() - started), 1)
    return paced


def _zoom_steps(widget: Any, model: Any, mbtiles: Path) -> dict[str, Any]:
    """Zoom in one level at a time from a new, empty tile cache; then the same steps cached."""
    from app.bench.qtloop import wait_until
    from app.maps.mbtiles import MBTilesSource
    from app.ui.map_tiles import TileStore

    store = TileStore(MBTilesSource(mbtiles))
    widget.set_tiles(store)
    cold: list[float] = []
    warm: list[float] = []

    def drawn(tiles: list[TileId]) -> bool:
        return all(store.get(t) is not None or t in store.problems for t in tiles)

    for times in (cold, warm):
        for zoom in (12.0, 13.0, 14.0, 15.0, 16.0):
            t0 = time.perf_counter()
            model.view.set_view(CENTRE, zoom)
            tiles = model.view.visible_tiles(int(zoom))
            wait_until(functools.partial(drawn, tiles), 10.0, 1)
            widget.viewport().repaint()
            times.append((time.perf_counter() - t0) * 1000)
    widget.set_tiles(None)
    store.close()
    return {
        "zoom_step_cold_ms": [round(t, 1) for t in cold],
        "zoom_step_cold_ms_max": round(max(cold), 1),
        "zoom_step_cached_ms_max": round(max(warm), 1),
        "zoom_step_tiles": len(model.view.visible_tiles(16)),
    }
