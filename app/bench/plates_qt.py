"""The plate measurements that need Qt: read-to-pop-up latency and ingestion under load.

Both run offscreen when there is no display. Pop-ups are acknowledged as
soon as they are painted, so the screen never fills up during a run.
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


def _qt_app() -> Any:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _runtime(folder: Path, plates: list[str], dismiss: bool) -> tuple[Any, Any, Any, Any]:
    """Storage with one A1 list of ``plates``, a started pipeline, the Qt bridge and pop-ups."""
    from PySide6.QtCore import QTimer

    from app.anpr.pipeline import PlatePipeline
    from app.anpr.storage import PlateStorage
    from app.config.sitefile import load_site
    from app.ui.plate_bridge import PlateBridge
    from app.ui.plate_hits import HitsController

    storage = PlateStorage.open(folder)
    file = folder / "a1.csv"
    write_hotlist(file, plates)
    storage.hotlists.define("A1-bench", "a1")
    storage.hotlists.import_file(file, "A1-bench")
    pipeline = PlatePipeline(storage.hotlists, storage.transits, storage.images)
    pipeline.start()
    bridge = PlateBridge()
    site = load_site(Path(__file__).resolve().parents[2] / "resources" / "demo" / "site.toml")
    hits = HitsController(
        storage.transits,
        site,
        play=lambda _sound: None,
        show_camera=lambda _camera: None,
        flush=pipeline.flush,
        operator="bench",
        escalate_after_s=3600.0,
    )
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
    bridge.stop()
    pipeline.stop()
    storage.close()


def bench_popups(data: Path, count: int) -> dict[str, Any]:
    """``count`` hits submitted from a worker thread, 50 ms apart: read to pop-up painted."""
    from app.bench.plates import _ms
    from app.bench.qtloop import wait_until
    from app.core.plates import Direction, PlateImage, PlateRead
    from app.sim.plates import plate_picture, vehicle_picture

    _qt_app()
    plates = unique_plates(count, seed=5)
    storage, pipeline, bridge, hits = _runtime(data / "popup", plates, dismiss=True)
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
    return {"hits": count, "shown": len(latencies), "read_to_popup_ms": _ms(latencies)}


def _post(info: dict[str, Any], path: str, body: str = "") -> dict[str, Any]:
    url = f"http://{info['host']}:{info['http_port']}{path}"
    request = urllib.request.Request(url, data=body.encode() if body else None)
    if body:
        request.method = "POST"
    with urllib.request.urlopen(request, timeout=10) as answer:
        result: dict[str, Any] = json.loads(answer.read())
    return result


def bench_ingest(data: Path, rate: float, seconds: float) -> dict[str, Any]:
    """A Hikvision plate camera of the simulator at ``rate`` reads/s for ``seconds``."""
    from app.anpr.ingest import PlateIngest
    from app.bench.plates import _ms
    from app.bench.qtloop import LagMeter, spin, wait_until
    from app.core.plates_config import Dialect, PlatesConfig, PlateSource
    from app.sim.launcher import SimLauncher
    from app.sim.plates import REGULARS

    _qt_app()
    sim = SimLauncher(Path(__file__).resolve().parents[2] / "resources" / "demo" / "site.toml")
    info, camera = sim.info, "chiavari-05"
    try:
        for other in info["plate_dialects"]:
            _post(info, f"/sim/{other}/plates/rate", "0")
        listed = [REGULARS[0][0], *unique_plates(100_000, seed=9)]  # one plate that passes
        storage, pipeline, bridge, hits = _runtime(data / "ingest", listed, dismiss=False)
        source = PlateSource(
            camera,
            Dialect.HIKVISION,
            info["host"],
            int(info["plate_ports"][camera]),
            "admin",
            "occhio",
        )
        ingest = PlateIngest(PlatesConfig((source,)), pipeline.submit)
        bridge.attach(pipeline, ingest)
        ingest.start()
        wait_until(
            lambda: (
                ingest.statuses.get(camera) is not None
                and ingest.statuses[camera].state == "playing"
            ),
            timeout=30,
        )
        before = int(_post(info, "/sim/plates")[camera]["sent"])
        lag = LagMeter()
        lag.start()
        started = time.monotonic()
        _post(info, f"/sim/{camera}/plates/rate", str(rate))
        spin(seconds)
        _post(info, f"/sim/{camera}/plates/rate", "0")
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
            "sim_dropped": int(_post(info, "/sim/plates")[camera]["dropped"]),
            "popups_open": len(hits.popups),
            "hits_not_shown": hits.not_shown,
        }
        ingest.stop()
        _close(storage, pipeline, bridge, hits)
        return result
    finally:
        sim.stop()
