"""Drawing the schematic basemap into map tiles (OpenCV), and caching them as MBTiles.

Each tile is drawn on its own from the whole description shifted to the
tile's corner, so lines and names that cross tile edges join without
seams. Every tile says "schematico" in its corner: nobody should take the
drawing for a survey. ``ensure_schematic`` renders once per description
(the file name carries its digest) into the cache folder, atomically.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from app.maps.mbtiles import write_mbtiles
from app.maps.mercator import TILE_SIZE, LatLon, TileId, tiles_covering, to_pixel
from app.maps.schematic import Feature, Schematic

logger = logging.getLogger("app.maps")

RENDERER_VERSION = 1
SHIFT = 4  # OpenCV fixed-point bits: coordinates are drawn to 1/16 of a pixel
LAND = (226, 234, 238)  # BGR
SEA = (230, 212, 184)
RIVER = (216, 184, 143)
INK = (60, 60, 60)
HALO = LAND  # a halo the colour of the land: names stay readable over roads and sea
WATERMARK = (150, 150, 150)
STYLES = {  # kind: (casing colour, fill colour, width in pixels at zoom 15)
    "motorway": ((40, 90, 170), (74, 138, 224), 7.0),
    "main": ((60, 150, 190), (107, 211, 245), 6.0),
    "road": ((170, 170, 170), (255, 255, 255), 4.0),
    "river": (None, RIVER, 5.0),
}
FONT = cv2.FONT_HERSHEY_SIMPLEX

Points = npt.NDArray[np.int32]


def _pixels(points: Sequence[LatLon], zoom: int) -> npt.NDArray[np.float64]:
    return np.array([to_pixel(p.lat, p.lon, zoom) for p in points], dtype=np.float64)


def _width(base: float, zoom: int) -> int:
    return max(1, round(base * 2.0 ** ((zoom - 15) * 0.6)))


class TileRenderer:
    """Draws tiles of one schematic; the projected shapes are kept per zoom."""

    def __init__(self, schematic: Schematic) -> None:
        self.schematic = schematic
        self._cache: dict[
            int, tuple[list[npt.NDArray[np.float64]], list[npt.NDArray[np.float64]]]
        ] = {}

    def _shapes(
        self, zoom: int
    ) -> tuple[list[npt.NDArray[np.float64]], list[npt.NDArray[np.float64]]]:
        if zoom not in self._cache:
            areas = [_pixels(a.points, zoom) for a in self.schematic.areas]
            lines = [_pixels(f.points, zoom) for f in self.schematic.lines]
            self._cache[zoom] = (areas, lines)
        return self._cache[zoom]

    def render(self, tile: TileId) -> bytes:
        """The tile as PNG bytes."""
        canvas = np.empty((TILE_SIZE, TILE_SIZE, 3), np.uint8)
        canvas[:] = LAND
        origin = np.array([tile.x * TILE_SIZE, tile.y * TILE_SIZE], dtype=np.float64)
        areas, lines = self._shapes(tile.z)
        for shape in areas:
            cv2.fillPoly(canvas, [_fixed(shape - origin)], SEA, cv2.LINE_AA, SHIFT)
        order = sorted(
            range(len(lines)),
            key=lambda i: list(STYLES).index(self.schematic.lines[i].kind),
            reverse=True,
        )
        for casing in (True, False):
            for i in order:
                self._line(canvas, self.schematic.lines[i], lines[i] - origin, tile.z, casing)
        self._labels(canvas, tile, origin)
        if tile.x % 2 == 0 and tile.y % 2 == 0:  # one tile in four: said, not shouted
            _text(
                canvas,
                self.schematic.label,
                (TILE_SIZE - 78, TILE_SIZE - 6),
                scale=0.4,
                colour=WATERMARK,
                thick=1,
            )
        ok, encoded = cv2.imencode(".png", canvas, [cv2.IMWRITE_PNG_COMPRESSION, 3])
        if not ok:
            raise RuntimeError(f"PNG encoding of {tile} failed")
        return encoded.tobytes()

    def _line(
        self,
        canvas: np.ndarray,
        feature: Feature,
        shape: npt.NDArray[np.float64],
        zoom: int,
        casing: bool,
    ) -> None:
        edge, fill, base = STYLES[feature.kind]
        width = _width(base, zoom)
        if casing:
            if edge is not None:
                cv2.polylines(canvas, [_fixed(shape)], False, edge, width + 2, cv2.LINE_AA, SHIFT)
            return
        cv2.polylines(canvas, [_fixed(shape)], False, fill, width, cv2.LINE_AA, SHIFT)

    def _labels(self, canvas: np.ndarray, tile: TileId, origin: npt.NDArray[np.float64]) -> None:
        zoom = tile.z
        for place in self.schematic.places:
            if place.kind == "locality" and zoom < 14:
                continue
            scale = 0.45 + 0.12 * max(0, zoom - 12) if place.kind == "comune" else 0.45
            x, y = np.array(to_pixel(place.at.lat, place.at.lon, zoom)) - origin
            name = place.name.upper() if place.kind == "comune" else place.name
            _centred(canvas, name, x, y, scale=scale)
        for area in self.schematic.areas:
            if area.label_at is not None and area.name:
                x, y = np.array(to_pixel(area.label_at.lat, area.label_at.lon, zoom)) - origin
                _centred(canvas, area.name, x, y, scale=0.6, colour=(160, 120, 80))
        if zoom >= 15:
            for feature in self.schematic.lines:
                mid = feature.points[len(feature.points) // 2]
                x, y = np.array(to_pixel(mid.lat, mid.lon, zoom)) - origin
                _centred(canvas, feature.name, x, y - 10, scale=0.4)


def _fixed(shape: npt.NDArray[np.float64]) -> Points:
    return np.round(shape * (1 << SHIFT)).astype(np.int32)


def _text(
    canvas: np.ndarray,
    text: str,
    at: tuple[int, int],
    *,
    scale: float,
    colour: tuple[int, int, int],
    thick: int,
) -> None:
    cv2.putText(canvas, text, at, FONT, scale, colour, thick, cv2.LINE_AA)


def _centred(
    canvas: np.ndarray,
    text: str,
    x: float,
    y: float,
    *,
    scale: float,
    colour: tuple[int, int, int] = INK,
) -> None:
    """``text`` centred on (x, y) with a white halo, skipped when far off the tile."""
    (w, h), _ = cv2.getTextSize(text, FONT, scale, 1)
    if not (-w <= x <= TILE_SIZE + w and -h <= y <= TILE_SIZE + h):
        return
    at = (round(x - w / 2), round(y + h / 2))
    _text(canvas, text, at, scale=scale, colour=HALO, thick=4)
    _text(canvas, text, at, scale=scale, colour=colour, thick=1)


def tiles_of(schematic: Schematic) -> Iterator[TileId]:
    """Every tile of the schematic's bounds, zoom by zoom."""
    west, south, east, north = schematic.bounds
    for zoom in range(schematic.min_zoom, schematic.max_zoom + 1):
        left, top = to_pixel(north, west, zoom)
        right, bottom = to_pixel(south, east, zoom)
        yield from tiles_covering(left, top, right, bottom, zoom)


def render_mbtiles(schematic: Schematic, path: Path) -> int:
    """Draw every tile into a new MBTiles file at ``path``; returns the tile count."""
    renderer = TileRenderer(schematic)
    west, south, east, north = schematic.bounds
    metadata = {
        "name": schematic.name,
        "description": "schematico: disegno approssimato, non cartografico",
        "attribution": schematic.attribution,
        "format": "png",
        "type": "baselayer",
        "bounds": f"{west},{south},{east},{north}",
        "center": f"{(west + east) / 2},{(south + north) / 2},{schematic.min_zoom + 3}",
        "occhio_schematic": f"{schematic.digest}-{RENDERER_VERSION}",
    }
    return write_mbtiles(path, ((t, renderer.render(t)) for t in tiles_of(schematic)), metadata)


def ensure_schematic(schematic: Schematic, cache_dir: Path) -> Path:
    """The rendered MBTiles of ``schematic`` in ``cache_dir``, drawn now if not there yet."""
    path = cache_dir / f"schematico-{schematic.digest}-r{RENDERER_VERSION}.mbtiles"
    if path.is_file():
        return path
    started = time.monotonic()
    count = render_mbtiles(schematic, path)
    logger.info(
        "schematic basemap drawn: %d tiles in %.1f s -> %s", count, time.monotonic() - started, path
    )
    for old in cache_dir.glob("schematico-*.mbtiles"):
        if old != path:
            old.unlink(missing_ok=True)
    return path
