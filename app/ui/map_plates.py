"""Plates on the map: hits at their cameras, a vehicle's track, the search area in the search.

``MapPlates`` joins the plate services of a running wall to its maps:

- every hotlist hit the plate bridge announces goes on the maps' shared
  ``HitBoard`` (the map window and every map tile show it at the camera's
  pin); an acknowledgement takes it off; clicking it opens the hit's pop-up
  (again, if it was closed without acknowledgement);
- "Percorso sulla mappa" in the search window draws the plate's passages
  on the map window, which opens and fits the track;
- the search area drawn on the map becomes the search window's camera
  filter (chosen at once), and goes away when the area is cleared.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject

from app.anpr.pipeline import HitEvent
from app.core.plates import PlateRead
from app.maps.hits import HitMark
from app.maps.track import build_track
from app.ui.map_actions import MapActions
from app.ui.plate_bridge import PlateBridge
from app.ui.plate_hits import HitsController
from app.ui.plate_menu import PlateActions
from app.ui.plate_search import PlateSearchWindow

logger = logging.getLogger("app.ui")


class MapPlates(QObject):
    """The link between the plate services and the maps (see the module docstring)."""

    def __init__(
        self,
        maps: MapActions,
        bridge: PlateBridge,
        hits: HitsController,
        actions: PlateActions,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.maps, self.hits = maps, hits
        self.events: dict[int, HitEvent] = {}  # the hits on the board, to open them
        self.search: PlateSearchWindow | None = actions.search
        bridge.hit.connect(self.on_hit)
        hits.acknowledged.connect(maps.board.acknowledge)
        maps.board.changed.connect(self._on_board_changed)
        maps.hit_opener = self.open_hit
        maps.model.area_changed.connect(self._on_area_changed)
        actions.search_opened.connect(self.attach_search)
        if self.search is not None:
            self.attach_search(self.search)

    def on_hit(self, event: HitEvent) -> None:
        """A hotlist hit: on every map, at its camera."""
        read, hotlist = event.stored.read, event.hit.hotlist
        mark = HitMark(
            event.hit_id,
            read.camera_id,
            read.plate,
            hotlist.name,
            hotlist.category.colour,
            read.captured_at,
        )
        if self.maps.board.add(mark) is not None:
            self.events[event.hit_id] = event
            logger.info("plate hit %d shown on the map at camera %s", event.hit_id, read.camera_id)

    def open_hit(self, hit_id: int) -> None:
        """Bring the hit's pop-up to the front (opened again if it was closed)."""
        event = self.events.get(hit_id)
        if event is not None:
            self.hits.show_hit(event)

    def _on_board_changed(self) -> None:
        shown = set(self.maps.board.open_ids())
        for hit_id in [h for h in self.events if h not in shown]:
            del self.events[hit_id]

    # -- the search window ----------------------------------------------------------
    def attach_search(self, window: PlateSearchWindow) -> None:
        """Follow the search window: its tracks go on the map, the map's area is its filter."""
        self.search = window
        window.map_track_requested.connect(self.show_track)
        area = self.maps.model.area_cameras()
        if area is not None:
            window.set_area_cameras(area)

    def _on_area_changed(self) -> None:
        if self.search is not None:
            self.search.set_area_cameras(self.maps.model.area_cameras())

    def show_track(self, plate: str, reads: list[PlateRead]) -> None:
        """Draw the plate's passages on the map window, fitted to the track."""
        model = self.maps.model
        track = build_track(plate, reads, model.placements)
        if not track.stops:
            self.maps.bridge.warning(
                self.tr("Nessun passaggio di %s da telecamere sulla mappa") % plate
            )
            return
        self.maps.open_map()
        model.set_track(track)
        model.view.fit(track.positions, margin=80, most=16.0)
        logger.info(
            "track of a plate drawn on the map: %d stops, %d passages off the map",
            len(track.stops),
            len(track.unplaced),
        )
