"""A vehicle's track on the map: order, stops, legs and the arrows' geometry."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.config.sitefile import load_site
from app.core.plates import PlateRead
from app.maps.geodesy import distance_m
from app.maps.model import MapModel
from app.maps.track import build_track, drawn_legs, leg_geometry, stops_by_camera

DEMO = Path(__file__).resolve().parents[3] / "resources" / "demo" / "site.toml"
T0 = 1_780_000_000.0


def _read(camera: str, at: float) -> PlateRead:
    return PlateRead(camera, "AB123CD", "AB123CD", at)


@pytest.fixture(scope="module")
def placements() -> dict:
    return MapModel(load_site(DEMO)).placements


def test_passages_in_time_order_whatever_order_they_come_in(placements: dict) -> None:
    reads = [
        _read("cogorno-02", T0 + 600),
        _read("chiavari-05", T0),
        _read("chiavari-07", T0 + 240),
    ]
    track = build_track("AB123CD", reads, placements)
    assert [s.camera_id for s in track.stops] == ["chiavari-05", "chiavari-07", "cogorno-02"]
    assert [s.order for s in track.stops] == [1, 2, 3]
    assert [leg.elapsed_s for leg in track.legs] == [240, 360]
    first = track.legs[0]
    assert first.distance_m == pytest.approx(
        distance_m(placements["chiavari-05"].position, placements["chiavari-07"].position)
    )
    assert first.speed_kmh == pytest.approx(first.distance_m / 240 * 3.6)
    assert track.passages == 3 and track.unplaced == ()


def test_repeated_reads_at_one_camera_make_one_stop(placements: dict) -> None:
    reads = [
        _read("chiavari-05", T0),
        _read("chiavari-05", T0 + 5),
        _read("chiavari-07", T0 + 100),
        _read("chiavari-05", T0 + 400),
    ]
    track = build_track("AB123CD", reads, placements)
    assert [(s.camera_id, s.times) for s in track.stops] == [
        ("chiavari-05", (T0, T0 + 5)),
        ("chiavari-07", (T0 + 100,)),
        ("chiavari-05", (T0 + 400,)),
    ]
    assert track.legs[0].elapsed_s == 95  # from the last read at the stop
    assert track.passages == 4


def test_reads_of_cameras_off_the_map_are_counted_not_drawn(placements: dict) -> None:
    reads = [_read("chiavari-05", T0), _read("gone", T0 + 1), _read("gone", T0 + 2)]
    track = build_track("AB123CD", reads, placements)
    assert [s.camera_id for s in track.stops] == ["chiavari-05"]
    assert track.legs == ()
    assert track.unplaced == ("gone",)
    assert build_track("X", [], placements).stops == ()


def test_a_long_track_keeps_its_latest_stops(placements: dict) -> None:
    cameras = ["chiavari-05", "chiavari-07"]
    reads = [_read(cameras[i % 2], T0 + i) for i in range(10)]
    track = build_track("AB123CD", reads, placements, most=4)
    assert track.dropped == 6
    assert [s.order for s in track.stops] == [7, 8, 9, 10]
    assert track.stops[-1].times == (T0 + 9,)
    assert len(track.legs) == 3


def test_leg_arrow_points_the_way_at_the_middle_right_of_the_line() -> None:
    leg = leg_geometry((0.0, 0.0), (200.0, 0.0), offset=4.0, head=10.0, gap=10.0)
    assert leg is not None
    assert leg.start == pytest.approx((10.0, 4.0))  # y grows downwards: right of eastwards
    assert leg.end == pytest.approx((190.0, 4.0))
    assert leg.tip == pytest.approx((105.0, 4.0))
    assert leg.left[0] == pytest.approx(95.0) and leg.right[0] == pytest.approx(95.0)
    assert leg.left[1] < 4.0 < leg.right[1]
    back = leg_geometry((200.0, 0.0), (0.0, 0.0), offset=4.0, head=10.0, gap=10.0)
    assert back is not None and back.start[1] == pytest.approx(-4.0)  # the other side
    assert leg_geometry((0.0, 0.0), (20.0, 0.0)) is None  # the pins overlap


coordinate = st.floats(min_value=-2000, max_value=2000, allow_nan=False)


@given(coordinate, coordinate, coordinate, coordinate)
def test_arrow_head_is_a_symmetric_60_degree_head_along_the_leg(
    x1: float, y1: float, x2: float, y2: float
) -> None:
    leg = leg_geometry((x1, y1), (x2, y2), head=11.0)
    if leg is None:
        assert math.hypot(x2 - x1, y2 - y1) <= 2 * 14.0 + 11.0
        return
    way = math.atan2(y2 - y1, x2 - x1)
    for wing in (leg.left, leg.right):
        back = math.atan2(leg.tip[1] - wing[1], leg.tip[0] - wing[0])
        turn = abs((back - way + math.pi) % (2 * math.pi) - math.pi)
        assert turn == pytest.approx(math.radians(30), abs=1e-6)
        assert math.dist(leg.tip, wing) == pytest.approx(11.0 / math.cos(math.radians(30)))


def test_back_and_forth_draws_each_leg_once_and_labels_each_camera_once(
    placements: dict,
) -> None:
    cameras = ["chiavari-05", "chiavari-07", "cogorno-02"]
    reads = [_read(cameras[i % 2] if i < 6 else cameras[2], T0 + 60 * i) for i in range(7)]
    track = build_track("AB123CD", reads, placements)
    assert len(track.legs) == 6
    pairs = [(leg.start.camera_id, leg.end.camera_id) for leg in drawn_legs(track)]
    assert pairs == [
        ("chiavari-05", "chiavari-07"),
        ("chiavari-07", "chiavari-05"),
        ("chiavari-07", "cogorno-02"),
    ]
    grouped = stops_by_camera(track)
    assert [s.order for s in grouped["chiavari-05"]] == [1, 3, 5]
    assert [s.order for s in grouped["chiavari-07"]] == [2, 4, 6]
    assert [s.order for s in grouped["cogorno-02"]] == [7]
