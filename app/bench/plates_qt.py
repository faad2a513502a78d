"""The plate measurements that need Qt: read-to-pop-up latency and ingestion under load.

Both run offscreen when there is no display. In the latency run, pop-ups
are dismissed as soon as they are painted, so the screen never fills up.
The ingestion run can have a live wall beside it (``plates_wall``): then
the pop-ups show their camera's live picture and hits frame its tile.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

from app.bench.plates_data import unique_plates, write_hotlist
from app.bench.plates_wall import DEMO_SITE, BenchWall, start_wall


def _qt_app() -> Any:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _runtime(
    folder: Path, plates: list[str], dismiss: bool, wall: BenchWall | None = None
) -> tuple[Any, Any, Any, Any]:
    """Storage with one A1 list of ``plates``, a started pipeline, the Qt bridge and pop-ups.

    With a ``wall``, pop-ups show their camera live from the wall's streams
    and hits mark the camera's tiles, as in the application.
    """
    from PySide6.QtCore import QTimer

    from app.anpr.pipeline import PlatePipeline
    from app.anpr.storage import PlateStorage
    from app.config.sitefile import load_site
    from app.core.tile_marks import CameraMarks
    from app.ui.plate_bridge import PlateBridge
    from app.ui.plate_hits import HitsController
    from app.ui.plate_live import LivePicture

    storage = PlateStorage.open(folder)
    file = folder / "a1.csv"
    write_hotlist(file, plates)
    storage.hotlists.define("A1-bench", "a1")
    storage.hotlists.import_file(file, "A1-bench")
    pipeline = PlatePipeline(storage.hotlists, storage.transits, storage.images)
    pipeline.start()
    bridge = PlateBridge()
    site = wall.walls.site if wall is not None else load_site(DEMO_SITE)
    marks = CameraMarks() if wall is not None else None

    def live_picture(camera_id: str) -> LivePicture | None:
        camera = site.camera(camera_id)
        if wall is None or camera is None:
            return None
        return LivePicture(wall.provider, camera)

    hits = HitsController(
        storage.transits,
        site,
        play=lambda _sound: None,
        show_camera=lambda _camera: None,
        flush=pipeline.flush,
        operator="bench",
        escalate_after_s=3600.0,
        live_picture=live_picture,
        marks=marks,
    )
    if wall is not None:
        for window in wall.walls.windows():
            window.view.set_marks(marks)
    bridge.hit.connect(hits.on_hit)
    if dismiss:  # keeps the screen clear; the hits stay open in the store
        timer = QTimer(hits)
        timer.setInterval(100)
        timer.timeout.connect(lambda: _dismiss_painted(hits))
        timer.start()
    return storage, pipeline, bridge, hits


def _dismiss_painted(hits: Any) -> None:
    """Close the pop-ups already on screen without acknowledging (no disk work on the GUI)."""
    for hit_id, popup in list(hits.popups.items()):
        if popup.painted:
            hits.dismiss(hit_id)


def _close(storage: Any, pipeline: Any, bridge: Any, hits: Any) -> None:
    hits.shutdown()
    if hits.marks is not None:
        hits.marks.clear()
    bridge.stop()
    pipeline.stop()
    storage.close()


def run_qt_benches(
    data: Path, popups: int, rate: float, seconds: float, tiles: int
) -> dict[str, Any]:
    """The pop-up and ingestion runs, with a simulator and a wall of ``tiles`` when asked."""
    from app.bench.plates_wall import offscreen_screen
    from app.sim.launcher import SimLauncher

    if tiles:
        offscreen_screen()  # before Qt starts: the wall's screen
    _qt_app()
    out: dict[str, Any] = {}
    sim = SimLauncher(DEMO_SITE) if rate or tiles else None
    wall: BenchWall | None = None
    try:
        if sim is not None:
            for camera in sim.info["plate_dialects"]:  # quiet: only the bench's reads count
                _post(sim.info, f"/sim/{camera}/plates/rate", "0")
            wall = start_wall(sim.info, tiles) if tiles else None
        if popups:
            out["popup"] = bench_popups(data, popups, wall)
        if rate and sim is not None:
            out["ingest"] = bench_ingest(data, rate, seconds, sim.info, wall)
    finally:
        if wall is not None:
            for window in wall.walls.windows():
                window.view.set_marks(None)
            wall.stop()
        if sim is not None:
            sim.stop()
    return out


def bench_popups(data: Path, count: int, wall: BenchWall | None = None) -> dict[str, Any]:
    """``count`` hits submitted from a worker thread, 50 ms apart: read to pop-up painted.

    With a ``wall`` each pop-up also shows the camera's live picture.
    """
    from app.bench.plates import _ms
    from app.bench.qtloop import wait_until
    from app.core.plates import Direction, PlateImage, PlateRead
    from app.sim.plates import plate_picture, vehicle_picture

    plates = unique_plates(count, seed=5)
    storage, pipeline, bridge, hits = _runtime(data / "popup", plates, True, wall)
    bridge.attach(pipeline)
    reads = [
        PlateRead(
            "chiavari-05",
            p,
            p,
            time.time(),
            "IT",
            0.9,
            Direction.APPROACHING,
            plate_image=PlateImage(plate_picture(p)),
            vehicle_image=PlateImage(vehicle_picture(p, i)),
        )
        for i, p in enumerate(plates)
    ]

    def feed() -> None:
        for read in reads:
            pipeline.submit(read)
            time.sleep(0.05)

    threading.Thread(target=feed, name="bench-feed", daemon=True).start()
    wait_until(lambda: len(hits.latencies_ms) >= count, timeout=count * 0.05 + 30)
    wait_until(lambda: not hits.popups, timeout=10)
    latencies = list(hits.latencies_ms)
    _close(storage, pipeline, bridge, hits)
    return {
        "hits": count,
        "shown": len(latencies),
        "read_to_popup_ms": _ms(latencies),
        "live_picture": wall is not None,
    }


def _post(info: dict[str, Any], path: str, body: str = "") -> dict[str, Any]:
    url = f"http://{info['host']}:{info['http_port']}{path}"
    request = urllib.request.Request(url, data=body.encode() if body else None)
    if body:
        request.method = "POST"
    with urllib.request.urlopen(request, timeout=10) as answer:
        result: dict[str, Any] = json.loads(answer.read())
    return result


def bench_ingest(
    data: Path, rate: float, seconds: float, info: dict[str, Any], wall: BenchWall | None
) -> dict[str, Any]:
    """The simulator's Hikvision plate camera at ``rate`` reads/s for ``seconds``.

    With a ``wall``, its tiles keep playing meanwhile and their painted rates are reported.
    """
    from app.anpr.ingest import PlateIngest
    from app.bench.plates import _ms
    from app.bench.qtloop import LagMeter, spin, wait_until
    from app.core.plates_config import Dialect, PlatesConfig, PlateSource
    from app.sim.plates import REGULARS

    camera = "chiavari-05"
    listed = [REGULARS[0][0], *unique_plates(100_000, seed=9)]  # one plate that passes
    storage, pipeline, bridge, hits = _runtime(data / "ingest", listed, False, wall)
    port = int(info["plate_ports"][camera])
    source = PlateSource(camera, Dialect.HIKVISION, info["host"], port, "admin", "occhio")
    ingest = PlateIngest(PlatesConfig((source,)), pipeline.submit)
    bridge.attach(pipeline, ingest)
    ingest.start()
    wait_until(lambda: getattr(ingest.statuses.get(camera), "state", "") == "playing", 30)
    before = int(_post(info, "/sim/plates")[camera]["sent"])
    lag = LagMeter()
    lag.start()
    if wall is not None:
        wall.start_counting()
    started = time.monotonic()
    cpu0, gui0 = time.process_time(), time.thread_time()  # this is the GUI thread
    _post(info, f"/sim/{camera}/plates/rate", str(rate))
    spin(seconds)
    _post(info, f"/sim/{camera}/plates/rate", "0")
    cpu = {  # cores' worth used: what others running on the machine do not change
        "cpu_process": round((time.process_time() - cpu0) / seconds, 3),
        "cpu_gui_thread": round((time.thread_time() - gui0) / seconds, 3),
    }
    shown = wall.report() if wall is not None else {"tiles": 0}
    sent = int(_post(info, "/sim/plates")[camera]["sent"]) - before
    wait_until(lambda: pipeline.stats.stored >= sent, timeout=60)
    elapsed = time.monotonic() - started
    lag.stop()
    stats = pipeline.stats
    result = {
        "rate_asked": rate,
        "seconds": seconds,
        "sent": sent,
        "received": stats.submitted,
        "stored": stats.stored,
        "lost": sent - stats.stored,
        "hits": stats.hits,
        "reads_per_s": round(stats.stored / elapsed, 1),
        "loop_lag_ms": _ms(lag.lags_ms),
        **cpu,
        "sim_dropped": int(_post(info, "/sim/plates")[camera]["dropped"]),
        "popups_open": len(hits.popups),
        "hits_not_shown": hits.not_shown,
        **shown,
        "loadavg_1min": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
    }
    ingest.stop()
    _close(storage, pipeline, bridge, hits)
    return result
