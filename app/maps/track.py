"""A vehicle's track on the map: its passages camera to camera in time order.

``build_track`` orders a plate's reads by capture time, puts each on its
camera's placement and joins consecutive reads at the same camera into
one stop (a vehicle parked in front of a gate is read again and again).
Legs join the stops in order, with the distance and the time between
them. Reads from cameras the map cannot show are counted, not drawn.
A vehicle that goes back and forth passes the same cameras again:
``drawn_legs`` keeps one leg per pair of cameras and direction, and
``stops_by_camera`` one label per camera, so the map stays readable and
cheap to paint however long the track. ``leg_geometry`` is the drawing
maths in screen pixels: the line, shifted
a little to the right of the way travelled (so A->B and B->A stay apart),
and an arrow head at its middle.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from app.core.plates import PlateRead
from app.maps.geodesy import distance_m
from app.maps.mercator import LatLon
from app.maps.placement import Placement

#: Stops drawn at most; a longer track keeps its latest stops (and says so).
MAX_STOPS = 200

Point = tuple[float, float]


@dataclass(frozen=True)
class TrackStop:
    """One or more consecutive passages at one camera."""

    order: int  # 1 for the first stop
    camera_id: str
    number: int
    name: str
    position: LatLon
    times: tuple[float, ...]  # capture times, oldest first


@dataclass(frozen=True)
class TrackLeg:
    """The way from one stop to the next."""

    start: TrackStop
    end: TrackStop
    distance_m: float
    elapsed_s: float

    @property
    def speed_kmh(self) -> float | None:
        """The average speed it implies (None when no time passed)."""
        if self.elapsed_s <= 0:
            return None
        return self.distance_m / self.elapsed_s * 3.6


@dataclass(frozen=True)
class Track:
    """A plate's passages on the map."""

    plate: str
    stops: tuple[TrackStop, ...]
    legs: tuple[TrackLeg, ...]
    passages: int  # reads on the map (a stop may hold several)
    unplaced: tuple[str, ...] = ()  # cameras of reads the map cannot show
    dropped: int = 0  # earliest stops left out beyond MAX_STOPS

    @property
    def positions(self) -> list[LatLon]:
        """Where the stops are (to fit the map around the track)."""
        return [s.position for s in self.stops]


def build_track(
    plate: str,
    reads: Iterable[PlateRead],
    placements: Mapping[str, Placement],
    most: int = MAX_STOPS,
) -> Track:
    """The track of ``reads`` (any order) over the cameras in ``placements``."""
    ordered = sorted(reads, key=lambda r: (r.captured_at, r.camera_id))
    groups: list[tuple[Placement, list[float]]] = []
    unplaced: list[str] = []
    passages = 0
    for read in ordered:
        placement = placements.get(read.camera_id)
        if placement is None:
            if read.camera_id not in unplaced:
                unplaced.append(read.camera_id)
            continue
        passages += 1
        if groups and groups[-1][0].camera_id == read.camera_id:
            groups[-1][1].append(read.captured_at)
        else:
            groups.append((placement, [read.captured_at]))
    dropped = max(0, len(groups) - most)
    stops = tuple(
        TrackStop(n, p.camera_id, p.number, p.name, p.position, tuple(times))
        for n, (p, times) in enumerate(groups[dropped:], start=dropped + 1)
    )
    legs = tuple(
        TrackLeg(a, b, distance_m(a.position, b.position), b.times[0] - a.times[-1])
        for a, b in itertools.pairwise(stops)
    )
    return Track(plate, stops, legs, passages, tuple(unplaced), dropped)


def drawn_legs(track: Track) -> list[TrackLeg]:
    """The legs to draw: the first of each (from camera, to camera) pair, in order."""
    seen: set[tuple[str, str]] = set()
    legs = []
    for leg in track.legs:
        pair = (leg.start.camera_id, leg.end.camera_id)
        if pair not in seen:
            seen.add(pair)
            legs.append(leg)
    return legs


def stops_by_camera(track: Track) -> dict[str, list[TrackStop]]:
    """Each camera's stops in order (one label per camera on the map)."""
    grouped: dict[str, list[TrackStop]] = {}
    for stop in track.stops:
        grouped.setdefault(stop.camera_id, []).append(stop)
    return grouped


@dataclass(frozen=True)
class LegGeometry:
    """A leg as drawn: its line and the arrow head's three points, in screen pixels."""

    start: Point
    end: Point
    tip: Point
    left: Point
    right: Point


def leg_geometry(
    start: Point, end: Point, *, offset: float = 4.0, head: float = 11.0, gap: float = 14.0
) -> LegGeometry | None:
    """The line from ``start`` to ``end`` and its arrow (None: the stops overlap on screen).

    The line is shifted ``offset`` pixels to the right of the way travelled
    and stops ``gap`` pixels short of each pin; the arrow head (``head``
    pixels long, 60 degrees wide) points the way at the line's middle.
    """
    dx, dy = end[0] - start[0], end[1] - start[1]
    length = math.hypot(dx, dy)
    if length <= 2 * gap + head:
        return None
    ux, uy = dx / length, dy / length  # along the leg
    rx, ry = -uy, ux  # to the right of it on a screen whose y grows downwards
    sx, sy = start[0] + rx * offset + ux * gap, start[1] + ry * offset + uy * gap
    ex, ey = end[0] + rx * offset - ux * gap, end[1] + ry * offset - uy * gap
    tip = ((sx + ex) / 2 + ux * head / 2, (sy + ey) / 2 + uy * head / 2)
    half = head * math.tan(math.radians(30))
    back = (tip[0] - ux * head, tip[1] - uy * head)
    left = (back[0] - rx * half, back[1] - ry * half)
    right = (back[0] + rx * half, back[1] + ry * half)
    return LegGeometry((sx, sy), (ex, ey), tip, left, right)
