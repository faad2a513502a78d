"""The installed maps: the folder ``occhio map import`` copies maps into, and the demo's.

A map is imported only once it opens and has at least one tile: a broken
file is refused with the reason before anything is copied. Files are
copied beside the target under a temporary name and renamed into place,
so the map list never shows half a file. A tile-server URL is stored as a
one-line ``.url`` file.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

from app.config import atomic
from app.maps.catalog import maps_in, open_source
from app.maps.remote import UrlSource
from app.maps.schematic import load_schematic
from app.maps.schematic_render import ensure_schematic
from app.maps.tiles import SourceError

logger = logging.getLogger("app.maps")

MAPS_FOLDER = "mappe"


class MapStore:
    """Maps installed in ``folder``; the schematic demo map rendered into ``cache``."""

    def __init__(self, folder: Path, cache: Path, schematic: Path | None = None) -> None:
        self.folder, self.cache, self.schematic_description = folder, cache, schematic
        # The map window and the map tiles may both ask for the schematic map at
        # start: one draws it, the other waits and then finds it drawn.
        self._drawing = threading.Lock()

    def installed(self) -> list[Path]:
        """The imported maps, by name."""
        return maps_in(self.folder)

    def schematic(self) -> Path | None:
        """The demo's schematic MBTiles (drawn on first use), or None without a description."""
        if self.schematic_description is None:
            return None
        with self._drawing:
            return ensure_schematic(load_schematic(self.schematic_description), self.cache)

    def import_map(self, what: str, name: str = "") -> Path:
        """Install a map file, tile folder or tile-server URL; returns where it now is.

        Raises:
            SourceError: it is not a usable map (nothing is installed).
        """
        if what.startswith(("http://", "https://")):
            return self._import_url(what, name)
        source_path = Path(what).expanduser()
        with open_source(source_path) as source:
            if source.zooms is not None and not source.zooms:
                raise SourceError(what, "the map has no tiles")
            problems = list(source.warnings)
        target = self.folder / (name + source_path.suffix if name else source_path.name)
        if target.exists():
            raise SourceError(str(target), "a map with this name is already installed")
        self.folder.mkdir(parents=True, exist_ok=True)
        temp = self.folder / f".{target.name}.{os.getpid()}.part"
        if source_path.is_dir():
            shutil.copytree(source_path, temp)
        else:
            shutil.copyfile(source_path, temp)
        os.replace(temp, target)
        for problem in problems:
            logger.warning("imported map %s: %s", target.name, problem)
        logger.info("map %s imported to %s", what, target)
        return target

    def _import_url(self, url: str, name: str) -> Path:
        UrlSource(url, self.cache)  # checks scheme, host and placeholders
        stem = name or (urlsplit(url).hostname or "server").replace(":", "_")
        target = self.folder / f"{stem}.url"
        if target.exists():
            raise SourceError(str(target), "a map with this name is already installed")
        atomic.write_text(target, f"# tile server added by occhio map import\n{url}\n")
        logger.info("tile server %s added as %s", urlsplit(url).hostname, target)
        return target
