"""A map in a wall tile, as a layout saves it: ``map:<lat>,<lon>,<zoom>,<layers>``.

A layout lists what each tile shows as a string (a camera id, or nothing);
a map tile is the string ``map:44.315000,9.324000,15.50,basemap+cameras+cones``,
so layouts keep it with no change to their format, and a wall that does
not know maps shows the tile as empty. ``decode`` accepts only what
``encode`` writes (bounded, numbers in range): a hand-edited layout with a
bad map string shows the tile empty, it does not fail.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from app.maps.mercator import in_range
from app.maps.model import ALL_LAYERS, Layer
from app.maps.view import MAX_ZOOM, MIN_ZOOM, ViewState

PREFIX = "map:"
MAX_TEXT = 120


def is_map_tile(tile: str | None) -> bool:
    """True when a layout's tile entry is a map."""
    return tile is not None and tile.startswith(PREFIX)


def encode(state: ViewState, layers: Iterable[Layer] = ALL_LAYERS) -> str:
    """The layout string of a map looking at ``state`` with ``layers`` on."""
    names = "+".join(sorted(str(layer) for layer in layers))
    return f"{PREFIX}{state.lat:.6f},{state.lon:.6f},{state.zoom:.2f},{names}"


def decode(text: str) -> tuple[ViewState, frozenset[Layer]] | None:
    """The view and layers of a map tile string, or None when it is not a valid one."""
    if not is_map_tile(text) or len(text) > MAX_TEXT:
        return None
    parts = text[len(PREFIX) :].split(",")
    if len(parts) != 4:
        return None
    try:
        lat, lon, zoom = (float(p) for p in parts[:3])
    except ValueError:
        return None
    if not (in_range(lat, lon) and math.isfinite(zoom) and MIN_ZOOM <= zoom <= MAX_ZOOM):
        return None
    known = {str(layer): layer for layer in Layer}
    layers = frozenset(known[name] for name in parts[3].split("+") if name in known)
    return ViewState(lat, lon, zoom), layers
