"""MBTiles: a SQLite file of tiles (rows numbered TMS-style, from the bottom).

The reader opens the file read-only, checks that it is a database with the
``tiles`` and ``metadata`` tables, and reads the zoom levels present, so a
missing level is known before any tile is asked for. One connection is
shared by the loader threads behind a lock (reads take microseconds). The
writer builds a new file beside the target and renames it into place, so
a reader never sees half a map.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path

from app.maps.mercator import TileId, tms_row
from app.maps.tiles import SourceError, TileProblem, TileReadError, TileSource

logger = logging.getLogger("app.maps")

_TILE_QUERY = "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?"


def _open_readonly(path: Path) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=2.0)


class MBTilesSource(TileSource):
    """Tiles from an MBTiles file."""

    def __init__(self, path: Path | str) -> None:
        super().__init__()
        self.path = Path(path)
        self.name = self.path.name
        if not self.path.is_file():
            raise SourceError(str(self.path), "no such file")
        self._lock = threading.Lock()
        try:
            self._db = _open_readonly(self.path)
            self._read_header()
        except sqlite3.Error as err:
            raise SourceError(str(self.path), f"not a readable MBTiles file: {err}") from err

    def _read_header(self) -> None:
        tables = {
            row[0]
            for row in self._db.execute(
                "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
            )
        }
        if not {"tiles", "metadata"} <= tables:
            self._db.close()
            raise SourceError(str(self.path), "no 'tiles' and 'metadata' tables")
        meta = dict(self._db.execute("SELECT name, value FROM metadata").fetchall())
        self.label = str(meta.get("name") or self.name)
        self.attribution = str(meta.get("attribution") or "")
        fmt = str(meta.get("format") or "png").lower()
        if fmt in ("pbf", "mvt"):
            self._db.close()
            raise SourceError(str(self.path), "vector tiles (pbf) are not supported")
        levels = [row[0] for row in self._db.execute("SELECT DISTINCT zoom_level FROM tiles")]
        self.zooms = frozenset(int(z) for z in levels if isinstance(z, int))
        if not self.zooms:
            self.warnings.append(f"{self.name}: no tiles")
        else:
            self.min_zoom, self.max_zoom = min(self.zooms), max(self.zooms)
            gaps = sorted(set(range(self.min_zoom, self.max_zoom + 1)) - self.zooms)
            if gaps:
                self.warnings.append(f"{self.name}: no tiles at zoom {gaps}")
        self.bounds = _bounds(meta.get("bounds"))

    def read(self, tile: TileId) -> bytes | None:
        """The tile's bytes (its row flipped to TMS), None when absent."""
        try:
            with self._lock:
                row = self._db.execute(_TILE_QUERY, (tile.z, tile.x, tms_row(tile.y, tile.z)))
                row = row.fetchone()
        except sqlite3.Error as err:
            raise TileReadError(TileProblem.CORRUPT, f"database error: {err}") from err
        if row is None:
            return None
        data = row[0]
        if not isinstance(data, bytes | bytearray | memoryview):
            raise TileReadError(TileProblem.NOT_IMAGE, f"tile_data is {type(data).__name__}")
        return bytes(data)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()


def _bounds(text: object) -> tuple[float, float, float, float] | None:
    try:
        west, south, east, north = (float(v) for v in str(text).split(","))
    except ValueError:
        return None
    return west, south, east, north


def write_mbtiles(
    path: Path | str, tiles: Iterable[tuple[TileId, bytes]], metadata: dict[str, str]
) -> int:
    """Write a new MBTiles file at ``path`` atomically; returns the number of tiles.

    ``minzoom`` and ``maxzoom`` are added from the tiles when not given (readers
    such as the PMTiles converter need them).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)  # a name of our own, even with another writer at work in the same folder
    temp = Path(name)
    try:
        count = _fill(temp, tiles, metadata)
        os.replace(temp, path)
    except sqlite3.Error as err:
        raise OSError(f"cannot write the map {path}: {err}") from err
    finally:
        temp.unlink(missing_ok=True)
    logger.info("map written to %s: %d tiles", path, count)
    return count


def _fill(temp: Path, tiles: Iterable[tuple[TileId, bytes]], metadata: dict[str, str]) -> int:
    """Write tables, tiles and metadata into the new database at ``temp``."""
    count = 0
    db = sqlite3.connect(temp)
    try:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
            " tile_data BLOB)"
        )
        zooms: set[int] = set()
        for tile, data in tiles:
            db.execute(
                "INSERT INTO tiles VALUES (?, ?, ?, ?)",
                (tile.z, tile.x, tms_row(tile.y, tile.z), data),
            )
            zooms.add(tile.z)
            count += 1
        meta = dict(metadata)
        if zooms:
            meta.setdefault("minzoom", str(min(zooms)))
            meta.setdefault("maxzoom", str(max(zooms)))
        db.executemany("INSERT INTO metadata VALUES (?, ?)", sorted(meta.items()))
        db.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
        db.commit()
    finally:
        db.close()
    return count
