"""The search area drawn on the map: corners, containment, the cameras inside."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.config.sitefile import load_site
from app.maps.area import AreaError, AreaSketch, SearchArea
from app.maps.mercator import LatLon
from app.maps.model import MapModel

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo" / "site.toml"

# An L-shaped block of Chiavari: the notch (north-east quarter) is outside.
L_SHAPE = SearchArea(
    (
        LatLon(44.310, 9.310),
        LatLon(44.310, 9.330),
        LatLon(44.320, 9.330),
        LatLon(44.320, 9.320),
        LatLon(44.330, 9.320),
        LatLon(44.330, 9.310),
    )
)


def test_a_concave_area_leaves_its_notch_out() -> None:
    assert L_SHAPE.contains(LatLon(44.315, 9.315))
    assert L_SHAPE.contains(LatLon(44.315, 9.325))
    assert L_SHAPE.contains(LatLon(44.325, 9.315))
    assert not L_SHAPE.contains(LatLon(44.325, 9.325))  # the notch
    assert not L_SHAPE.contains(LatLon(44.305, 9.315))
    assert not L_SHAPE.contains(LatLon(44.315, 9.335))


def test_rectangle_from_any_two_opposite_corners() -> None:
    a, b = LatLon(44.30, 9.30), LatLon(44.32, 9.34)
    for first, second in ((a, b), (b, a), (LatLon(a.lat, b.lon), LatLon(b.lat, a.lon))):
        area = SearchArea.rectangle(first, second)
        assert area.contains(LatLon(44.31, 9.32))
        assert not area.contains(LatLon(44.33, 9.32))
        assert not area.contains(LatLon(44.31, 9.35))


@pytest.mark.parametrize(
    "corners",
    [
        (),
        (LatLon(44.3, 9.3), LatLon(44.31, 9.31)),
        (LatLon(44.3, 9.3), LatLon(44.3, 9.3), LatLon(44.31, 9.31)),  # two the same
        (LatLon(0.0, 0.0), LatLon(0.0, 1.0), LatLon(0.0, 2.0)),  # on one line
        (LatLon(89.0, 9.3), LatLon(44.31, 9.31), LatLon(44.32, 9.30)),  # beyond Mercator
    ],
)
def test_points_that_make_no_area_are_refused(corners: tuple[LatLon, ...]) -> None:
    with pytest.raises(AreaError):
        SearchArea(corners)


def test_too_many_corners_are_refused() -> None:
    ring = [LatLon(44.3 + 0.01 * (i % 2), 9.3 + 0.001 * i) for i in range(65)]
    with pytest.raises(AreaError):
        SearchArea(tuple(ring))


coordinate = st.floats(min_value=-0.05, max_value=0.05, allow_nan=False)


@given(st.tuples(coordinate, coordinate, coordinate, coordinate), coordinate, coordinate)
def test_rectangle_contains_exactly_the_points_between_its_corners(
    corners: tuple[float, float, float, float], plat: float, plon: float
) -> None:
    lat1, lon1, lat2, lon2 = corners
    if abs(lat1 - lat2) < 1e-6 or abs(lon1 - lon2) < 1e-6:
        return  # no area
    area = SearchArea.rectangle(LatLon(44.3 + lat1, 9.3 + lon1), LatLon(44.3 + lat2, 9.3 + lon2))
    point = LatLon(44.3 + plat, 9.3 + plon)
    margin = 1e-7  # a point on an edge may fall either way
    lo_lat, hi_lat = sorted((lat1, lat2))
    lo_lon, hi_lon = sorted((lon1, lon2))
    inside_lat = lo_lat + margin < plat < hi_lat - margin
    if inside_lat and lo_lon + margin < plon < hi_lon - margin:
        assert area.contains(point)
    near_lat = lo_lat - margin <= plat <= hi_lat + margin
    if not (near_lat and lo_lon - margin <= plon <= hi_lon + margin):
        assert not area.contains(point)


def test_the_model_lists_the_demo_cameras_inside_the_area() -> None:
    model = MapModel(load_site(DEMO))
    seen: list[int] = []
    model.area_changed.connect(lambda: seen.append(1))
    assert model.area_cameras() is None
    # Around Lavagna's seafront, clear of Chiavari and the hills.
    south, west, north, east = 44.300, 9.335, 44.312, 9.352
    model.set_area(SearchArea.rectangle(LatLon(south, west), LatLon(north, east)))
    inside = model.area_cameras()
    assert inside == ["lavagna-02", "lavagna-04"]
    expected = sorted(
        (
            p
            for p in model.placements.values()
            if south < p.position.lat < north and west < p.position.lon < east
        ),
        key=lambda p: p.number,
    )
    assert inside == [p.camera_id for p in expected]
    model.set_area(None)
    assert model.area_cameras() is None
    assert seen == [1, 1]


def test_sketch_a_drag_is_a_rectangle() -> None:
    sketch = AreaSketch()
    sketch.press((10.0, 10.0))
    sketch.move((12.0, 11.0))
    assert not sketch.dragging  # a click's jitter is no drag
    sketch.move((60.0, 40.0))
    assert sketch.dragging
    assert sketch.outline() == [(10.0, 10.0), (60.0, 10.0), (60.0, 40.0), (10.0, 40.0)]
    assert sketch.release((70.0, 50.0)) == [(10.0, 10.0), (70.0, 10.0), (70.0, 50.0), (10.0, 50.0)]
    assert sketch.corners == [] and not sketch.dragging


def test_sketch_clicks_are_corners_closed_by_a_double_click() -> None:
    sketch = AreaSketch()
    for point in ((0.0, 0.0), (50.0, 0.0), (50.0, 40.0)):
        sketch.press(point)
        assert sketch.release(point) is None
    assert sketch.close() == [(0.0, 0.0), (50.0, 0.0), (50.0, 40.0)]
    assert sketch.release((50.0, 40.0)) is None  # the release after the double-click
    assert sketch.corners == []


def test_sketch_needs_three_corners_and_ignores_a_repeated_click() -> None:
    sketch = AreaSketch()
    for point in ((0.0, 0.0), (2.0, 1.0), (50.0, 0.0)):
        sketch.press(point)
        sketch.release(point)
    assert sketch.corners == [(0.0, 0.0), (50.0, 0.0)]  # the second click was on the first
    assert sketch.close() is None
    assert sketch.outline() == [(0.0, 0.0), (50.0, 0.0)]  # still drawing
