"""From gestures on a picture to PTZ numbers (no Qt, no I/O).

Offsets are fractions of the tile: ``fx`` runs from -1 (left edge) to +1
(right edge) and ``fy`` from -1 (top) to +1 (bottom), measured from the
point of reference (the press point for a drag, the picture's centre for a
click). Screen y grows downwards while ONVIF tilt grows upwards, so every
function here turns "up on the screen" into a positive tilt.

Assumptions where devices say nothing (documented because they decide how
far a click moves the camera):

* the horizontal field of view is 60 degrees at zoom 0 and shrinks with
  the optical magnification, taken as 1x at the bottom of the zoom range
  and ``MAX_MAGNIFICATION`` at its top;
* the pan range reported in the limits covers a full turn (360 degrees) and
  the tilt range half a turn (180 degrees), as in ONVIF's generic spaces;
* relative translations use the generic space, whose width equals the
  absolute range (so a translation of the whole pan range is a full turn).
"""

from __future__ import annotations

from dataclasses import dataclass

from app.core.ptzrate import Velocity
from app.devices.ptz_types import PtzLimits, Range

HFOV_AT_WIDE_DEG = 60.0
MAX_MAGNIFICATION = 10.0
PAN_TURN_DEG = 360.0
TILT_SPAN_DEG = 180.0
DRAG_DEAD_ZONE = 0.05
DEFAULT_RANGE = Range(-1.0, 1.0)
DEFAULT_ZOOM = Range(0.0, 1.0)


def _clamp(value: float, low: float = -1.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


def dead_zone(value: float, zone: float) -> float:
    """``value`` (-1..1) with ``zone`` around 0 cut out and the rest rescaled to 0..1.

    Rescaling keeps small deliberate moves slow instead of jumping to the
    speed at the zone's edge.
    """
    value = _clamp(value)
    if abs(value) <= zone:
        return 0.0
    magnitude = (abs(value) - zone) / (1.0 - zone)
    return magnitude if value > 0 else -magnitude


def drag_velocity(fx: float, fy: float, zone: float = DRAG_DEAD_ZONE) -> Velocity:
    """Pan/tilt speed for a drag offset: right is +pan, up is +tilt."""
    return Velocity(pan=dead_zone(fx, zone), tilt=dead_zone(-fy, zone))


@dataclass(frozen=True)
class Geometry:
    """What the translation maths needs to know of a camera."""

    pan: Range = DEFAULT_RANGE
    tilt: Range = DEFAULT_RANGE
    zoom: Range = DEFAULT_ZOOM
    aspect: float = 16 / 9  # picture width / height

    @classmethod
    def from_limits(cls, limits: PtzLimits | None, aspect: float = 16 / 9) -> Geometry:
        """Ranges from the device's limits, defaults where it reports none."""
        if limits is None:
            return cls(aspect=aspect)
        return cls(
            limits.pan or DEFAULT_RANGE,
            limits.tilt or DEFAULT_RANGE,
            limits.zoom or DEFAULT_ZOOM,
            aspect,
        )

    def magnification(self, zoom: float) -> float:
        """Optical magnification assumed at absolute ``zoom``."""
        span = self.zoom.max - self.zoom.min
        share = 0.0 if span <= 0 else _clamp((zoom - self.zoom.min) / span, 0.0, 1.0)
        return 1.0 + share * (MAX_MAGNIFICATION - 1.0)

    def zoom_for(self, magnification: float) -> float:
        """Absolute zoom giving ``magnification`` (clamped to the range)."""
        share = _clamp((magnification - 1.0) / (MAX_MAGNIFICATION - 1.0), 0.0, 1.0)
        return self.zoom.min + share * (self.zoom.max - self.zoom.min)


def centre_translation(fx: float, fy: float, zoom: float, geo: Geometry) -> tuple[float, float]:
    """Relative pan/tilt that brings the point at offset (fx, fy) to the centre."""
    hfov = HFOV_AT_WIDE_DEG / geo.magnification(zoom)
    vfov = hfov / max(0.1, geo.aspect)
    pan_deg = _clamp(fx) * hfov / 2
    tilt_deg = -_clamp(fy) * vfov / 2
    pan = pan_deg / PAN_TURN_DEG * (geo.pan.max - geo.pan.min)
    tilt = tilt_deg / TILT_SPAN_DEG * (geo.tilt.max - geo.tilt.min)
    return _clamp(pan), _clamp(tilt)


def rect_zoom(
    centre_fx: float, centre_fy: float, width_share: float, zoom: float, geo: Geometry
) -> tuple[float, float, float]:
    """Relative pan, tilt and zoom that fill the picture with a dragged rectangle.

    ``width_share`` is the rectangle's width (or height, whichever fills
    first) as a share of the picture's (0..1).
    """
    pan, tilt = centre_translation(centre_fx, centre_fy, zoom, geo)
    ratio = 1.0 / max(0.01, min(1.0, width_share))
    target = geo.zoom_for(geo.magnification(zoom) * ratio)
    return pan, tilt, _clamp(target - zoom)
