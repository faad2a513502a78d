"""What Occhio learns from an ONVIF PTZ service, as plain data.

Filled by ``app.devices.ptz`` from zeep answers. Devices leave out most
optional fields (ranges, speeds, names, move status), so every reader here
accepts any shape and leaves what it cannot read empty instead of failing:
a camera that moves but reports no limits must still be usable.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from app.core.untrusted import clean
from app.devices.onvif_types import dig

_SPACE_KINDS = (
    "AbsolutePanTiltPositionSpace",
    "AbsoluteZoomPositionSpace",
    "RelativePanTiltTranslationSpace",
    "RelativeZoomTranslationSpace",
    "ContinuousPanTiltVelocitySpace",
    "ContinuousZoomVelocitySpace",
    "PanTiltSpeedSpace",
    "ZoomSpeedSpace",
)


@dataclass(frozen=True)
class Range:
    """A closed interval of a PTZ coordinate."""

    min: float
    max: float


@dataclass(frozen=True)
class PtzSpace:
    """One coordinate space a node supports: its kind, URI and ranges (y for pan/tilt)."""

    kind: str
    uri: str = ""
    x: Range | None = None
    y: Range | None = None


@dataclass(frozen=True)
class PtzNode:
    """A PTZ node (the motor unit): spaces, preset capacity, home support."""

    token: str
    name: str = ""
    has_home: bool = False
    max_presets: int = 0
    spaces: tuple[PtzSpace, ...] = ()

    def space(self, kind: str) -> PtzSpace | None:
        """The first space of ``kind`` ("ContinuousPanTiltVelocitySpace"...), or None."""
        return next((s for s in self.spaces if s.kind == kind), None)


@dataclass(frozen=True)
class PtzLimits:
    """One PTZ configuration: its node, pan/tilt/zoom limits and timeout bounds."""

    token: str
    name: str = ""
    node_token: str = ""
    pan: Range | None = None
    tilt: Range | None = None
    zoom: Range | None = None
    timeout: Range | None = None
    spaces: tuple[PtzSpace, ...] = ()


@dataclass(frozen=True)
class PtzPosition:
    """Pan, tilt and zoom in the device's default spaces (None where not reported)."""

    pan: float | None = None
    tilt: float | None = None
    zoom: float | None = None


@dataclass(frozen=True)
class Preset:
    """A stored camera position."""

    token: str
    name: str = ""
    position: PtzPosition | None = None


@dataclass(frozen=True)
class PtzStatus:
    """GetStatus: where the camera points and whether it moves."""

    position: PtzPosition
    pan_tilt_moving: str = ""  # IDLE, MOVING or UNKNOWN as the device says; "" if absent
    zoom_moving: str = ""
    error: str = ""

    @property
    def moving(self) -> bool:
        """True when either axis group reports MOVING."""
        return "MOVING" in (self.pan_tilt_moving.upper(), self.zoom_moving.upper())


@dataclass(frozen=True)
class PtzCapabilities:
    """Everything the commissioning tool and the PTZ panel show about a device."""

    available: bool
    found_by: str = ""  # "services" or "capabilities": where the PTZ address came from
    profile_token: str = ""
    nodes: tuple[PtzNode, ...] = ()
    limits: PtzLimits | None = None
    presets: tuple[Preset, ...] = ()

    @property
    def has_home(self) -> bool:
        """True if any node supports a home position."""
        return any(n.has_home for n in self.nodes)


def _number(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def read_range(raw: Any) -> Range | None:
    """A ``Range`` from a ``{Min, Max}`` element; None if either end is unusable."""
    low, high = _number(dig(raw, "Min")), _number(dig(raw, "Max"))
    if low is None or high is None or low > high:
        return None
    return Range(low, high)


def _items(raw: Any) -> list[Any]:
    if raw is None:
        return []
    if isinstance(raw, list | tuple):
        return list(raw)
    return [raw]


def read_spaces(raw: Any) -> tuple[PtzSpace, ...]:
    """Every space description of a ``PTZSpaces`` element."""
    out = []
    for kind in _SPACE_KINDS:
        for item in _items(dig(raw, kind)):
            out.append(
                PtzSpace(
                    kind,
                    str(dig(item, "URI") or ""),
                    read_range(dig(item, "XRange")),
                    read_range(dig(item, "YRange")),
                )
            )
    return tuple(out)


def read_node(raw: Any) -> PtzNode:
    """A ``PtzNode`` from one GetNodes entry."""
    maximum = _number(dig(raw, "MaximumNumberOfPresets"))
    return PtzNode(
        token=str(dig(raw, "token") or ""),
        name=str(dig(raw, "Name") or ""),
        has_home=dig(raw, "HomeSupported") is True,
        max_presets=int(maximum) if maximum is not None and maximum >= 0 else 0,
        spaces=read_spaces(dig(raw, "SupportedPTZSpaces")),
    )


def read_limits(config: Any, options: Any = None) -> PtzLimits:
    """A ``PtzLimits`` from a PTZConfiguration and (optionally) its options."""
    pan_tilt = dig(config, "PanTiltLimits", "Range")
    return PtzLimits(
        token=str(dig(config, "token") or ""),
        name=str(dig(config, "Name") or ""),
        node_token=str(dig(config, "NodeToken") or ""),
        pan=read_range(dig(pan_tilt, "XRange")),
        tilt=read_range(dig(pan_tilt, "YRange")),
        zoom=read_range(dig(config, "ZoomLimits", "Range", "XRange")),
        timeout=_duration_range(dig(options, "PTZTimeout")),
        spaces=read_spaces(dig(options, "Spaces")),
    )


def _duration_range(raw: Any) -> Range | None:
    """Timeout bounds arrive as ``timedelta`` from zeep (or seconds elsewhere)."""
    low, high = dig(raw, "Min"), dig(raw, "Max")
    seconds = [v.total_seconds() if hasattr(v, "total_seconds") else v for v in (low, high)]
    return read_range({"Min": seconds[0], "Max": seconds[1]})


def read_position(raw: Any) -> PtzPosition | None:
    """A ``PtzPosition`` from a PTZVector; None if it has neither pan/tilt nor zoom."""
    pan_tilt, zoom = dig(raw, "PanTilt"), dig(raw, "Zoom")
    if pan_tilt is None and zoom is None:
        return None
    return PtzPosition(
        _number(dig(pan_tilt, "x")), _number(dig(pan_tilt, "y")), _number(dig(zoom, "x"))
    )


def read_preset(raw: Any) -> Preset:
    """A ``Preset`` from one GetPresets entry."""
    return Preset(
        token=str(dig(raw, "token") or ""),
        name=clean(dig(raw, "Name"), 80),
        position=read_position(dig(raw, "PTZPosition")),
    )


def read_status(raw: Any) -> PtzStatus:
    """A ``PtzStatus`` from a GetStatus answer (the PTZStatus element)."""
    moves = dig(raw, "MoveStatus")
    return PtzStatus(
        position=read_position(dig(raw, "Position")) or PtzPosition(),
        pan_tilt_moving=str(dig(moves, "PanTilt") or ""),
        zoom_moving=str(dig(moves, "Zoom") or ""),
        error=str(dig(raw, "Error") or ""),
    )
