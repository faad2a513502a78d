"""The map's view state: centre, zoom and size, and the maths of the screen.

A ``MapView`` is what a map window or a map tile shows; the Qt view only
displays it and turns wheel and drag into ``zoom_at`` and ``pan_by``. Screen
coordinates are pixels from the widget's top-left corner.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.signal import Signal
from app.maps.mercator import (
    MAX_LATITUDE,
    TILE_SIZE,
    LatLon,
    TileId,
    clamp,
    metres_per_pixel,
    tiles_covering,
    to_latlon,
    to_pixel,
)

MIN_ZOOM = 2.0
MAX_ZOOM = 20.0


@dataclass(frozen=True)
class ViewState:
    """The persistent part of a view (saved with a layout)."""

    lat: float
    lon: float
    zoom: float


class MapView:
    """Centre, zoom and size of one map.

    Signals:
        changed(): centre, zoom or size changed.
    """

    def __init__(
        self, centre: LatLon, zoom: float = 14.0, width: int = 800, height: int = 600
    ) -> None:
        self.changed = Signal()
        self._centre = clamp(centre.lat, centre.lon)
        self._zoom = self._bounded_zoom(zoom)
        self._size = (max(1, width), max(1, height))

    @staticmethod
    def _bounded_zoom(zoom: float) -> float:
        return MIN_ZOOM if not math.isfinite(zoom) else max(MIN_ZOOM, min(MAX_ZOOM, zoom))

    # -- reading -----------------------------------------------------------
    @property
    def centre(self) -> LatLon:
        """The point in the middle of the view."""
        return self._centre

    @property
    def zoom(self) -> float:
        """The zoom (fractional while zooming smoothly)."""
        return self._zoom

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) in screen pixels."""
        return self._size

    @property
    def state(self) -> ViewState:
        """What a layout saves."""
        return ViewState(self._centre.lat, self._centre.lon, self._zoom)

    def centre_pixel(self) -> tuple[float, float]:
        """The centre's world pixel at the current zoom."""
        return to_pixel(self._centre.lat, self._centre.lon, self._zoom)

    def to_screen(self, point: LatLon) -> tuple[float, float]:
        """Screen position of ``point`` (raises ``OutsideMercatorError`` for polar points)."""
        x, y = to_pixel(point.lat, point.lon, self._zoom)
        cx, cy = self.centre_pixel()
        return x - cx + self._size[0] / 2, y - cy + self._size[1] / 2

    def to_latlon(self, sx: float, sy: float) -> LatLon:
        """The point under screen position (sx, sy)."""
        cx, cy = self.centre_pixel()
        return to_latlon(cx + sx - self._size[0] / 2, cy + sy - self._size[1] / 2, self._zoom)

    def metres_per_pixel(self) -> float:
        """Ground size of one screen pixel at the centre."""
        return metres_per_pixel(self._centre.lat, self._zoom)

    def tile_zoom(self, lowest: int = 0, highest: int = 22) -> int:
        """The whole zoom whose tiles are drawn (nearest, within the source's levels)."""
        return max(lowest, min(highest, round(self._zoom)))

    def visible_tiles(self, zoom: int) -> list[TileId]:
        """Tiles at ``zoom`` under the view, nearest the centre first."""
        scale = 2.0 ** (zoom - self._zoom)
        cx, cy = self.centre_pixel()
        half_w, half_h = self._size[0] / 2 * scale, self._size[1] / 2 * scale
        mx, my = cx * scale, cy * scale
        tiles = tiles_covering(mx - half_w, my - half_h, mx + half_w, my + half_h, zoom)
        half = TILE_SIZE / 2

        def from_centre(t: TileId) -> float:
            return (t.x * TILE_SIZE + half - mx) ** 2 + (t.y * TILE_SIZE + half - my) ** 2

        return sorted(tiles, key=from_centre)

    # -- changing ----------------------------------------------------------
    def set_view(self, centre: LatLon, zoom: float | None = None) -> None:
        """Look at ``centre`` (at ``zoom``, else the current one)."""
        self._centre = clamp(centre.lat, centre.lon)
        if zoom is not None:
            self._zoom = self._bounded_zoom(zoom)
        self.changed.emit()

    def resize(self, width: int, height: int) -> None:
        """The widget changed size."""
        size = (max(1, width), max(1, height))
        if size != self._size:
            self._size = size
            self.changed.emit()

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the map with the hand: content moves by (dx, dy) screen pixels."""
        if dx == 0 and dy == 0:
            return
        cx, cy = self.centre_pixel()
        point = to_latlon(cx - dx, cy - dy, self._zoom)
        self._centre = clamp(max(-MAX_LATITUDE, min(MAX_LATITUDE, point.lat)), point.lon)
        self.changed.emit()

    def zoom_at(self, sx: float, sy: float, zoom: float) -> None:
        """Zoom to ``zoom`` keeping the point under (sx, sy) where it is (the wheel)."""
        zoom = self._bounded_zoom(zoom)
        if zoom == self._zoom:
            return
        anchor = self.to_latlon(sx, sy)
        self._zoom = zoom
        ax, ay = to_pixel(anchor.lat, anchor.lon, zoom)
        centre = to_latlon(ax - sx + self._size[0] / 2, ay - sy + self._size[1] / 2, zoom)
        self._centre = clamp(centre.lat, centre.lon)
        self.changed.emit()

    def fit(self, points: Iterable[LatLon], margin: int = 40, most: float = 17.0) -> None:
        """Centre and zoom so that every point shows (at most zoom ``most``)."""
        pts = list(points)
        if not pts:
            return
        xs, ys = zip(*(to_pixel(p.lat, p.lon, 0) for p in pts), strict=True)
        width = max(max(xs) - min(xs), 1e-9)
        height = max(max(ys) - min(ys), 1e-9)
        room_w = max(1, self._size[0] - 2 * margin)
        room_h = max(1, self._size[1] - 2 * margin)
        zoom = min(most, math.log2(min(room_w / width, room_h / height)))
        centre = to_latlon((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2, 0)
        self.set_view(centre, zoom)
