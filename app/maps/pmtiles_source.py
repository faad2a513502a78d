"""Raster PMTiles: one file of tiles with a directory, read with the ``pmtiles`` library.

The header is checked against the file's size on opening: a truncated
archive still opens (its first tiles may be whole) with a warning, and the
tiles past its end come back as corrupt. Vector archives are refused: the
map draws pictures, not vector data.
"""

from __future__ import annotations

import gzip
import io
import mmap
import threading
from pathlib import Path
from typing import BinaryIO

from pmtiles.reader import Reader
from pmtiles.tile import Compression, TileType

from app.maps.mercator import TileId
from app.maps.tiles import MAX_TILE_BYTES, SourceError, TileProblem, TileReadError, TileSource

RASTER_TYPES = {TileType.PNG, TileType.JPEG, TileType.WEBP}


class PMTilesSource(TileSource):
    """Tiles from a PMTiles (version 3) archive."""

    def __init__(self, path: Path | str) -> None:
        super().__init__()
        self.path = Path(path)
        self.name = self.label = self.path.name
        self._lock = threading.Lock()
        try:
            self._file: BinaryIO = self.path.open("rb")
        except OSError as err:
            raise SourceError(str(self.path), f"cannot open: {err}") from err
        try:
            self._open()
        except SourceError:
            if hasattr(self, "_map"):
                self._map.close()
            self._file.close()
            raise
        except Exception as err:  # the library raises its own and plain errors on bad files
            if hasattr(self, "_map"):
                self._map.close()
            self._file.close()
            raise SourceError(str(self.path), f"not a PMTiles archive: {err!r}") from err

    def _open(self) -> None:
        size = self.path.stat().st_size
        if size < 127:
            raise SourceError(str(self.path), f"{size} bytes: too short for a PMTiles header")
        self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
        self._reader = Reader(self._bytes)
        header = self._reader.header()
        if header["tile_type"] not in RASTER_TYPES:
            raise SourceError(str(self.path), f"tile type {header['tile_type'].name} is not raster")
        self._compression = header["tile_compression"]
        self.min_zoom, self.max_zoom = int(header["min_zoom"]), int(header["max_zoom"])
        self.bounds = (
            header["min_lon_e7"] / 1e7,
            header["min_lat_e7"] / 1e7,
            header["max_lon_e7"] / 1e7,
            header["max_lat_e7"] / 1e7,
        )
        end = header["tile_data_offset"] + header["tile_data_length"]
        if end > size:
            self.warnings.append(f"{self.name}: truncated ({size} of {end} bytes)")
        try:
            meta = self._reader.metadata()
        except Exception as err:  # damaged metadata: the tiles may still be readable
            self.warnings.append(f"{self.name}: metadata unreadable: {err!r}")
            meta = {}
        if isinstance(meta, dict):
            self.label = str(meta.get("name") or self.name)[:120]
            self.attribution = str(meta.get("attribution") or "")[:200]

    def _bytes(self, offset: int, length: int) -> bytes:
        """What the reader asks for; past the end of a truncated file, an error."""
        if length > MAX_TILE_BYTES * 8:
            raise TileReadError(TileProblem.CORRUPT, f"{length}-byte read asked for")
        data = self._map[offset : offset + length]
        if len(data) < length:
            raise TileReadError(TileProblem.CORRUPT, f"file ends before byte {offset + length}")
        return data

    def read(self, tile: TileId) -> bytes | None:
        """The tile's bytes (decompressed), None when the archive has none."""
        with self._lock:
            data = self._reader.get(tile.z, tile.x, tile.y)
        if data is None:
            return None
        if self._compression == Compression.GZIP:
            data = _gunzip(data)
        elif self._compression not in (Compression.NONE, Compression.UNKNOWN):
            raise TileReadError(TileProblem.CORRUPT, f"unsupported compression {self._compression}")
        return bytes(data)

    def close(self) -> None:
        """Close the archive."""
        with self._lock:
            self._map.close()
            self._file.close()


def _gunzip(data: bytes) -> bytes:
    """Decompress at most ``MAX_TILE_BYTES`` (a gzip bomb stops there)."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
        out = stream.read(MAX_TILE_BYTES + 1)
    return out
