"""Which map to open: a file or folder by its kind, or a tile-server descriptor.

``open_source`` is the one place that turns what an installer gave
(``occhio map import FILE``) into a ``TileSource``: ``.mbtiles``,
``.pmtiles``, a folder of ``{z}/{x}/{y}`` tiles, or a ``.url`` file whose
first line is an XYZ or WMS URL (its tiles cached beside it).
"""

from __future__ import annotations

from pathlib import Path

from app.maps.mbtiles import MBTilesSource
from app.maps.pmtiles_source import PMTilesSource
from app.maps.remote import UrlSource
from app.maps.tilefolder import TileFolderSource
from app.maps.tiles import SourceError, TileSource

MAP_SUFFIXES = (".mbtiles", ".pmtiles", ".url")
MAX_URL_FILE = 4096


def read_url_file(path: Path) -> str:
    """The tile-server URL in a ``.url`` file (its first non-comment line)."""
    try:
        with path.open("r", encoding="utf-8", errors="replace") as file:
            text = file.read(MAX_URL_FILE)
    except OSError as err:
        raise SourceError(str(path), f"cannot read: {err}") from err
    for raw in text.splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            return line
    raise SourceError(str(path), "no URL inside")


def open_source(path: Path | str, cache_root: Path | None = None) -> TileSource:
    """The tile source of ``path`` (raises ``SourceError`` when it cannot be used)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        return TileFolderSource(path)
    if suffix == ".mbtiles":
        return MBTilesSource(path)
    if suffix == ".pmtiles":
        return PMTilesSource(path)
    if suffix == ".url":
        cache = (cache_root or path.parent) / f"{path.stem}-cache"
        return UrlSource(read_url_file(path), cache, name=path.stem)
    raise SourceError(str(path), "not a map: use .mbtiles, .pmtiles, a tile folder or a .url file")


def maps_in(folder: Path) -> list[Path]:
    """The maps installed in ``folder`` (files of a known kind and tile folders), by name."""
    if not folder.is_dir():
        return []
    found = [
        p
        for p in folder.iterdir()
        if not p.name.startswith(".")
        and ((p.is_file() and p.suffix.lower() in MAP_SUFFIXES) or _is_tile_folder(p))
    ]
    return sorted(found, key=lambda p: p.name.casefold())


def _is_tile_folder(path: Path) -> bool:
    return (
        path.is_dir()
        and not path.name.endswith("-cache")
        and any(c.is_dir() and c.name.isdigit() for c in path.iterdir())
    )
