"""Layout files: JSON with ``schema_version``, read into ``WallLayout``.

Format (version 1)::

    {"schema_version": 1, "name": "Centro",
     "screens": [{"grid": "3x3", "tiles": ["chiavari-01", null, ...]}, ...]}

Version 0 files held one screen as ``{"grid": ..., "cameras": [...]}`` and are
migrated when read. Every problem raises ``LayoutFileError`` naming the file
and either the line and column (JSON syntax) or the key and what is wrong; the
file itself is never modified by reading it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.config import atomic
from app.config.tomlread import long_integer_error, shown
from app.core.grid import PRESETS
from app.core.layout import WallLayout
from app.core.tour import DEFAULT_DWELL_S, Tour
from app.core.wall import MAX_TILES, ScreenLayout

SCHEMA_VERSION = 1


class LayoutFileError(Exception):
    """A layout file that cannot be used: which file, which key, what is wrong."""

    def __init__(self, path: Path | str, key: str, message: str) -> None:
        super().__init__(path, key, message)
        self.path = Path(path)
        self.key = key
        self.message = message

    def __str__(self) -> str:
        if self.key:
            return f"{self.path}: {self.key}: {self.message}"
        return f"{self.path}: {self.message}"


def _migrate_0_to_1(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0: a single screen, ``{"grid": ..., "cameras": [...]}``."""
    screen = {"grid": data.get("grid", "3x3"), "tiles": data.get("cameras", [])}
    return {"name": data.get("name", ""), "screens": [screen]}


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _migrate_0_to_1}
"""Migration from version N to N+1."""


def read_layout(path: Path | str, name: str | None = None) -> WallLayout:
    """Read the layout file at ``path``; ``name`` overrides the stored one.

    Raises:
        LayoutFileError: unreadable file, JSON syntax error or invalid content.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise LayoutFileError(path, "", f"cannot read the file: {err}") from err
    return parse_layout(text, path, name)


def parse_layout(text: str, path: Path | str = "<layout>", name: str | None = None) -> WallLayout:
    """Validate layout JSON ``text``; ``path`` is used in messages and for the default name."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        message = f"JSON syntax error at line {err.lineno}, column {err.colno}: {err.msg}"
        raise LayoutFileError(path, "", message) from err
    except RecursionError as err:
        raise LayoutFileError(path, "", "JSON nested too deeply") from err
    except ValueError:  # an integer longer than Python converts (not a JSONDecodeError)
        problem = long_integer_error(text, json.loads)
        raise LayoutFileError(path, problem.key, problem.message) from None
    return layout_from_dict(data, path, name)


def layout_from_dict(
    data: Any, path: Path | str = "<layout>", name: str | None = None
) -> WallLayout:
    """Build a ``WallLayout`` from parsed JSON (migrated first)."""

    def fail(key: str, message: str) -> LayoutFileError:
        return LayoutFileError(path, key, message)

    if not isinstance(data, dict):
        raise fail("", f"expected a JSON object, got {_json_type(data)}")
    data = _upgrade(dict(data), fail)
    stored = data.get("name", "")
    if not isinstance(stored, str):
        raise fail("name", f"expected a string, got {_json_type(stored)}")
    screens = data.get("screens")
    if not isinstance(screens, list) or not screens:
        raise fail("screens", "expected a non-empty list of screens")
    parsed = tuple(_screen(item, f"screens[{i}]", fail) for i, item in enumerate(screens))
    return WallLayout(name or stored or Path(path).stem, parsed)


def _upgrade(data: dict[str, Any], fail: Callable[[str, str], LayoutFileError]) -> dict[str, Any]:
    version = data.pop("schema_version", 0)
    if type(version) is not int or version < 0:
        raise fail("schema_version", f"expected a version number, got {shown(version)}")
    if version > SCHEMA_VERSION:
        raise fail(
            "schema_version",
            f"version {shown(version)} is newer than this program ({SCHEMA_VERSION})",
        )
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
    return data


def _screen(item: Any, key: str, fail: Callable[[str, str], LayoutFileError]) -> ScreenLayout:
    if not isinstance(item, dict):
        raise fail(key, f"expected an object, got {_json_type(item)}")
    grid = item.get("grid")
    if not isinstance(grid, str):
        raise fail(f"{key}.grid", f"expected a grid name, got {_json_type(grid)}")
    if grid not in PRESETS:
        raise fail(f"{key}.grid", f"unknown grid {shown(grid)} (known: {', '.join(PRESETS)})")
    tiles = item.get("tiles", [])
    if not isinstance(tiles, list):
        raise fail(f"{key}.tiles", f"expected a list, got {_json_type(tiles)}")
    if len(tiles) > MAX_TILES:
        raise fail(f"{key}.tiles", f"{len(tiles)} tiles, at most {MAX_TILES} allowed")
    for index, tile in enumerate(tiles):
        if tile is not None and (not isinstance(tile, str) or not tile):
            message = f"expected a camera id or null, got {shown(tile)}"
            raise fail(f"{key}.tiles[{index}]", message)
    tours = _tours(item.get("tours", []), key, fail)
    return ScreenLayout(grid, tuple(tiles), tours, _screen_tour(item, grid, key, fail))


def _screen_tour(
    item: dict[str, Any], grid: str, key: str, fail: Callable[[str, str], LayoutFileError]
) -> Tour | None:
    """A screen's own tour: ``{"cameras": [...], "dwell_s": 20}``, a page per step."""
    value = item.get("screen_tour")
    if value is None:
        return None
    where = f"{key}.screen_tour"
    if not isinstance(value, dict):
        raise fail(where, f"expected an object, got {_json_type(value)}")
    cameras, dwell = value.get("cameras"), value.get("dwell_s", DEFAULT_DWELL_S)
    if not isinstance(cameras, list) or not all(isinstance(c, str) and c for c in cameras):
        raise fail(f"{where}.cameras", "expected a list of camera ids")
    if type(dwell) not in (int, float):
        raise fail(f"{where}.dwell_s", f"expected seconds, got {_json_type(dwell)}")
    try:
        return Tour(tuple(cameras), float(dwell), per_step=PRESETS[grid].size)
    except ValueError as err:
        raise fail(where, str(err)) from None


def _tours(
    items: Any, key: str, fail: Callable[[str, str], LayoutFileError]
) -> tuple[tuple[int, Tour], ...]:
    """A screen's tours: ``[{"tile": 2, "cameras": ["a", "b"], "dwell_s": 10}, ...]``."""
    if not isinstance(items, list):
        raise fail(f"{key}.tours", f"expected a list, got {_json_type(items)}")
    tours: dict[int, Tour] = {}
    for n, item in enumerate(items):
        where = f"{key}.tours[{n}]"
        if not isinstance(item, dict):
            raise fail(where, f"expected an object, got {_json_type(item)}")
        tile, cameras = item.get("tile"), item.get("cameras")
        dwell = item.get("dwell_s", DEFAULT_DWELL_S)
        if type(tile) is not int or not 0 <= tile < MAX_TILES:
            raise fail(
                f"{where}.tile", f"expected a tile number 0-{MAX_TILES - 1}, got {shown(tile)}"
            )
        if not isinstance(cameras, list) or not all(isinstance(c, str) and c for c in cameras):
            raise fail(f"{where}.cameras", "expected a list of camera ids")
        if type(dwell) not in (int, float):
            raise fail(f"{where}.dwell_s", f"expected seconds, got {_json_type(dwell)}")
        try:
            tours[tile] = Tour(tuple(cameras), float(dwell))
        except ValueError as err:
            raise fail(where, str(err)) from None
    return tuple(sorted(tours.items()))


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean"}
    names |= {int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def layout_to_dict(layout: WallLayout) -> dict[str, Any]:
    """The JSON tree written for ``layout``."""
    return {
        "schema_version": SCHEMA_VERSION,
        "name": layout.name,
        "screens": [_screen_to_dict(s) for s in layout.screens],
    }


def _screen_to_dict(screen: ScreenLayout) -> dict[str, Any]:
    out: dict[str, Any] = {"grid": screen.grid, "tiles": list(screen.tiles)}
    if screen.screen_tour is not None:
        tour = screen.screen_tour
        out["screen_tour"] = {"cameras": list(tour.cameras), "dwell_s": tour.dwell_s}
    if screen.tours:
        out["tours"] = [
            {"tile": index, "cameras": list(tour.cameras), "dwell_s": tour.dwell_s}
            for index, tour in screen.tours
        ]
    return out


def write_layout(layout: WallLayout, path: Path | str) -> None:
    """Write ``layout`` to ``path`` atomically (UTF-8, indented, stable)."""
    text = json.dumps(layout_to_dict(layout), ensure_ascii=False, indent=2) + "\n"
    atomic.write_text(path, text)
