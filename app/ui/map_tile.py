"""Maps in wall tiles: a map widget laid over each tile whose layout entry is a map.

The wall's tiles show feeds; a map needs no stream, so a tile whose entry
is a map string (``app.maps.maptile``) gets no feed and ``MapTiles`` puts
a ``MapWidget`` over it instead, with its own view and layers. Panning or
zooming writes the new view back into the wall's model (once the hand
rests), so saving the layout saves where the map looks. Camera states,
call-up, "punta qui", the basemap and the plate hits are those of the
map window (``MapActions``). The call-up keys still reach the wall: the map widget
leaves digits, Enter and Esc to it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import QWidget

from app.core.model import SiteConfig
from app.core.wall import WallModel
from app.maps.hits import HitBoard
from app.maps.maptile import decode, encode, is_map_tile
from app.maps.mercator import LatLon
from app.maps.model import MapModel
from app.maps.view import MapView
from app.ui.map_menu import PointAction, point_menu
from app.ui.map_tiles import TileStore
from app.ui.map_view import MapWidget

logger = logging.getLogger("app.ui")

WRITE_BACK_MS = 600  # the view is written into the layout once the hand rests
HEALTH_POLL_MS = 500


class _MapInTile:
    """One tile's map: its model and widget."""

    def __init__(
        self,
        tile: QWidget,
        text: str,
        site: SiteConfig,
        store: TileStore | None,
        hits: HitBoard | None = None,
    ) -> None:
        decoded = decode(text)
        assert decoded is not None
        state, layers = decoded
        self.text = text
        self.model = MapModel(site, MapView(LatLon(state.lat, state.lon), state.zoom))
        self.model.set_layers(layers)
        self.widget = MapWidget(self.model, store, tile, hits=hits)
        self.widget.setGeometry(tile.rect())
        self.widget.show()

    def close(self) -> None:
        self.widget.disconnect_model()
        self.widget.hide()
        self.widget.deleteLater()


class MapTiles(QObject):
    """Keeps a map widget over every map tile of the given walls."""

    def __init__(
        self,
        walls: list[tuple[WallModel, list[QWidget]]],
        site: Callable[[], SiteConfig],
        *,
        call_up: Callable[[str], None],
        aim: PointAction | None = None,
        health_of: Callable[[str], str | None] | None = None,
        hits: HitBoard | None = None,
        open_hit: Callable[[int], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.walls, self._site = walls, site
        self.call_up, self.aim, self.health_of = call_up, aim, health_of
        self.hits, self.open_hit = hits, open_hit
        self.store: TileStore | None = None
        self.on_first_map: Callable[[], None] = lambda: None  # the owner opens a basemap
        self.maps: dict[tuple[int, int], _MapInTile] = {}  # (wall, tile) -> its map
        self._dirty: set[tuple[int, int]] = set()
        self._write_back = QTimer(self)
        self._write_back.setSingleShot(True)
        self._write_back.setInterval(WRITE_BACK_MS)
        self._write_back.timeout.connect(self._on_write_back)
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.poll)
        self._poll.start(HEALTH_POLL_MS)
        self._syncs = [functools.partial(self.sync, n) for n in range(len(walls))]
        for (model, _tiles), sync in zip(walls, self._syncs, strict=True):
            for signal in (model.tiles_changed, model.grid_changed, model.maximised_changed):
                signal.connect(sync)
        for number in range(len(walls)):
            self.sync(number)

    def check_first_map(self) -> None:
        """Ask the owner for a basemap once some tile shows a map."""
        if self.maps and self.store is None:
            self.on_first_map()

    def set_store(self, store: TileStore | None) -> None:
        """The basemap every map tile shows."""
        self.store = store
        for entry in self.maps.values():
            entry.widget.set_tiles(store)

    def sync(self, number: int, *_args: object) -> None:
        """Put maps over the wall's visible map tiles, take them off the others."""
        model, tiles = self.walls[number]
        visible = set(range(model.grid.size))
        if model.maximised is not None:
            visible = {model.maximised}
        for index, tile in enumerate(tiles):
            key = (number, index)
            text = model.camera_at(index) if index in visible else None
            entry = self.maps.get(key)
            if not is_map_tile(text) or decode(text or "") is None:
                if entry is not None:
                    entry.close()
                    del self.maps[key]
                continue
            assert text is not None
            if entry is not None and entry.text == text:
                continue
            if entry is not None and key in self._dirty:
                entry.text = text  # our own write-back: keep the widget
                continue
            if entry is not None:
                entry.close()
            self.maps[key] = self._make(key, tile, text)
            self.check_first_map()

    def _make(self, key: tuple[int, int], tile: QWidget, text: str) -> _MapInTile:
        entry = _MapInTile(tile, text, self._site(), self.store, self.hits)
        tile.installEventFilter(self)
        entry.widget.camera_activated.connect(self.call_up)
        if self.open_hit is not None:
            entry.widget.hit_clicked.connect(self.open_hit)
        entry.widget.context_requested.connect(functools.partial(self._on_context, key))
        changed = functools.partial(self._on_view_changed, key)
        entry.model.view.changed.connect(changed)
        entry.model.layers_changed.connect(changed)
        logger.info("map shown in wall %d tile %d", key[0] + 1, key[1])
        return entry

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A tile resized: its map follows."""
        if event.type() == QEvent.Type.Resize:
            for (number, index), entry in self.maps.items():
                tile = self.walls[number][1][index]
                if tile is watched:
                    entry.widget.setGeometry(tile.rect())
        return False

    def _on_view_changed(self, key: tuple[int, int]) -> None:
        self._dirty.add(key)
        self._write_back.start()

    def _on_write_back(self) -> None:
        for key in list(self._dirty):
            entry = self.maps.get(key)
            if entry is not None:
                text = encode(entry.model.view.state, entry.model.layers)
                model = self.walls[key[0]][0]
                if model.camera_at(key[1]) == entry.text and text != entry.text:
                    entry.text = text
                    model.assign(key[1], text)
        self._dirty.clear()

    def _on_context(self, key: tuple[int, int], point: LatLon, where: QPoint) -> None:
        entry = self.maps.get(key)
        if entry is None:
            return
        menu = point_menu(entry.widget, entry.model, point, call_up=self.call_up, aim=self.aim)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        menu.popup(where)

    def poll(self) -> None:
        """Camera states from the walls, and a site edited meanwhile."""
        site = self._site()
        for entry in self.maps.values():
            if entry.model.site is not site:
                entry.model.set_site(site)
            if self.health_of is not None:
                health_of = self.health_of
                changed = entry.model.set_health({c: health_of(c) for c in entry.model.placements})
                for camera_id in changed:
                    if entry.model.lost(camera_id):
                        logger.info("camera %s lost: its pin blinks on the map", camera_id)

    def close(self) -> None:
        """Take every map off its tile and stop listening."""
        self._poll.stop()
        self._write_back.stop()
        for (model, _tiles), sync in zip(self.walls, self._syncs, strict=True):
            for signal in (model.tiles_changed, model.grid_changed, model.maximised_changed):
                signal.disconnect(sync)
        for entry in self.maps.values():
            entry.close()
        self.maps.clear()
