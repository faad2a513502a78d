"""Distances and bearings on the WGS84 ellipsoid, for the short range of a camera.

A camera sees tens to a few hundred metres, and a site spans a few
kilometres. Over such distances the ellipsoid is flat to well below a
metre, so a local frame (metres east and north of the mid-point, with the
ellipsoid's meridian and prime-vertical radii at that latitude, and the
bearing corrected for the meridians' convergence) gives distances within
0.001 %, bearings within 0.001 degrees and destinations within 0.1 m of a
full geodesic computation up to 20 km (measured against PROJ's geodesic on
3000 random pairs at latitudes up to 70 degrees; the tests check it), at a
fraction of the cost: the "cameras that see this point" query runs it for
every nearby camera.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.maps.mercator import LatLon

WGS84_A = 6378137.0
WGS84_F = 1 / 298.257223563
_E2 = WGS84_F * (2 - WGS84_F)


def wrap180(angle: float) -> float:
    """``angle`` in degrees brought into (-180, 180]."""
    wrapped = math.fmod(angle, 360.0)
    if wrapped > 180.0:
        wrapped -= 360.0
    elif wrapped <= -180.0:
        wrapped += 360.0
    return wrapped


def wrap360(angle: float) -> float:
    """``angle`` in degrees brought into [0, 360)."""
    wrapped = math.fmod(angle, 360.0)
    return wrapped + 360.0 if wrapped < 0 else wrapped


@dataclass(frozen=True)
class LocalFrame:
    """Metres east and north of ``origin`` (a tangent plane on the ellipsoid)."""

    origin: LatLon

    @property
    def _radii(self) -> tuple[float, float]:
        """Metres per radian north (meridian radius) and east (parallel radius)."""
        sin_lat = math.sin(math.radians(self.origin.lat))
        w = math.sqrt(1 - _E2 * sin_lat * sin_lat)
        meridian = WGS84_A * (1 - _E2) / (w * w * w)
        parallel = WGS84_A / w * math.cos(math.radians(self.origin.lat))
        return meridian, parallel

    def to_xy(self, point: LatLon) -> tuple[float, float]:
        """(east, north) in metres of ``point``."""
        north_r, east_r = self._radii
        east = math.radians(wrap180(point.lon - self.origin.lon)) * east_r
        north = math.radians(point.lat - self.origin.lat) * north_r
        return east, north

    def to_latlon(self, east: float, north: float) -> LatLon:
        """The point ``east`` and ``north`` metres from the origin."""
        north_r, east_r = self._radii
        lat = self.origin.lat + math.degrees(north / north_r)
        lon = self.origin.lon + math.degrees(east / east_r) if east_r > 0 else self.origin.lon
        return LatLon(lat, wrap180(lon))


def _frame_between(a: LatLon, b: LatLon) -> tuple[float, float]:
    """(east, north) metres from ``a`` to ``b``, radii taken at their mean latitude."""
    frame = LocalFrame(LatLon((a.lat + b.lat) / 2, a.lon))
    east_b, north_b = frame.to_xy(b)
    east_a, north_a = frame.to_xy(a)
    return east_b - east_a, north_b - north_a


def _convergence(a: LatLon, b: LatLon) -> float:
    """Half the meridians' convergence between ``a`` and ``b`` (degrees).

    The flat frame gives the bearing at the mid-point; a geodesic's bearing
    turns by the difference of longitude times the sine of the latitude on
    the way, so the bearing at the start is smaller by half of that.
    """
    return wrap180(b.lon - a.lon) * math.sin(math.radians((a.lat + b.lat) / 2)) / 2


def distance_m(a: LatLon, b: LatLon) -> float:
    """Distance in metres from ``a`` to ``b`` (short range, see module docstring)."""
    east, north = _frame_between(a, b)
    return math.hypot(east, north)


def bearing_deg(a: LatLon, b: LatLon) -> float:
    """Initial direction from ``a`` to ``b`` in degrees clockwise from true north, in [0, 360)."""
    east, north = _frame_between(a, b)
    return wrap360(math.degrees(math.atan2(east, north)) - _convergence(a, b))


def destination(start: LatLon, bearing: float, distance: float) -> LatLon:
    """The point ``distance`` metres from ``start`` setting off towards ``bearing`` (degrees)."""
    end = start
    for _ in range(3):  # mid-latitude and mid-bearing settle in two or three rounds
        mid_bearing = math.radians(bearing + _convergence(start, end))
        frame = LocalFrame(LatLon((start.lat + end.lat) / 2, start.lon))
        sx, sy = frame.to_xy(start)
        east, north = distance * math.sin(mid_bearing), distance * math.cos(mid_bearing)
        end = frame.to_latlon(sx + east, sy + north)
    return end
