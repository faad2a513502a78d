"""Small map files for the tests, made with the formats' own maintained writers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import cv2
import numpy as np
from pmtiles.convert import pmtiles_to_mbtiles
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write

from app.maps.mercator import TileId


def png(shade: int, size: int = 256) -> bytes:
    """A PNG tile of one grey (distinct tiles get distinct bytes)."""
    picture = np.full((size, size, 3), shade % 256, np.uint8)
    ok, encoded = cv2.imencode(".png", picture)
    assert ok
    return encoded.tobytes()


def pyramid(zooms: Iterable[int], limit: int = 4) -> dict[TileId, bytes]:
    """The first ``limit`` x ``limit`` tiles of each zoom, each a different grey."""
    tiles: dict[TileId, bytes] = {}
    for z in zooms:
        side = min(2**z, limit)
        for x in range(side):
            for y in range(side):
                tiles[TileId(z, x, y)] = png(z * 40 + x * 7 + y * 3)
    return tiles


def write_pmtiles(
    path: Path, tiles: dict[TileId, bytes], tile_type: TileType = TileType.PNG
) -> Path:
    """A PMTiles archive of ``tiles`` written with the ``pmtiles`` library's writer."""
    with write(str(path)) as writer:
        for tile in sorted(tiles, key=lambda t: zxy_to_tileid(t.z, t.x, t.y)):
            writer.write_tile(zxy_to_tileid(tile.z, tile.x, tile.y), tiles[tile])
        writer.finalize(
            {
                "tile_type": tile_type,
                "tile_compression": Compression.NONE,
                "min_lon_e7": -1800000000,
                "min_lat_e7": -850000000,
                "max_lon_e7": 1800000000,
                "max_lat_e7": 850000000,
                "center_zoom": 0,
                "center_lon_e7": 0,
                "center_lat_e7": 0,
            },
            {"name": "Prova", "attribution": "test tiles"},
        )
    return path


def write_mbtiles_with_library(path: Path, tiles: dict[TileId, bytes]) -> Path:
    """An MBTiles file of ``tiles``, written by the ``pmtiles`` library's converter."""
    archive = write_pmtiles(path.with_suffix(".source.pmtiles"), tiles)
    pmtiles_to_mbtiles(str(archive), str(path))
    return path
