"""Field-of-view cones, the cameras that see a point, and pointing a PTZ head."""

from __future__ import annotations

import pytest
from pyproj import Geod

from app.core.model import Camera, CameraKind
from app.maps.aim import (
    Axis,
    calibrate,
    heading_for_pan,
    pan_for_bearing,
    tilt_for_distance,
    view_angle,
)
from app.maps.fov import DEFAULT_PTZ_RANGE_M, FieldOfView, cone_outline, sees
from app.maps.geodesy import bearing_deg, distance_m
from app.maps.mercator import LatLon
from app.maps.placement import Placement, field_of_view, place_cameras
from app.maps.spatial import CameraIndex

GEOD = Geod(ellps="WGS84")
ORIGIN = LatLon(44.3177, 9.3226)


def _at(azimuth: float, metres: float, origin: LatLon = ORIGIN) -> LatLon:
    lon, lat, _ = GEOD.fwd(origin.lon, origin.lat, azimuth, metres)
    return LatLon(lat, lon)


def test_a_cone_sees_inside_its_angle_and_range_only() -> None:
    fov = FieldOfView(heading=90.0, angle=60.0, range_m=100.0)
    assert sees(ORIGIN, fov, _at(90.0, 50.0))
    assert sees(ORIGIN, fov, _at(119.0, 99.0))
    assert not sees(ORIGIN, fov, _at(121.0, 50.0))
    assert not sees(ORIGIN, fov, _at(90.0, 101.0))
    assert not sees(ORIGIN, fov, _at(270.0, 10.0))


def test_a_cone_across_north_wraps() -> None:
    fov = FieldOfView(heading=350.0, angle=40.0, range_m=100.0)
    assert sees(ORIGIN, fov, _at(5.0, 50.0))
    assert sees(ORIGIN, fov, _at(335.0, 50.0))
    assert not sees(ORIGIN, fov, _at(15.0, 50.0))


def test_unknown_heading_counts_as_a_circle() -> None:
    fov = FieldOfView(heading=None, range_m=30.0)
    assert fov.full_circle
    assert sees(ORIGIN, fov, _at(200.0, 29.0))
    assert not sees(ORIGIN, fov, _at(200.0, 31.0))


@pytest.mark.parametrize("bad", [{"angle": 0.0}, {"angle": 400.0}, {"range_m": -1.0}])
def test_impossible_cones_are_refused(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="outside"):
        FieldOfView(heading=0.0, **bad)


def test_cone_outline_edges_are_at_range_and_at_the_edge_bearings() -> None:
    fov = FieldOfView(heading=30.0, angle=80.0, range_m=120.0)
    outline = cone_outline(ORIGIN, fov, steps=8)
    assert outline[0] == ORIGIN
    assert len(outline) == 10
    for point in outline[1:]:
        _az, _back, dist = GEOD.inv(ORIGIN.lon, ORIGIN.lat, point.lon, point.lat)
        assert dist == pytest.approx(120.0, rel=1e-4)
    left = GEOD.inv(ORIGIN.lon, ORIGIN.lat, outline[1].lon, outline[1].lat)[0] % 360
    right = GEOD.inv(ORIGIN.lon, ORIGIN.lat, outline[-1].lon, outline[-1].lat)[0] % 360
    assert left == pytest.approx(350.0, abs=0.02)
    assert right == pytest.approx(70.0, abs=0.02)


def _placement(name: str, at: LatLon, fov: FieldOfView, steerable: bool = False) -> Placement:
    return Placement(name, len(name), name, at, fov, steerable)


def test_sightings_nearest_first_and_ptz_heads_after() -> None:
    target = _at(0.0, 0.0)
    near = _placement("near", _at(180.0, 20.0), FieldOfView(0.0, 60.0, 60.0))
    far = _placement("far", _at(180.0, 50.0), FieldOfView(0.0, 60.0, 60.0))
    away = _placement("away", _at(180.0, 10.0), FieldOfView(180.0, 60.0, 60.0))
    ptz = _placement("ptz", _at(90.0, 5.0), FieldOfView(90.0, 60.0, 150.0), steerable=True)
    short = _placement("short", _at(0.0, 80.0), FieldOfView(180.0, 60.0, 60.0))
    index = CameraIndex([far, away, ptz, near, short], cell_m=30.0)
    found = index.sightings(target)
    assert [s.camera_id for s in found] == ["near", "far", "ptz"]
    assert [s.in_view for s in found] == [True, True, False]
    assert found[0].distance_m == pytest.approx(20.0, rel=1e-3)
    assert found[0].bearing_deg == pytest.approx(0.0, abs=0.05)


def test_index_agrees_with_the_plain_test_everywhere() -> None:
    cams = [
        _placement(f"c{i}", _at(i * 37.0, 15.0 * i), FieldOfView(i * 53.0 % 360, 50.0, 90.0))
        for i in range(40)
    ]
    index = CameraIndex(cams, cell_m=70.0)
    for step in range(60):
        point = _at(step * 23.0, step * 9.0)
        expected = {c.camera_id for c in cams if sees(c.position, c.fov, point)}
        assert {s.camera_id for s in index.sightings(point)} == expected


def test_place_cameras_lists_cameras_without_a_usable_position() -> None:
    cams = [
        Camera("a", 1, "A", "s", latitude=44.3, longitude=9.3, heading=10.0),
        Camera("b", 2, "B", "s"),
        Camera("c", 3, "C", "s", latitude=89.0, longitude=9.3),
        Camera("d", 4, "D", "s", kind=CameraKind.PTZ, latitude=44.3, longitude=9.3),
    ]
    placed, missing = place_cameras(cams)
    assert [p.camera_id for p in placed] == ["a", "d"]
    assert [c.id for c in missing] == ["b", "c"]
    assert placed[1].steerable
    assert field_of_view(cams[3]).range_m == DEFAULT_PTZ_RANGE_M


def test_configured_survey_values_make_the_cone() -> None:
    cam = Camera("a", 1, "A", "s", heading=45.0, fov_deg=90.0, range_m=30.0)
    assert field_of_view(cam) == FieldOfView(45.0, 90.0, 30.0)


def test_point_here_pan_and_tilt() -> None:
    camera = ORIGIN
    target = _at(100.0, 40.0)
    bearing = bearing_deg(camera, target)
    # Heading at pan 0 is 40 degrees: the target is 60 degrees to the right, a sixth of
    # a half turn, so pan +1/3 in the generic -1..1 space.
    assert pan_for_bearing(bearing, 40.0) == pytest.approx(60.0 / 180.0, abs=1e-3)
    # A head whose limits stop it at 0.2 goes as far as it can.
    assert pan_for_bearing(bearing, 40.0, Axis(-0.2, 0.2)) == 0.2
    # Behind the head: the shorter way round, to the left.
    assert pan_for_bearing(300.0, 40.0) == pytest.approx(-100.0 / 180.0)
    # 10 m high, 10 m away: 45 degrees down, a quarter of the 180-degree tilt span.
    assert tilt_for_distance(distance_m(camera, _at(0.0, 10.0)), 10.0) == pytest.approx(
        -0.5, abs=1e-3
    )
    assert tilt_for_distance(10.0, None) == 0.0
    # Limits narrow the generic space, they do not rescale it.
    assert tilt_for_distance(10.0, 10.0, Axis(-0.5, 1.0)) == pytest.approx(-0.5, abs=1e-3)
    assert tilt_for_distance(1.0, 10.0, Axis(-0.3, 1.0)) == -0.3


def test_calibration_inverts_pointing() -> None:
    heading0 = calibrate(bearing_to_landmark=200.0, pan_value=0.25)
    assert heading0 == pytest.approx(155.0)
    assert heading_for_pan(0.25, heading0) == pytest.approx(200.0)
    assert pan_for_bearing(200.0, heading0) == pytest.approx(0.25)


def test_view_angle_narrows_with_zoom() -> None:
    assert view_angle(0.0) == pytest.approx(60.0)
    assert view_angle(1.0) == pytest.approx(6.0)
    assert view_angle(5.0) == pytest.approx(6.0)
