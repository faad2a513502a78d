"""Tiles from a tile server (XYZ URL template or WMS), kept in an on-disk cache.

For installations whose network has a map server (the Regione's WMS, a
local tile server). Only http and https URLs are accepted. Each request is
bounded in time (a deadline over the whole answer, not only each socket
read) and in size; the answer must be a picture before it is cached. A
cached tile is served without asking again, so the map keeps working when
the server is down or the station is cut off.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from app.config import atomic
from app.maps.mercator import EARTH_RADIUS_M, TILE_SIZE, TileId
from app.maps.tiles import (
    MAX_TILE_BYTES,
    SourceError,
    TileProblem,
    TileReadError,
    TileSource,
    image_kind,
)

logger = logging.getLogger("app.maps")

DEFAULT_TIMEOUT_S = 5.0
CHUNK = 16 * 1024
_HALF_WORLD = 3.141592653589793 * EARTH_RADIUS_M


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are refused: tiles come only from the host the installer configured."""

    def redirect_request(self, *_args: object, **_kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def is_wms(url: str) -> bool:
    """True for a WMS GetMap URL (``service=WMS`` in the query)."""
    return "service=wms" in urlsplit(url).query.lower()


def wms_bbox(tile: TileId) -> tuple[float, float, float, float]:
    """The tile's (minx, miny, maxx, maxy) in EPSG:3857 metres."""
    size = _HALF_WORLD * 2 / 2**tile.z
    minx = -_HALF_WORLD + tile.x * size
    maxy = _HALF_WORLD - tile.y * size
    return minx, maxy - size, minx + size, maxy


def tile_url(template: str, tile: TileId) -> str:
    """The URL of ``tile``: ``{z}/{x}/{y}`` filled in, or WMS parameters appended."""
    if is_wms(template):
        minx, miny, maxx, maxy = wms_bbox(tile)
        sep = "&" if "?" in template else "?"
        extra = (
            f"REQUEST=GetMap&WIDTH={TILE_SIZE}&HEIGHT={TILE_SIZE}&SRS=EPSG:3857&CRS=EPSG:3857"
            f"&BBOX={minx:.3f},{miny:.3f},{maxx:.3f},{maxy:.3f}"
        )
        return f"{template}{sep}{extra}"
    return (
        template.replace("{z}", str(tile.z)).replace("{x}", str(tile.x)).replace("{y}", str(tile.y))
    )


class UrlSource(TileSource):
    """Tiles from a server, cached in ``cache_dir``."""

    def __init__(
        self,
        template: str,
        cache_dir: Path,
        *,
        name: str = "",
        timeout: float = DEFAULT_TIMEOUT_S,
        max_zoom: int = 19,
    ) -> None:
        super().__init__()
        parts = urlsplit(template)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SourceError(template, "only http:// and https:// tile servers are supported")
        if not is_wms(template) and not all(k in template for k in ("{z}", "{x}", "{y}")):
            raise SourceError(template, "the URL needs {z}, {x} and {y}, or service=WMS")
        self.template, self.cache_dir, self.timeout = template, Path(cache_dir), timeout
        self.name = name or parts.hostname
        self.label = self.name
        self.max_zoom = max_zoom

    def _cached(self, tile: TileId) -> Path:
        return self.cache_dir / str(tile.z) / str(tile.x) / f"{tile.y}.tile"

    def read(self, tile: TileId) -> bytes | None:
        """The cached tile, else the server's answer (then cached)."""
        path = self._cached(tile)
        try:
            with path.open("rb") as file:
                return file.read(MAX_TILE_BYTES + 1)
        except FileNotFoundError:
            pass
        except OSError as err:
            logger.warning("tile cache %s unreadable: %s", path, err)
        data = self._download(tile_url(self.template, tile))
        if data is not None and image_kind(data) is not None and len(data) <= MAX_TILE_BYTES:
            try:
                atomic.write_bytes(path, data)
            except OSError as err:
                logger.warning("tile not cached at %s: %s", path, err)
        return data

    def _download(self, url: str) -> bytes | None:
        deadline = time.monotonic() + self.timeout
        request = urllib.request.Request(url, headers={"User-Agent": "Occhio"})
        try:
            with _OPENER.open(request, timeout=self.timeout) as answer:
                length = answer.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > MAX_TILE_BYTES:
                    raise TileReadError(TileProblem.TOO_LARGE, f"{length} bytes announced")
                chunks: list[bytes] = []
                total = 0
                while total <= MAX_TILE_BYTES:
                    if time.monotonic() > deadline:
                        raise TileReadError(TileProblem.UNAVAILABLE, "answer too slow")
                    chunk = answer.read1(CHUNK)  # what has arrived: a drip cannot hold it
                    if not chunk:
                        break
                    chunks.append(chunk)
                    total += len(chunk)
                return b"".join(chunks)
        except urllib.error.HTTPError as err:
            if err.code == 404:
                return None
            raise TileReadError(TileProblem.UNAVAILABLE, f"HTTP {err.code}") from None
        except (urllib.error.URLError, OSError) as err:
            raise TileReadError(TileProblem.UNAVAILABLE, f"{type(err).__name__}: {err}") from None
