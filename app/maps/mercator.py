"""Web-Mercator ("slippy map") maths: degrees <-> world pixels <-> tiles.

The world at zoom ``z`` is a square of ``256 * 2**z`` pixels, x growing
east from longitude -180 and y growing south from latitude +85.0511
(where the projection is cut to make the square). Tiles are 256 pixels,
numbered XYZ-style (row 0 at the top); MBTiles number rows TMS-style
(row 0 at the bottom), hence ``tms_row``. Zoom may be fractional in pixel
maths (a smooth zoom); tiles exist only at whole zooms.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

TILE_SIZE = 256
MAX_LATITUDE = math.degrees(math.atan(math.sinh(math.pi)))  # 85.0511287798...
EARTH_RADIUS_M = 6378137.0  # the sphere of EPSG:3857
MAX_ZOOM = 24


class OutsideMercatorError(ValueError):
    """A coordinate the projection cannot show (polar, or not a number)."""


@dataclass(frozen=True)
class LatLon:
    """A point in degrees (WGS84)."""

    lat: float
    lon: float


@dataclass(frozen=True, order=True)
class TileId:
    """One tile: zoom, column, XYZ row."""

    z: int
    x: int
    y: int


def in_range(lat: float, lon: float) -> bool:
    """True when the point can be projected (finite, |lat| <= 85.0511, |lon| <= 180)."""
    return (
        math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= MAX_LATITUDE and abs(lon) <= 180.0
    )


def world_size(zoom: float) -> float:
    """Width (= height) of the whole world in pixels at ``zoom``."""
    return TILE_SIZE * 2.0**zoom


def to_pixel(lat: float, lon: float, zoom: float) -> tuple[float, float]:
    """World pixel of a point at ``zoom``.

    Raises:
        OutsideMercatorError: the point is not ``in_range``.
    """
    if not in_range(lat, lon):
        raise OutsideMercatorError(f"({lat}, {lon}) is outside the Web-Mercator range")
    size = world_size(zoom)
    x = (lon + 180.0) / 360.0 * size
    sin_lat = math.sin(math.radians(lat))
    y = (0.5 - math.log((1 + sin_lat) / (1 - sin_lat)) / (4 * math.pi)) * size
    return x, y


def to_latlon(x: float, y: float, zoom: float) -> LatLon:
    """The point at world pixel (x, y); pixels outside the world are clamped to it."""
    size = world_size(zoom)
    x = min(max(x, 0.0), size)
    y = min(max(y, 0.0), size)
    lon = x / size * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / size))))
    return LatLon(lat, lon)


def clamp(lat: float, lon: float) -> LatLon:
    """The nearest point the projection can show (NaN becomes 0)."""
    lat = 0.0 if not math.isfinite(lat) else lat
    lon = 0.0 if not math.isfinite(lon) else lon
    return LatLon(max(-MAX_LATITUDE, min(MAX_LATITUDE, lat)), max(-180.0, min(180.0, lon)))


def tile_of(lat: float, lon: float, zoom: int) -> TileId:
    """The tile holding a point (the east and south edges belong to the last tile)."""
    x, y = to_pixel(lat, lon, zoom)
    last = 2**zoom - 1
    return TileId(zoom, min(int(x // TILE_SIZE), last), min(int(y // TILE_SIZE), last))


def tile_corner(tile: TileId) -> LatLon:
    """The north-west corner of a tile."""
    return to_latlon(tile.x * TILE_SIZE, tile.y * TILE_SIZE, tile.z)


def tile_bounds(tile: TileId) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a tile in degrees."""
    nw = tile_corner(tile)
    se = to_latlon((tile.x + 1) * TILE_SIZE, (tile.y + 1) * TILE_SIZE, tile.z)
    return nw.lon, se.lat, se.lon, nw.lat


def tms_row(y: int, zoom: int) -> int:
    """The TMS row (0 at the bottom, as MBTiles store it) of XYZ row ``y``; its own inverse."""
    return (1 << zoom) - 1 - y


def valid_tile(tile: TileId) -> bool:
    """True when the tile exists in the pyramid."""
    return 0 <= tile.z <= MAX_ZOOM and 0 <= tile.x < 2**tile.z and 0 <= tile.y < 2**tile.z


def to_metres(lat: float, lon: float) -> tuple[float, float]:
    """EPSG:3857 coordinates (metres east and north) of a point."""
    x, y = to_pixel(lat, lon, 0)
    half = math.pi * EARTH_RADIUS_M
    return x / TILE_SIZE * 2 * half - half, half - y / TILE_SIZE * 2 * half


def metres_per_pixel(lat: float, zoom: float) -> float:
    """Ground distance of one pixel at latitude ``lat`` (the scale bar's unit)."""
    circumference = 2 * math.pi * EARTH_RADIUS_M
    return circumference * math.cos(math.radians(lat)) / world_size(zoom)


def tiles_covering(left: float, top: float, right: float, bottom: float, zoom: int) -> list[TileId]:
    """Tiles at ``zoom`` under a rectangle of world pixels, centre-out order is the caller's."""
    last = 2**zoom - 1
    x0, x1 = max(0, int(left // TILE_SIZE)), min(last, int(right // TILE_SIZE))
    y0, y1 = max(0, int(top // TILE_SIZE)), min(last, int(bottom // TILE_SIZE))
    return [TileId(zoom, x, y) for y in range(y0, y1 + 1) for x in range(x0, x1 + 1)]
