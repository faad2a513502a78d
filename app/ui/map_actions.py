"""The "Mappa" menu of the walls: the map window and what it asks of the walls.

``MapActions`` opens one map window per station, keeps its model in step
with the site (an edit in the camera editor moves the pins too), and does
what the map asks: call a camera up on the wall whose tile is selected,
turn the selected cameras into a layout, aim a PTZ head through the
wall's PTZ controllers, take a head's live cone from GetStatus, and save
edited positions and cones to the site file through the same steps as the
camera editor (passwords to the credential store, atomic write). It holds
the plate hits' board every map shows (``app.ui.map_plates`` fills it) and
narrows the camera tree to the search area drawn on the map.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from app.config.credentials import CredentialError
from app.config.sitefile import save_site
from app.config.sitesave import save_site_with_secrets
from app.core import site_edit
from app.core.grid import PRESETS
from app.core.model import SiteConfig
from app.core.wall import ScreenLayout
from app.maps.catalog import open_source
from app.maps.hits import HitBoard
from app.maps.maptile import encode
from app.maps.mbtiles import MBTilesSource
from app.maps.mercator import LatLon
from app.maps.model import MapModel
from app.maps.schematic import load_schematic
from app.maps.store import MapStore
from app.maps.tiles import SourceError, TileSource
from app.ui.camera_editor import SecretStore
from app.ui.map_ptz import aim_job, calibrate_job, live_cone_job
from app.ui.map_tile import MapTiles
from app.ui.map_tiles import TileStore
from app.ui.map_window import Basemap, MapWindow
from app.ui.messages import MessageBridge
from app.ui.ptz_control import PtzController
from app.ui.reasons import reason_words
from app.ui.screens import WallManager

logger = logging.getLogger("app.ui")

LIVE_CONE_MS = 1500
HITS_TICK_MS = 1000  # hits stop flashing and leave the map on this beat


class MapActions(QObject):
    """What the Mappa menu does, over a ``WallManager``; also the maps in wall tiles."""

    _tile_basemap = Signal(object)  # a TileSource opened for the map tiles, or None

    def __init__(
        self,
        manager: WallManager,
        bridge: MessageBridge,
        maps: MapStore,
        site_file: Path | None,
        *,
        secrets: Callable[[], SecretStore | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.manager, self.bridge, self.maps, self.site_file = manager, bridge, maps, site_file
        self._make_secrets = secrets
        self.model = MapModel(manager.site)
        self.board = HitBoard()
        self.hit_opener: Callable[[int], None] = lambda _hit_id: None  # set by the plates
        self.window: MapWindow | None = None
        self._asking: set[str] = set()  # PTZ heads whose status is on its way
        self._live = QTimer(self)
        self._live.timeout.connect(self._ask_live_cones)
        self._tile_basemap.connect(self._on_tile_basemap)
        self._tile_opening: threading.Thread | None = None
        self.tiles = MapTiles(
            [(w.model, list(w.window.view.tiles)) for w in manager.walls],
            lambda: self.manager.site,
            call_up=self.call_up,
            aim=self.aim,
            health_of=manager.health_of,
            hits=self.board,
            open_hit=self.open_hit,
            parent=self,
        )
        self.tiles.on_first_map = self._open_tile_basemap
        self.tiles.check_first_map()
        self._live.start(LIVE_CONE_MS)
        self._hits_tick = QTimer(self)
        self._hits_tick.timeout.connect(self.board.tick)
        self._hits_tick.start(HITS_TICK_MS)
        self.model.area_changed.connect(self._on_model_area_changed)
        manager.tree.area_cleared.connect(self._on_tree_area_cleared)

    def build_menu(self, parent: QWidget) -> QMenu:
        """The "Mappa" menu for one wall window."""
        menu = QMenu(self.tr("&Mappa"), parent)
        action = menu.addAction(self.tr("Mappa delle telecamere"), self.open_map)
        action.setShortcut(QKeySequence("Ctrl+Shift+M"))  # Ctrl+M: the bars
        parent.addAction(action)  # the shortcut works with the menu bar hidden
        return menu

    # -- basemaps ------------------------------------------------------------------
    def basemaps(self) -> list[Basemap]:
        """Installed maps first, then the schematic one where the site lies inside it."""
        choices = [Basemap(path.stem, path) for path in self.maps.installed()]
        if self._schematic_covers_site():
            choices.append(Basemap(self.tr("Schematica (dimostrazione)"), None))
        return choices

    def _schematic_covers_site(self) -> bool:
        description = self.maps.schematic_description
        if description is None:
            return False
        try:
            west, south, east, north = load_schematic(description).bounds
        except (OSError, ValueError) as err:
            logger.warning("schematic basemap unusable: %s", err)
            return False
        centre = self.model.view.centre
        return south <= centre.lat <= north and west <= centre.lon <= east

    def open_basemap(self, basemap: Basemap) -> TileSource:
        """Open a basemap (worker thread: the schematic is drawn on its first use)."""
        if basemap.path is None:
            path = self.maps.schematic()
            if path is None:
                raise ValueError("no schematic description")
            return MBTilesSource(path)
        return open_source(basemap.path, self.maps.cache)

    def _open_tile_basemap(self) -> None:
        """Open the first basemap for the maps in tiles, on a worker thread."""
        choices = self.basemaps()
        if not choices or self._tile_opening is not None:
            return

        def run() -> None:
            try:
                source: TileSource | None = self.open_basemap(choices[0])
            except (SourceError, OSError, ValueError) as err:
                logger.warning("basemap for map tiles not opened: %s", err)
                source = None
            self._tile_basemap.emit(source)

        self._tile_opening = threading.Thread(target=run, name="map-tile-open", daemon=True)
        self._tile_opening.start()

    def _on_tile_basemap(self, source: TileSource | None) -> None:
        if source is not None:
            self.tiles.set_store(TileStore(source, self))
            logger.info("map tiles show the basemap %s", source.label)

    def ready(self) -> bool:
        """True when the open map window and the maps in tiles show their basemap.

        Their camera states are brought up to date first (a screenshot asks
        this just before it grabs; the maps poll the states twice a second).
        """
        self.tiles.poll()
        if self.window is not None:
            self.window.poll_health()
        if self.window is not None and not self.window.ready():
            return False
        if not self.tiles.maps:
            return True
        store = self.tiles.store
        return store is not None and store.loaded_count > 0 and store.pending == 0

    def map_to_tile(self) -> None:
        """Put the map window's view into the current wall's selected (else first empty) tile."""
        wall = self.manager.walls[self.manager.current]
        index = wall.model.selected
        if index is None:
            index = wall.model.first_empty()
        wall.model.assign(
            0 if index is None else index, encode(self.model.view.state, self.model.layers)
        )

    # -- the window ----------------------------------------------------------------
    def open_map(self) -> MapWindow:
        """Show the map window (the open one, if any)."""
        if self.window is None:
            window = MapWindow(
                self.model,
                self.bridge,
                basemaps=self.basemaps(),
                open_basemap=self.open_basemap,
                health_of=self.manager.health_of,
                hits=self.board,
            )
            window.view.picture_of = self.picture_of
            window.aim, window.calibrate = self.aim, self.calibrate
            window.call_up.connect(self.call_up)
            window.hit_opened.connect(self.open_hit)
            window.layout_requested.connect(self.send_layout)
            window.save_requested.connect(self.save)
            window.to_tile_requested.connect(self.map_to_tile)
            window.destroyed.connect(self._on_window_destroyed)
            window.resize(1100, 750)
            if not self.model.missing or len(self.model.placements) > 1:
                self.model.view.fit([p.position for p in self.model.placements.values()])
            self.window = window
            logger.info("map window opened: %d cameras on the map", len(self.model.placements))
        self.window.show()
        self.window.raise_()
        return self.window

    def _on_window_destroyed(self) -> None:
        self.window = None

    def close(self) -> None:
        """Close the map window and the maps in tiles (shutdown)."""
        self._live.stop()
        self._hits_tick.stop()
        if self._tile_opening is not None:
            self._tile_opening.join(10.0)  # drawing the schematic map ends within seconds
        self.tiles.close()
        if self.tiles.store is not None:
            self.tiles.store.close()
        if self.window is not None:
            self.window.shutdown()
            self.window.close()

    # -- what the map asks of the walls -----------------------------------------------
    def open_hit(self, hit_id: int) -> None:
        """A plate hit's label was clicked on a map: open the hit."""
        self.hit_opener(hit_id)

    def _on_model_area_changed(self) -> None:
        """The camera tree lists only the cameras inside the search area."""
        inside = self.model.area_cameras()
        self.manager.tree.set_area(inside)
        if inside is not None:
            logger.info("search area on the map: %d cameras inside", len(inside))

    def _on_tree_area_cleared(self) -> None:
        self.model.set_area(None)

    def call_up(self, camera_id: str) -> None:
        """Show the camera in the current wall's selected (else first empty) tile."""
        tile = self.manager.show_camera(self.manager.current, camera_id)
        logger.info("camera %s called up from the map into tile %d", camera_id, tile)

    def send_layout(self, camera_ids: list[str]) -> None:
        """The current wall shows these cameras in the smallest grid that holds them."""
        # Equal tiles: no camera of the selection is more important than another.
        grids = sorted(
            (g for g in PRESETS.values() if g.size == g.rows * g.columns), key=lambda g: g.size
        )
        grid = next((g for g in grids if g.size >= len(camera_ids)), grids[-1])
        wall = self.manager.walls[self.manager.current]
        wall.model.load(ScreenLayout(grid.name, tuple(camera_ids[: grid.size])))
        self.bridge.info(
            self.tr("Parete %d: %d telecamere dalla mappa")
            % (wall.window.number + 1, min(len(camera_ids), grid.size))
        )

    def picture_of(self, camera_id: str) -> QImage | None:
        """The camera's picture as a wall tile shows it now, if one does."""
        for wall in self.manager.walls:
            for tile in wall.window.view.visible_tiles():
                if tile.camera_id == camera_id and tile.frame is not None:
                    return tile.grab(tile.picture_rect()).toImage()
        return None

    # -- PTZ ------------------------------------------------------------------------
    def _controller(self, camera_id: str) -> PtzController | None:
        camera = self.manager.site.camera(camera_id)
        return self.manager.walls[0].window.ptz.controller(camera)

    def aim(self, camera_id: str, point: LatLon) -> None:
        """ "Punta qui": turn the PTZ head to the point."""
        placement = self.model.placement(camera_id)
        controller = self._controller(camera_id)
        if placement is None or controller is None:
            self.bridge.warning(self.tr("Telecamera non brandeggiabile da Occhio"))
            return

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                controller.report(error)
            else:
                logger.info("PTZ %s aimed from the map: pan/tilt %s", camera_id, result)

        controller.run(aim_job(placement, point), done)

    def calibrate(self, camera_id: str, landmark: LatLon) -> None:
        """The head looks at ``landmark``: its heading at pan 0 follows (edit mode)."""
        placement = self.model.placement(camera_id)
        controller = self._controller(camera_id)
        if placement is None or controller is None:
            return

        def done(result: Any, error: BaseException | None) -> None:
            if error is not None:
                controller.report(error)
                return
            self.model.set_cone(camera_id, placement.fov.turned(float(result)))
            self.bridge.info(self.tr("Telecamera calibrata: salvare per confermare"))

        controller.run(calibrate_job(placement, landmark), done, moves=False)

    def _ask_live_cones(self) -> None:
        """PTZ heads on the map report where they look; their cones follow.

        Also where a site saved by the camera editor reaches the map (unless
        the map has edits of its own waiting).
        """
        if self.manager.site is not self.model.site and not self.model.has_edits:
            self.model.set_site(self.manager.site)
        if self.window is None and not self.tiles.maps:
            return  # no map on screen: no head is asked
        for camera_id, placement in self.model.placements.items():
            if not placement.steerable or camera_id in self._asking:
                continue
            controller = self._controller(camera_id)
            if controller is None:
                continue
            self._asking.add(camera_id)
            done = functools.partial(self._on_live_cone, camera_id)
            if not controller.run(live_cone_job(placement), done, moves=False):
                self._asking.discard(camera_id)

    def _on_live_cone(self, camera_id: str, result: Any, error: BaseException | None) -> None:
        self._asking.discard(camera_id)
        if error is None:
            self.model.set_live_fov(camera_id, result)
            for entry in self.tiles.maps.values():
                entry.model.set_live_fov(camera_id, result)
        else:
            logger.debug("PTZ status of %s for the map failed: %s", camera_id, error)

    # -- saving ----------------------------------------------------------------------
    def save(self) -> bool:
        """Write the edited positions and cones to the site file, then show them everywhere."""
        try:
            site = self.model.edited_site()
        except site_edit.SiteEditError as err:
            logger.error("map edits refused: %s", err)
            self.bridge.error(self.tr("Modifiche non valide: %s") % err)
            return False
        if self.site_file is None:
            self.bridge.warning(
                self.tr("Impianto di dimostrazione: le posizioni valgono fino alla chiusura")
            )
        elif not self._write(site):
            return False
        self.manager.set_site(site)
        self.model.set_site(site)
        return True

    def _write(self, site: SiteConfig) -> bool:
        """Save as the camera editor does: passwords to the credential store, file atomically."""
        assert self.site_file is not None
        try:
            secrets = self._make_secrets()
            if secrets is not None:
                save_site_with_secrets(site, self.site_file, secrets)
            else:
                save_site(site, self.site_file)
        except (CredentialError, OSError) as exc:
            logger.error("site not saved from the map: %s", exc)
            self.bridge.error(self.tr("Impianto non salvato: %s") % reason_words(exc))
            return False
        self.bridge.info(self.tr("Posizioni salvate in %s") % self.site_file)
        return True


def install_map_menus(actions: MapActions) -> None:
    """Add the Mappa menu to every wall window's menu bar."""
    for window in actions.manager.windows():
        window.menuBar().addMenu(actions.build_menu(window))
