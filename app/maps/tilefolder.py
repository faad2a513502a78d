"""A folder of tiles laid out ``{z}/{x}/{y}.png`` (or .jpg, .jpeg, .webp), XYZ rows.

The layout most tile exporters and downloaders write. Each file is read
only up to the tile size limit, so a stray large file cannot take memory.
"""

from __future__ import annotations

from pathlib import Path

from app.maps.mercator import TileId
from app.maps.tiles import MAX_TILE_BYTES, SourceError, TileProblem, TileReadError, TileSource

SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")


class TileFolderSource(TileSource):
    """Tiles from a folder of zoom sub-folders."""

    def __init__(self, root: Path | str) -> None:
        super().__init__()
        self.root = Path(root)
        self.name = self.root.name
        self.label = self.root.name
        if not self.root.is_dir():
            raise SourceError(str(self.root), "no such folder")
        self.zooms = frozenset(
            int(p.name) for p in self.root.iterdir() if p.is_dir() and p.name.isdigit()
        )
        if not self.zooms:
            raise SourceError(str(self.root), "no zoom folders (0, 1, 2...) inside")
        self.min_zoom, self.max_zoom = min(self.zooms), max(self.zooms)
        attribution = self.root / "attribution.txt"
        if attribution.is_file():
            self.attribution = attribution.read_text(encoding="utf-8", errors="replace")[:200]

    def read(self, tile: TileId) -> bytes | None:
        """The tile file's bytes, None when there is no file."""
        base = self.root / str(tile.z) / str(tile.x) / str(tile.y)
        for suffix in SUFFIXES:
            path = base.with_suffix(suffix)
            try:
                with path.open("rb") as file:
                    data = file.read(MAX_TILE_BYTES + 1)
            except FileNotFoundError:
                continue
            except OSError as err:
                raise TileReadError(TileProblem.CORRUPT, f"{path}: {err}") from err
            return data
        return None
