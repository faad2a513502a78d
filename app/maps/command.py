"""``occhio map import FILE`` and ``occhio map list``: the installer's map commands.

Occhio ships no third-party map data. An installer brings a map of the
territory (an MBTiles or PMTiles export, a folder of XYZ tiles, or the URL
of the Regione's tile or WMS server) and imports it once; every wall of the
station then offers it. Exit status 0 on success, 1 with the reason.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from app.config import paths
from app.maps.catalog import open_source
from app.maps.store import MAPS_FOLDER, MapStore
from app.maps.tiles import SourceError


def add_map_commands(sub: Any) -> None:
    """Add ``map`` (with ``import`` and ``list``) to the CLI's subparsers."""
    parser = sub.add_parser("map", help="install maps for the map window (import, list)")
    actions = parser.add_subparsers(dest="map_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "import", help="install an MBTiles or PMTiles file, an XYZ tile folder, or a tile URL"
    )
    add.add_argument("what", metavar="FILE|FOLDER|URL")
    add.add_argument("--name", default="", help="name to install it under")
    actions.add_parser("list", help="list the installed maps")


def default_store(schematic: Path | None = None) -> MapStore:
    """The station's map folder (in the data folder) and the map cache."""
    return MapStore(paths.data_dir() / MAPS_FOLDER, paths.cache_dir() / "mappe", schematic)


def run_map(args: argparse.Namespace, store: MapStore | None = None) -> int:
    """Run ``occhio map ACTION``; returns the exit status."""
    store = store or default_store()
    if args.map_command == "import":
        try:
            target = store.import_map(args.what, args.name)
        except (SourceError, OSError) as err:
            print(f"occhio map import: mappa non importata / not imported: {err}", file=sys.stderr)
            return 1
        print(f"Mappa importata / map imported: {target}")
        return 0
    installed = store.installed()
    if not installed:
        print(f"Nessuna mappa installata in / no maps in {store.folder}")
    for path in installed:
        print(_describe(path, store))
    return 0


def _describe(path: Path, store: MapStore) -> str:
    try:
        with open_source(path, store.cache) as source:
            zooms = f"zoom {source.min_zoom}-{source.max_zoom}"
            warnings = "; ".join(source.warnings)
            return f"{path.name}: {source.label} ({zooms}){'  ! ' + warnings if warnings else ''}"
    except SourceError as err:
        return f"{path.name}: non utilizzabile / unusable: {err.message}"
