"""Tile maths against published reference values (mercantile's documented examples)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.maps.mercator import (
    MAX_LATITUDE,
    OutsideMercatorError,
    TileId,
    clamp,
    in_range,
    metres_per_pixel,
    tile_bounds,
    tile_corner,
    tile_of,
    tiles_covering,
    tms_row,
    to_latlon,
    to_metres,
    to_pixel,
    valid_tile,
)


def test_published_upper_left_corner_of_tile_486_332_10() -> None:
    corner = tile_corner(TileId(10, 486, 332))
    assert corner.lon == pytest.approx(-9.140625, abs=1e-9)
    assert corner.lat == pytest.approx(53.33087298301705, abs=1e-9)


def test_published_bounds_of_tile_486_332_10() -> None:
    west, south, east, north = tile_bounds(TileId(10, 486, 332))
    assert (west, east) == pytest.approx((-9.140625, -8.7890625), abs=1e-9)
    assert (south, north) == pytest.approx((53.12040528310657, 53.33087298301705), abs=1e-9)


def test_published_spherical_mercator_metres_of_that_corner() -> None:
    x, y = to_metres(53.33087298301705, -9.140625)
    assert x == pytest.approx(-1017529.7205322663, abs=1e-3)
    assert y == pytest.approx(7044436.526761846, abs=1e-3)


def test_published_tile_shapes() -> None:
    # mercantile's "shapes" example for tile [106, 193, 9] and its "tiles" example at zoom 14.
    assert tile_bounds(TileId(9, 106, 193)) == pytest.approx(
        (-105.46875, 39.909736, -104.765625, 40.446947), abs=1e-6
    )
    assert tile_bounds(TileId(14, 3413, 6202)) == pytest.approx(
        (-105.00732421875, 39.9939556939733, -104.9853515625, 40.01078714046552), abs=1e-9
    )


def test_points_fall_in_the_published_tiles() -> None:
    assert tile_of(40.0, -105.0, 1) == TileId(1, 0, 0)
    assert tile_of(39.995, -104.99, 14) == TileId(14, 3413, 6202)
    assert tile_of(53.2, -9.0, 10) == TileId(10, 486, 332)
    assert tile_of(0.0, 0.0, 0) == TileId(0, 0, 0)


def test_world_edges_and_centre() -> None:
    assert to_pixel(0.0, 0.0, 0) == pytest.approx((128.0, 128.0))
    assert to_pixel(MAX_LATITUDE, -180.0, 0) == pytest.approx((0.0, 0.0), abs=1e-6)
    assert tile_of(-MAX_LATITUDE, 180.0, 3) == TileId(3, 7, 7)


def test_tms_rows_flip() -> None:
    assert tms_row(0, 0) == 0
    assert tms_row(0, 3) == 7
    assert tms_row(332, 10) == 691
    assert tms_row(tms_row(5, 4), 4) == 5


@pytest.mark.parametrize(
    ("lat", "lon"), [(90.0, 0.0), (-86.0, 10.0), (0.0, 181.0), (math.nan, 0.0), (0.0, math.inf)]
)
def test_points_outside_mercator_are_refused(lat: float, lon: float) -> None:
    assert not in_range(lat, lon)
    with pytest.raises(OutsideMercatorError):
        to_pixel(lat, lon, 5)


def test_clamp_brings_points_into_range() -> None:
    assert clamp(89.0, 200.0).lat == pytest.approx(MAX_LATITUDE)
    assert clamp(89.0, 200.0).lon == 180.0
    assert clamp(math.nan, -500.0) == clamp(0.0, -180.0)


def test_scale_at_the_equator_and_at_60_degrees() -> None:
    # 40075016.686 m of equator over 256 pixels at zoom 0.
    assert metres_per_pixel(0.0, 0) == pytest.approx(156543.034, abs=1e-3)
    assert metres_per_pixel(60.0, 10) == pytest.approx(156543.034 / 1024 / 2, rel=1e-9)


def test_tiles_covering_is_clipped_to_the_world() -> None:
    tiles = tiles_covering(-100, -100, 300, 300, 1)
    assert sorted(tiles) == [TileId(1, 0, 0), TileId(1, 0, 1), TileId(1, 1, 0), TileId(1, 1, 1)]
    assert valid_tile(TileId(2, 3, 3))
    assert not valid_tile(TileId(2, 4, 0))
    assert not valid_tile(TileId(-1, 0, 0))


@given(
    st.floats(-MAX_LATITUDE, MAX_LATITUDE),
    st.floats(-180.0, 180.0),
    st.floats(0.0, 22.0),
)
def test_pixel_round_trip(lat: float, lon: float, zoom: float) -> None:
    x, y = to_pixel(lat, lon, zoom)
    back = to_latlon(x, y, zoom)
    assert back.lat == pytest.approx(lat, abs=1e-7)
    assert back.lon == pytest.approx(lon, abs=1e-7)
