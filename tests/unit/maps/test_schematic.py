"""The demo's schematic basemap: its description, its tiles and its cached MBTiles."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.config.sitefile import load_site
from app.maps.mbtiles import MBTilesSource
from app.maps.mercator import TileId, tile_of
from app.maps.schematic import Schematic, SchematicError, load_schematic
from app.maps.schematic_render import LAND, SEA, TileRenderer, ensure_schematic, tiles_of

RESOURCES = Path(__file__).resolve().parents[3] / "resources" / "demo"


@pytest.fixture(scope="module")
def schematic() -> Schematic:
    return load_schematic(RESOURCES / "basemap.toml")


def _decode(data: bytes) -> np.ndarray:
    picture = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    assert picture is not None and picture.shape == (256, 256, 3)
    return picture


def _share(picture: np.ndarray, colour: tuple[int, int, int]) -> float:
    return float(np.all(picture == np.array(colour, np.uint8), axis=2).mean())


def test_description_names_the_five_comuni_of_the_demo_site(schematic: Schematic) -> None:
    site = load_site(RESOURCES / "site.toml")
    comuni = {p.name for p in schematic.places if p.kind == "comune"}
    assert comuni == {s.name for s in site.sites}
    assert schematic.label == "schematico"
    assert {f.name for f in schematic.lines} >= {"Via Aurelia (SS1)", "A12", "Entella"}


def test_every_demo_camera_stands_inside_the_drawn_area(schematic: Schematic) -> None:
    west, south, east, north = schematic.bounds
    for camera in load_site(RESOURCES / "site.toml").cameras:
        assert camera.latitude is not None and camera.longitude is not None
        assert south < camera.latitude < north and west < camera.longitude < east


def test_tiles_show_land_and_sea_where_they_are(schematic: Schematic) -> None:
    renderer = TileRenderer(schematic)
    open_sea = _decode(renderer.render(tile_of(44.275, 9.30, 15)))
    inland = _decode(renderer.render(tile_of(44.345, 9.29, 15)))
    coast = _decode(renderer.render(tile_of(44.3140, 9.3190, 15)))
    assert _share(open_sea, SEA) > 0.9
    assert _share(inland, LAND) > 0.9 and _share(inland, SEA) == 0.0
    assert _share(coast, SEA) > 0.05 and _share(coast, LAND) > 0.05


def test_the_drawing_is_the_same_every_time(schematic: Schematic) -> None:
    tile = tile_of(44.317, 9.322, 14)
    assert TileRenderer(schematic).render(tile) == TileRenderer(schematic).render(tile)


def test_rendered_once_into_the_cache_and_read_as_a_map(
    schematic: Schematic, tmp_path: Path
) -> None:
    small = replace(schematic, min_zoom=11, max_zoom=13)
    path = ensure_schematic(small, tmp_path)
    stamp = path.stat().st_mtime_ns
    assert ensure_schematic(small, tmp_path) == path
    assert path.stat().st_mtime_ns == stamp
    with MBTilesSource(path) as source:
        assert source.zooms == frozenset({11, 12, 13})
        assert "schematico" in source.label
        assert source.fetch(tile_of(44.317, 9.322, 13)).ok
        assert source.fetch(TileId(13, 0, 0)).problem is not None
    assert len(list(tiles_of(small))) == 4 + 9 + 25


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("schema_version = 2", "schema_version"),
        ("schema_version = 1\nbounds = [1, 2]", "bounds"),
        (
            "schema_version = 1\nbounds = [9, 44, 10, 45]\n[[lines]]\nkind = 'canal'\n"
            "points = [[44, 9], [45, 10]]",
            "lines[0].kind",
        ),
        (
            "schema_version = 1\nbounds = [9, 44, 10, 45]\n[[places]]\nkind = 'comune'\n"
            "at = [95, 9]",
            "places[0].at",
        ),
    ],
)
def test_bad_descriptions_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "b.toml"
    path.write_text(text)
    with pytest.raises(SchematicError, match=key.replace("[", r"\[").replace("]", r"\]")):
        load_schematic(path)
