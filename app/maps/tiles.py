"""Tile sources: what every kind of map file answers, and how a tile can fail.

A source opens a map (MBTiles, PMTiles, a folder of tiles, a tile server)
and hands out the encoded image of a tile by zoom/column/row. ``fetch``
wraps every source the same way: the tile must exist in the pyramid and in
the source's zoom levels, its bytes are bounded in size and must look like
an image, and whatever goes wrong comes back as a ``TileProblem`` with a
sentence for the log instead of an exception, so one bad tile never stops
the others. A missing tile can be stood in for by its parent, drawn larger
(``fetch_or_parent``): the map shows what it can.
"""

from __future__ import annotations

import abc
import enum
import logging
from dataclasses import dataclass

from app.maps.mercator import TileId, valid_tile

logger = logging.getLogger("app.maps")

MAX_TILE_BYTES = 2 * 1024 * 1024
"""A 256-pixel raster tile is 5-60 KiB; anything past 2 MiB is not a tile."""
PARENT_LEVELS = 4
"""How many zoom levels up a missing tile is stood in for by its ancestor."""


class TileProblem(enum.StrEnum):
    """Why a tile has no picture."""

    MISSING = "missing"  # the source has no tile there (outside its coverage)
    NO_ZOOM = "no_zoom"  # the source has no tiles at that zoom level
    NOT_IMAGE = "not_image"  # the stored bytes are not a PNG, JPEG or WebP picture
    TOO_LARGE = "too_large"
    CORRUPT = "corrupt"  # the file is damaged where the tile should be
    UNAVAILABLE = "unavailable"  # a tile server did not answer in time, or refused
    OUTSIDE = "outside"  # not a tile of the Web-Mercator pyramid


class SourceError(Exception):
    """A map that cannot be opened at all: where, and why (English, for the log)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(where, message)
        self.where, self.message = where, message

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class TileReadError(Exception):
    """One tile that could not be read (raised by ``TileSource.read``)."""

    def __init__(self, problem: TileProblem, detail: str) -> None:
        super().__init__(problem, detail)
        self.problem, self.detail = problem, detail


@dataclass(frozen=True)
class TileResult:
    """The outcome of one fetch.

    ``tile`` is the tile asked for, ``drawn`` the one whose picture ``data``
    is (an ancestor when the tile itself was missing).
    """

    tile: TileId
    data: bytes | None = None
    problem: TileProblem | None = None
    detail: str = ""
    drawn: TileId | None = None

    @property
    def ok(self) -> bool:
        """True when there is a picture to draw."""
        return self.data is not None


def image_kind(data: bytes) -> str | None:
    """ "png", "jpeg" or "webp" from the first bytes, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


class TileSource(abc.ABC):
    """A map's tiles. Subclasses set the attributes and implement ``read``.

    Attributes:
        name: short name (file name) used in logs and menus.
        label: what the operator reads (the map's own name, or the file's).
        attribution: credit the map requires, shown in a corner.
        min_zoom, max_zoom: the zoom levels the source has.
        zooms: the levels that really have tiles, when the source can tell.
        bounds: (west, south, east, north) covered, when known.
        warnings: problems found on opening that still let it show something.
    """

    name: str = ""
    label: str = ""
    attribution: str = ""
    min_zoom: int = 0
    max_zoom: int = 22
    zooms: frozenset[int] | None = None
    bounds: tuple[float, float, float, float] | None = None

    def __init__(self) -> None:
        self.warnings: list[str] = []

    @abc.abstractmethod
    def read(self, tile: TileId) -> bytes | None:
        """The stored bytes of ``tile``, None when the source has none.

        Raises:
            TileReadError: the tile is there but cannot be read.
        """

    def close(self) -> None:  # noqa: B027 - most sources hold nothing to close
        """Release files and connections."""

    def __enter__(self) -> TileSource:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def has_zoom(self, zoom: int) -> bool:
        """True when tiles may exist at ``zoom``."""
        if self.zooms is not None:
            return zoom in self.zooms
        return self.min_zoom <= zoom <= self.max_zoom

    def fetch(self, tile: TileId) -> TileResult:
        """``tile``'s picture bytes, or the reason there are none (never raises)."""
        if not valid_tile(tile):
            return TileResult(tile, problem=TileProblem.OUTSIDE, detail=f"{tile} is not a tile")
        if not self.has_zoom(tile.z):
            detail = f"{self.name} has no zoom level {tile.z}"
            return TileResult(tile, problem=TileProblem.NO_ZOOM, detail=detail)
        try:
            data = self.read(tile)
        except TileReadError as err:
            return TileResult(tile, problem=err.problem, detail=f"{self.name} {tile}: {err.detail}")
        except Exception as exc:  # a damaged file can fail anywhere in a reader
            logger.debug("%s: reading %s failed", self.name, tile, exc_info=True)
            detail = f"{self.name} {tile}: {type(exc).__name__}: {exc}"
            return TileResult(tile, problem=TileProblem.CORRUPT, detail=detail)
        return _checked(self.name, tile, data)

    def fetch_or_parent(self, tile: TileId, levels: int = PARENT_LEVELS) -> TileResult:
        """Like ``fetch``, standing in the nearest ancestor with a picture for a missing tile."""
        first = self.fetch(tile)
        if first.ok or first.problem not in (TileProblem.MISSING, TileProblem.NO_ZOOM):
            return first
        parent = tile
        for _ in range(min(levels, tile.z)):
            parent = TileId(parent.z - 1, parent.x // 2, parent.y // 2)
            if parent.z < self.min_zoom:
                break
            found = self.fetch(parent)
            if found.ok:
                return TileResult(tile, found.data, first.problem, first.detail, parent)
        return first


def _checked(name: str, tile: TileId, data: bytes | None) -> TileResult:
    if data is None:
        return TileResult(tile, problem=TileProblem.MISSING, detail=f"{name} has no tile {tile}")
    if len(data) > MAX_TILE_BYTES:
        detail = f"{name} {tile}: {len(data)} bytes, more than {MAX_TILE_BYTES}"
        return TileResult(tile, problem=TileProblem.TOO_LARGE, detail=detail)
    if image_kind(data) is None:
        detail = f"{name} {tile}: not a PNG, JPEG or WebP picture ({data[:8]!r})"
        return TileResult(tile, problem=TileProblem.NOT_IMAGE, detail=detail)
    return TileResult(tile, data=bytes(data), drawn=tile)
