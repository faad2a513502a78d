"""Distance, bearing and destination against PROJ's WGS84 geodesic (pyproj)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from app.maps.geodesy import (
    LocalFrame,
    bearing_deg,
    destination,
    distance_m,
    wrap180,
    wrap360,
)
from app.maps.mercator import LatLon

GEOD = Geod(ellps="WGS84")
CHIAVARI = LatLon(44.3177, 9.3226)


def _reference(a: LatLon, b: LatLon) -> tuple[float, float]:
    azimuth, _back, distance = GEOD.inv(a.lon, a.lat, b.lon, b.lat)
    return wrap360(azimuth), distance


def test_known_pair_in_the_demo_site() -> None:
    lavagna = LatLon(44.3080, 9.3440)
    azimuth, distance = _reference(CHIAVARI, lavagna)
    assert distance_m(CHIAVARI, lavagna) == pytest.approx(distance, rel=1e-5)
    assert bearing_deg(CHIAVARI, lavagna) == pytest.approx(azimuth, abs=0.001)


def test_one_degree_of_latitude_at_45_north() -> None:
    # The meridian arc from 44.5 to 45.5 N on WGS84 is about 111.13 km.
    a, b = LatLon(44.5, 9.0), LatLon(45.5, 9.0)
    assert distance_m(a, b) == pytest.approx(GEOD.inv(9.0, 44.5, 9.0, 45.5)[2], rel=1e-4)
    assert bearing_deg(a, b) == pytest.approx(0.0, abs=1e-9)
    assert bearing_deg(b, a) == pytest.approx(180.0, abs=1e-9)


@settings(max_examples=200)
@given(
    st.floats(-70.0, 70.0),
    st.floats(-179.0, 179.0),
    st.floats(0.0, 360.0),
    st.floats(1.0, 20_000.0),
)
def test_matches_proj_within_twenty_km(lat: float, lon: float, azimuth: float, dist: float) -> None:
    start = LatLon(lat, lon)
    lon2, lat2, _ = GEOD.fwd(lon, lat, azimuth, dist)
    end = LatLon(lat2, lon2)
    assert distance_m(start, end) == pytest.approx(dist, rel=1e-5, abs=0.001)
    assert abs(wrap180(bearing_deg(start, end) - azimuth)) < 0.001
    there = destination(start, azimuth, dist)
    assert GEOD.inv(lon2, lat2, there.lon, there.lat)[2] < 0.1


def test_local_frame_round_trip() -> None:
    frame = LocalFrame(CHIAVARI)
    east, north = frame.to_xy(LatLon(44.3200, 9.3300))
    back = frame.to_latlon(east, north)
    assert (back.lat, back.lon) == pytest.approx((44.3200, 9.3300), abs=1e-9)
    assert east > 0 and north > 0


def test_angle_wrapping() -> None:
    assert wrap180(190.0) == -170.0
    assert wrap180(-180.0) == 180.0
    assert wrap360(-10.0) == 350.0
    assert wrap360(720.0) == 0.0
