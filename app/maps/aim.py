"""Pointing a PTZ head at a place on the map, and its live cone (no I/O).

The numbers are ONVIF's absolute generic spaces as Occhio assumes them for
a device that says nothing about its optics (the same assumptions as the
wall's click-to-centre, ``app.ui.ptz_geometry``): pan -1..1 is a full turn
growing clockwise (+pan turns right), tilt -1..1 half a turn growing
upwards with 0 at the horizon, the horizontal field of view 60 degrees at
the widest zoom and ten times narrower at the longest. A device's limits
only narrow the generic space (a head that cannot look up reports tilt
-1..0.2, say): they clamp the values, they do not rescale them. What ties the head to the map
is its heading at pan 0, measured once by calibration: point the head at a
landmark, click the landmark on the map, and the heading at pan 0 is the
landmark's bearing less the head's current pan angle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from app.maps.geodesy import wrap180, wrap360

PAN_TURN_DEG = 360.0
TILT_SPAN_DEG = 180.0
HFOV_AT_WIDE_DEG = 60.0
MAX_MAGNIFICATION = 10.0


@dataclass(frozen=True)
class Axis:
    """An absolute axis's range as the device reports it."""

    low: float = -1.0
    high: float = 1.0

    @property
    def span(self) -> float:
        """Width of the range."""
        return self.high - self.low

    @property
    def centre(self) -> float:
        """Middle of the range."""
        return (self.low + self.high) / 2

    def clamp(self, value: float) -> float:
        """``value`` within the range."""
        return max(self.low, min(self.high, value))


PAN = Axis()
TILT = Axis()
ZOOM = Axis(0.0, 1.0)


def pan_angle(value: float) -> float:
    """Degrees right of pan 0 for an absolute pan ``value``."""
    return wrap180(value * PAN_TURN_DEG / 2)


def pan_for_bearing(bearing: float, heading_at_pan0: float, axis: Axis = PAN) -> float:
    """The absolute pan that turns the head to ``bearing`` (degrees from north)."""
    if not (math.isfinite(bearing) and math.isfinite(heading_at_pan0)):
        raise ValueError("bearing and heading must be finite")
    angle = wrap180(bearing - heading_at_pan0)
    return axis.clamp(angle / (PAN_TURN_DEG / 2))


def heading_for_pan(value: float, heading_at_pan0: float) -> float:
    """Where the head looks (degrees from north) at absolute pan ``value``."""
    return wrap360(heading_at_pan0 + pan_angle(value))


def calibrate(bearing_to_landmark: float, pan_value: float) -> float:
    """The heading at pan 0 of a head that looks at a landmark at ``bearing_to_landmark``."""
    return wrap360(bearing_to_landmark - pan_angle(pan_value))


def tilt_for_distance(distance_m: float, height_m: float | None, axis: Axis = TILT) -> float:
    """The absolute tilt that looks down at a point ``distance_m`` away on the street.

    A head of unknown height keeps the horizon (tilt 0).
    """
    if height_m is None or height_m <= 0:
        return axis.clamp(0.0)
    depression = math.degrees(math.atan2(height_m, max(0.5, distance_m)))
    return axis.clamp(-depression / (TILT_SPAN_DEG / 2))


def view_angle(zoom: float, axis: Axis = ZOOM) -> float:
    """Horizontal field of view in degrees at absolute ``zoom``."""
    share = 0.0 if axis.span <= 0 else max(0.0, min(1.0, (zoom - axis.low) / axis.span))
    return HFOV_AT_WIDE_DEG / (1.0 + share * (MAX_MAGNIFICATION - 1.0))
