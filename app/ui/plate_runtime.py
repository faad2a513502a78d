"""The plate services of a running wall, built in one fixed order and stopped in one place.

Called by the composition root (``app.application``): storage (hotlists,
transit store, pictures) -> pipeline and its writer -> ingestion of the
site's plate cameras -> the GUI side (bridge, hit pop-ups, Targhe menu) ->
timers for the watched hotlist folder and the retention purge. ``shutdown``
undoes it in reverse. For the demo, the plate sources are pointed at the
simulator, the pushing cameras are told where Occhio listens, and the demo
hotlists are imported.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import urllib.request
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer

from app.anpr.evidence import HitExporter
from app.anpr.hotlist_watch import HotlistFolder
from app.anpr.ingest import PlateIngest
from app.anpr.pipeline import PlatePipeline
from app.anpr.retention import RetentionPolicy, purge
from app.anpr.storage import PlateStorage
from app.config import paths
from app.config.stationfiles import audit_log, station_key_path
from app.core.evidence_sign import StationKey
from app.core.model import SiteConfig
from app.core.plates_config import Dialect, PlatesConfig
from app.core.tile_marks import CameraMarks
from app.ui.messages import MessageBridge
from app.ui.plate_bridge import PlateBridge
from app.ui.plate_hits import HitsController
from app.ui.plate_live import LivePicture
from app.ui.plate_menu import PlateActions, install_plate_menus
from app.ui.plate_search import RecordingOpener
from app.ui.plate_sound import SoundPlayer
from app.ui.plate_tree import PlateSourceStates
from app.ui.screens import WallManager

logger = logging.getLogger("app.ui")

DEMO_LISTS = Path(__file__).resolve().parents[2] / "resources" / "demo" / "liste"
DEMO_CATEGORIES = {"A1-Questura": "a1", "ZTL-centro": "ztl", "Fermi": "seized"}
FOLDER_SCAN_MS = 10_000
PURGE_EVERY_MS = 3_600_000
ESCALATE_AFTER_S = 60.0


class PlateRuntime(QObject):
    """Everything plate-related of one wall process."""

    def __init__(
        self,
        site: SiteConfig,
        walls: WallManager,
        bridge: MessageBridge,
        operator: str,
        *,
        play_recording: RecordingOpener | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.site, self.walls, self.bridge, self.operator = site, walls, bridge, operator
        self.play_recording = play_recording  # a track's passage, recorded
        self.storage: PlateStorage | None = None
        self.pipeline: PlatePipeline | None = None
        self.ingest: PlateIngest | None = None
        self.hits: HitsController | None = None
        self.actions: PlateActions | None = None
        self._timers: list[QTimer] = []
        self.qt_bridge = PlateBridge(self)
        self.marks = CameraMarks()  # open hits frame their cameras' tiles
        self.source_states: PlateSourceStates | None = None  # badges in the camera tree

    def start(self, sim_info: dict[str, Any] | None = None) -> None:
        """Build and start everything (``sim_info``: the demo's simulator)."""
        folder = paths.data_dir() / ("targhe-demo" if sim_info else "targhe")
        storage = self.storage = PlateStorage.open(folder)
        if sim_info is not None:
            import_demo_lists(storage)
        config = point_plates_at_sim(self.site.plates, sim_info) if sim_info else self.site.plates
        sites = {c.id: c.site_id for c in self.site.cameras}
        pipeline = self.pipeline = PlatePipeline(
            storage.hotlists, storage.transits, storage.images, lambda cam: sites.get(cam, "")
        )
        pipeline.start()
        self.ingest = self._start_ingest(config, pipeline)
        if sim_info is not None and self.ingest is not None:
            tell_sim_targets(config, sim_info, self.ingest.receiver_port)
        self._start_ui(pipeline, config)
        self._start_timers(config)
        logger.info("plates ready: %d sources, data in %s", len(config.sources), folder)

    def _start_ingest(self, config: PlatesConfig, pipeline: PlatePipeline) -> PlateIngest | None:
        if not config.sources:
            return None
        ingest = PlateIngest(config, pipeline.submit)
        try:
            ingest.start()
        except OSError as exc:
            logger.error("plate ingestion not started: %s", exc)
            self.bridge.error(self.tr("Letture targhe non attive: %s") % exc)
            return None
        if ingest.receiver_error:
            text = self.tr("Le telecamere che inviano le letture non sono ricevute: %s")
            self.bridge.warning(text % ingest.receiver_error)
        return ingest

    def _start_ui(self, pipeline: PlatePipeline, config: PlatesConfig) -> None:
        assert self.storage is not None
        qt_bridge = self.qt_bridge
        qt_bridge.attach(pipeline, self.ingest)
        states = self.source_states = PlateSourceStates(config)
        qt_bridge.status.connect(states.on_status)
        qt_bridge.read.connect(states.on_read)
        if self.ingest is not None:  # what the sources said while starting, before the bridge
            for status in self.ingest.statuses.copy().values():
                states.on_status(status)
        self.walls.tree.set_badges(states.badge)
        player = SoundPlayer(paths.cache_dir(), self)
        self.hits = HitsController(
            self.storage.transits,
            self.site,
            play=player.play,
            show_camera=self._show_camera,
            flush=pipeline.flush,
            operator=self.operator,
            escalate_after_s=ESCALATE_AFTER_S,
            live_picture=self._live_picture,
            marks=self.marks,
            parent=self,
        )
        for window in self.walls.windows():
            window.view.set_marks(self.marks)
        qt_bridge.hit.connect(self.hits.on_hit)
        self.actions = PlateActions(
            self.walls,
            self.storage,
            self.hits,
            rates=pipeline.rates,
            bridge=self.bridge,
            call_soon=qt_bridge.call_soon,
            make_exporter=self._exporter,
            play_recording=self.play_recording,
            parent=self,
        )
        qt_bridge.status.connect(self.actions.on_status)
        qt_bridge.rate_warning.connect(self.actions.on_rate_warning)
        self.hits.overflow.connect(self.actions.on_overflow)
        install_plate_menus(self.actions)

    def _live_picture(self, camera_id: str) -> LivePicture | None:
        """The camera's live picture for a pop-up (None: a camera without video)."""
        camera = self.walls.site.camera(camera_id)
        if camera is None or not (camera.main_url or camera.onvif):
            return None
        stall = self.walls.options.stall_seconds
        return LivePicture(self.walls.provider, camera, stall_seconds=stall)

    def _exporter(self) -> HitExporter:
        """The evidence exporter of hits, with the station key and consultation log."""
        assert self.storage is not None
        key = StationKey.load_or_create(station_key_path())
        return HitExporter(
            self.storage.transits, self.storage.images, self.walls.site, key, audit_log()
        )

    def _show_camera(self, camera_id: str) -> None:
        """Call the hit's camera up on the wall the operator works on."""
        self.walls.show_camera(self.walls.current, camera_id)

    def _start_timers(self, config: PlatesConfig) -> None:
        assert self.storage is not None
        policy = RetentionPolicy(
            config.retention_days, config.hit_retention_days, dict(config.retention_by_site)
        )
        storage = self.storage
        self._every(PURGE_EVERY_MS, lambda: purge(storage.transits, storage.images, policy))
        if config.hotlist_folder:
            watcher = HotlistFolder(Path(config.hotlist_folder), storage.hotlists)
            self._every(FOLDER_SCAN_MS, lambda: self._report_scan(watcher))
        self._run_in_background(lambda: purge(storage.transits, storage.images, policy))

    def _report_scan(self, watcher: HotlistFolder) -> None:
        for report in watcher.scan():
            level = "info" if report.ok else "error"
            self.qt_bridge.call_soon(self._on_background_done, level, report.text().splitlines()[0])

    def _every(self, interval_ms: int, job: Any) -> None:
        timer = QTimer(self)
        timer.setInterval(interval_ms)
        timer.timeout.connect(lambda: self._run_in_background(job))
        timer.start()
        self._timers.append(timer)

    def _run_in_background(self, job: Any) -> None:
        """Run ``job`` off the GUI thread (SQLite work of seconds must not freeze the wall)."""
        threading.Thread(target=job, name="plates-job", daemon=True).start()

    def _on_background_done(self, level: str, text: str) -> None:
        (self.bridge.info if level == "info" else self.bridge.error)(text)

    def shutdown(self) -> None:
        """Stop in reverse order: timers, windows, ingestion, writer, databases."""
        for timer in self._timers:
            timer.stop()
        self.qt_bridge.stop()
        if self.actions is not None:
            self.actions.shutdown()
        if self.hits is not None:
            self.hits.shutdown()
        for window in self.walls.windows():
            window.view.set_marks(None)
        self.walls.tree.set_badges(None)
        if self.ingest is not None:
            self.ingest.stop()
        if self.pipeline is not None:
            self.pipeline.stop()
        if self.storage is not None:
            self.storage.close()


def point_plates_at_sim(config: PlatesConfig, info: dict[str, Any]) -> PlatesConfig:
    """The demo's plate sources moved to the simulator's ports; the receiver on a free port."""
    ports = {str(k): int(v) for k, v in info.get("plate_ports", {}).items()}
    sources = tuple(
        dataclasses.replace(s, host=str(info["host"]), port=ports[s.camera_id])
        if not s.dialect.pushed and s.camera_id in ports
        else s
        for s in config.sources
    )
    return dataclasses.replace(config, sources=sources, listen_port=0, listen_host="127.0.0.1")


def tell_sim_targets(config: PlatesConfig, info: dict[str, Any], receiver_port: int) -> None:
    """Tell the simulator's pushing cameras where Occhio's receiver listens."""
    auth = f"{config.listen_username}:{config.listen_password}@" if config.listen_username else ""
    kinds = {Dialect.WEBHOOK: "webhook", Dialect.HIKVISION_PUSH: "hikvision"}
    for source in config.sources:
        kind = kinds.get(source.dialect)
        if kind is None:
            continue
        target = f"http://{auth}127.0.0.1:{receiver_port}/anpr/{kind}/{source.camera_id}"
        url = f"http://{info['host']}:{info['http_port']}/sim/{source.camera_id}/plates/target"
        request = urllib.request.Request(url, data=target.encode(), method="POST")
        try:
            with urllib.request.urlopen(request, timeout=5):
                pass
        except OSError as exc:
            logger.warning("simulator camera %s not told its target: %s", source.camera_id, exc)


def import_demo_lists(storage: PlateStorage) -> None:
    """The demo's hotlists, imported afresh at every demo start."""
    for name, category_id in DEMO_CATEGORIES.items():
        storage.hotlists.define(name, category_id)
        report = storage.hotlists.import_file(DEMO_LISTS / f"{name}.csv", name)
        if not report.ok:
            logger.error("demo hotlist %s: %s", name, report.error)
