"""The schematic basemap's description: coast, rivers, roads and places.

A small hand-written TOML file (``resources/demo/basemap.toml``) that
Occhio renders into map tiles itself (``app.maps.schematic_render``), so
the demo has a map without shipping anybody's map data. Every value is
checked on loading and a bad one is reported with its key, as for the
site file.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.maps.mercator import LatLon, in_range

SCHEMA_VERSION = 1
LINE_KINDS = ("motorway", "main", "road", "river")
AREA_KINDS = ("sea",)
PLACE_KINDS = ("comune", "locality")
MAX_POINTS = 2000
MAX_ZOOM = 17


class SchematicError(ValueError):
    """A description that cannot be drawn: which key, what is wrong."""


@dataclass(frozen=True)
class Feature:
    """A line (road, river) or an area (sea) with its name."""

    kind: str
    name: str
    points: tuple[LatLon, ...]
    label_at: LatLon | None = None


@dataclass(frozen=True)
class Place:
    """A named place: a comune or a locality."""

    kind: str
    name: str
    at: LatLon


@dataclass(frozen=True)
class Schematic:
    """Everything the renderer draws, and where."""

    name: str
    label: str
    attribution: str
    bounds: tuple[float, float, float, float]
    min_zoom: int
    max_zoom: int
    areas: tuple[Feature, ...]
    lines: tuple[Feature, ...]
    places: tuple[Place, ...]
    digest: str  # of the description's text: a changed description is drawn again


def load_schematic(path: Path) -> Schematic:
    """Read and check the description at ``path``."""
    text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SchematicError(f"{path}: {err}") from err
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    try:
        return _build(data, digest)
    except SchematicError as err:
        raise SchematicError(f"{path}: {err}") from err


def _build(data: dict[str, Any], digest: str) -> Schematic:
    if data.get("schema_version") != SCHEMA_VERSION:
        raise SchematicError(f"schema_version must be {SCHEMA_VERSION}")
    bounds = data.get("bounds")
    if not (isinstance(bounds, list) and len(bounds) == 4):
        raise SchematicError("bounds: expected [west, south, east, north]")
    west, south, east, north = (_number(v, "bounds") for v in bounds)
    if not (in_range(south, west) and in_range(north, east) and west < east and south < north):
        raise SchematicError("bounds: not a box inside the Web-Mercator range")
    low, high = int(data.get("min_zoom", 10)), int(data.get("max_zoom", 16))
    if not 0 <= low <= high <= MAX_ZOOM:
        raise SchematicError(f"min_zoom/max_zoom: expected 0 <= {low} <= {high} <= {MAX_ZOOM}")
    return Schematic(
        name=str(data.get("name", "schematico")),
        label=str(data.get("label", "schematico")),
        attribution=str(data.get("attribution", "")),
        bounds=(west, south, east, north),
        min_zoom=low,
        max_zoom=high,
        areas=tuple(_feature(t, f"areas[{i}]", AREA_KINDS) for i, t in _tables(data, "areas")),
        lines=tuple(_feature(t, f"lines[{i}]", LINE_KINDS) for i, t in _tables(data, "lines")),
        places=tuple(_place(t, f"places[{i}]") for i, t in _tables(data, "places")),
        digest=digest,
    )


def _tables(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(t, dict) for t in items):
        raise SchematicError(f"{key}: expected a list of tables")
    return list(enumerate(items))


def _number(value: object, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise SchematicError(f"{key}: expected a number, got {value!r}")
    return float(value)


def _point(value: object, key: str) -> LatLon:
    if not (isinstance(value, list) and len(value) == 2):
        raise SchematicError(f"{key}: expected [latitude, longitude]")
    lat, lon = _number(value[0], key), _number(value[1], key)
    if not in_range(lat, lon):
        raise SchematicError(f"{key}: {lat}, {lon} is outside the Web-Mercator range")
    return LatLon(lat, lon)


def _kind(table: dict[str, Any], key: str, kinds: tuple[str, ...]) -> str:
    kind = str(table.get("kind", ""))
    if kind not in kinds:
        raise SchematicError(f"{key}.kind: {kind!r} is not one of {', '.join(kinds)}")
    return kind


def _feature(table: dict[str, Any], key: str, kinds: tuple[str, ...]) -> Feature:
    points = table.get("points")
    if not isinstance(points, list) or not 2 <= len(points) <= MAX_POINTS:
        raise SchematicError(f"{key}.points: expected 2..{MAX_POINTS} points")
    label = table.get("label_at")
    return Feature(
        _kind(table, key, kinds),
        str(table.get("name", "")),
        tuple(_point(p, f"{key}.points[{j}]") for j, p in enumerate(points)),
        None if label is None else _point(label, f"{key}.label_at"),
    )


def _place(table: dict[str, Any], key: str) -> Place:
    return Place(
        _kind(table, key, PLACE_KINDS),
        str(table.get("name", "")),
        _point(table.get("at"), f"{key}.at"),
    )
