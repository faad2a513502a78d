"""Map tiles for the Qt map: loaded and decoded off the GUI thread, kept in an LRU cache.

``TileStore`` puts a ``TileLoader`` (worker threads) in front of one tile
source: the workers decode each tile into a QImage (allowed off the GUI
thread), a queued signal brings it to the GUI thread, where it becomes a
QPixmap in the cache and the view repaints. Tiles that failed are
remembered with their problem, so the view can say what is missing
instead of asking again on every repaint.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QObject, QPoint, QRectF, Signal
from PySide6.QtGui import QImage, QPainter, QPixmap

from app.maps.loader import Loaded, LruCache, TileLoader
from app.maps.mercator import TILE_SIZE, TileId
from app.maps.tiles import TileProblem, TileSource
from app.maps.view import MapView

logger = logging.getLogger("app.ui")

CACHE_TILES = 512  # about 32 MiB of 256x256 pixmaps: four screens of tiles
PROBLEMS_KEPT = 4096
FULL_TILE = (0.0, 0.0, 256.0, 256.0)


@dataclass(frozen=True)
class Shown:
    """What to draw for a tile: a pixmap and the part of it that is the tile."""

    pixmap: QPixmap
    source_rect: tuple[float, float, float, float]  # x, y, w, h within the pixmap


def decode(data: bytes) -> QImage | None:
    """The tile's picture, or None when the bytes do not decode (runs on a worker)."""
    image = QImage.fromData(data)
    if image.isNull():
        return None
    return image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)


class TileStore(QObject):
    """Tiles of one source for the views that show it.

    Signals:
        arrived(): new tiles are in the cache (repaint).
    """

    arrived = Signal()
    _delivered = Signal(object)

    def __init__(self, source: TileSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.source = source
        self.cache: LruCache[TileId, Shown] = LruCache(CACHE_TILES)
        self.problems: LruCache[TileId, TileProblem] = LruCache(PROBLEMS_KEPT)
        self._delivered.connect(self._on_delivered)
        self._loader: TileLoader[QImage] | None = TileLoader(source, decode, self._from_worker)
        self.loaded_count = 0

    def _from_worker(self, loaded: Loaded[QImage]) -> None:
        try:
            self._delivered.emit(loaded)  # queued: emitted from a worker thread
        except RuntimeError:
            logger.debug("map tile arrived after its store was deleted")

    def _on_delivered(self, loaded: Loaded[QImage]) -> None:
        result = loaded.result
        if loaded.picture is None:
            self.problems.put(result.tile, result.problem or TileProblem.MISSING)
            if result.problem not in (TileProblem.MISSING, TileProblem.NO_ZOOM):
                logger.warning("map tile not shown: %s", result.detail)
        else:
            drawn = result.drawn or result.tile
            self.cache.put(
                result.tile, Shown(QPixmap.fromImage(loaded.picture), _part(result.tile, drawn))
            )
            if drawn != result.tile:
                self.problems.put(result.tile, result.problem or TileProblem.MISSING)
        self.loaded_count += 1
        self.arrived.emit()

    def get(self, tile: TileId) -> Shown | None:
        """The tile's picture if loaded (or a parent's part standing in)."""
        return self.cache.get(tile)

    def request(self, tiles: list[TileId]) -> int:
        """Load the tiles not yet known, nearest first; returns how many were asked for."""
        wanted = [t for t in tiles if t not in self.cache and t not in self.problems]
        if self._loader is not None:
            self._loader.request(wanted)
        return len(wanted)

    @property
    def pending(self) -> int:
        """Tiles still being loaded."""
        return 0 if self._loader is None else self._loader.pending

    def close(self) -> None:
        """Stop the workers and close the source."""
        if self._loader is not None:
            self._loader.close()
            self._loader = None
            self.source.close()


def _part(tile: TileId, drawn: TileId) -> tuple[float, float, float, float]:
    """Where ``tile`` lies inside its ancestor ``drawn``'s 256-pixel picture."""
    levels = tile.z - drawn.z
    if levels <= 0:
        return (0.0, 0.0, 256.0, 256.0)
    size = 256.0 / 2**levels
    return ((tile.x % 2**levels) * size, (tile.y % 2**levels) * size, size, size)


def draw_tiles(painter: QPainter, tiles: TileStore, view: MapView) -> None:
    """The loaded tiles under ``view``, in screen pixels (the painter untransformed).

    At a whole zoom a tile is a plain copy of its pixmap; between zooms, and
    for a parent standing in, its part is scaled into place.
    """
    zoom = view.tile_zoom(tiles.source.min_zoom, tiles.source.max_zoom)
    factor = 2.0 ** (view.zoom - zoom)
    side = TILE_SIZE * factor
    cx, cy = view.centre_pixel()
    left, top = view.size[0] / 2 - cx, view.size[1] / 2 - cy
    whole = abs(factor - 1.0) < 1e-9
    for tile in view.visible_tiles(zoom):
        shown = tiles.get(tile)
        if shown is None:
            continue
        x, y = left + tile.x * side, top + tile.y * side
        if whole and shown.source_rect == FULL_TILE:
            painter.drawPixmap(QPoint(round(x), round(y)), shown.pixmap)
        else:
            # Rounded edges: neighbouring tiles meet without a hairline gap.
            target = QRectF(
                round(x), round(y), round(x + side) - round(x), round(y + side) - round(y)
            )
            painter.drawPixmap(target, shown.pixmap, QRectF(*shown.source_rect))
