"""A camera's field of view on the ground: a cone (heading, angle, range).

``heading`` is the direction of the optical axis in degrees clockwise from
true north, ``angle`` the horizontal field of view in degrees, ``range_m``
how far the camera usefully sees. A site file may leave angle and range
out: the defaults below are those of a typical fixed street camera
(a 2.8-4 mm lens on a 1/2.8" sensor gives 60-90 degrees; beyond about 60
metres a face or a plate is no longer readable). A camera without a heading
has no cone: where it looks is unknown, so it is drawn as a circle of its
range and counted as possibly seeing any point within it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.maps.geodesy import bearing_deg, destination, distance_m, wrap180, wrap360
from app.maps.mercator import LatLon

DEFAULT_ANGLE_DEG = 60.0
DEFAULT_RANGE_M = 60.0
DEFAULT_PTZ_RANGE_M = 150.0
MIN_ANGLE_DEG = 1.0
MAX_RANGE_M = 5000.0


@dataclass(frozen=True)
class FieldOfView:
    """The cone a camera sees; ``heading`` None: direction unknown (a full circle)."""

    heading: float | None
    angle: float = DEFAULT_ANGLE_DEG
    range_m: float = DEFAULT_RANGE_M

    def __post_init__(self) -> None:
        if self.heading is not None and not math.isfinite(self.heading):
            raise ValueError(f"heading must be finite, got {self.heading}")
        if not MIN_ANGLE_DEG <= self.angle <= 360.0:
            raise ValueError(f"angle {self.angle} is outside {MIN_ANGLE_DEG:g}..360")
        if not 0.0 < self.range_m <= MAX_RANGE_M:
            raise ValueError(f"range {self.range_m} is outside 0..{MAX_RANGE_M:g} m")

    @property
    def full_circle(self) -> bool:
        """True when every direction counts (no heading, or a 360-degree camera)."""
        return self.heading is None or self.angle >= 360.0

    def covers_bearing(self, bearing: float) -> bool:
        """True when ``bearing`` (degrees) lies inside the cone's angle."""
        if self.full_circle:
            return True
        assert self.heading is not None
        return abs(wrap180(bearing - self.heading)) <= self.angle / 2 + 1e-9

    def turned(self, heading: float) -> FieldOfView:
        """The same cone pointing at ``heading``."""
        return FieldOfView(wrap360(heading), self.angle, self.range_m)

    def widened(self, angle: float) -> FieldOfView:
        """The same cone with another angle (clamped to 1..360)."""
        return FieldOfView(self.heading, max(MIN_ANGLE_DEG, min(360.0, angle)), self.range_m)

    def reaching(self, range_m: float) -> FieldOfView:
        """The same cone with another range (clamped to 1 m..5 km)."""
        return FieldOfView(self.heading, self.angle, max(1.0, min(MAX_RANGE_M, range_m)))


def sees(position: LatLon, fov: FieldOfView, point: LatLon) -> bool:
    """True when ``point`` is inside the cone and within range of a camera at ``position``."""
    if distance_m(position, point) > fov.range_m:
        return False
    return fov.covers_bearing(bearing_deg(position, point))


def cone_outline(position: LatLon, fov: FieldOfView, steps: int = 12) -> list[LatLon]:
    """The cone's outline: apex, then the arc from left to right edge (closed by the caller).

    A full circle has no apex: its ``steps * 4`` points go round the camera.
    """
    if fov.full_circle:
        count = max(8, steps * 4)
        return [destination(position, i * 360.0 / count, fov.range_m) for i in range(count)]
    assert fov.heading is not None
    left = fov.heading - fov.angle / 2
    arc = [
        destination(position, left + fov.angle * i / steps, fov.range_m) for i in range(steps + 1)
    ]
    return [position, *arc]
