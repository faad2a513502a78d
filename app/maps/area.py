"""A search area drawn on the map: which cameras lie inside it.

The operator draws a rectangle or a polygon on the map; the camera tree
then lists only the cameras inside it and the plate search looks only at
their reads. The map is Web-Mercator with north up, so the sides the
operator sees are straight lines in Mercator metres: containment is
decided there (even-odd rule, so a polygon that crosses itself keeps the
parts a person would call inside once), not on the sphere.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from app.maps.mercator import LatLon, in_range, to_metres
from app.maps.placement import Placement

#: Corners kept from a drawn polygon (a hand-drawn area never needs more).
MAX_CORNERS = 64


class AreaError(ValueError):
    """The points do not make an area (fewer than three, or outside the map)."""


@dataclass(frozen=True)
class SearchArea:
    """A closed polygon of at least three corners, in drawing order."""

    corners: tuple[LatLon, ...]

    def __post_init__(self) -> None:
        distinct = {(round(p.lat, 9), round(p.lon, 9)) for p in self.corners}
        if len(distinct) < 3:
            raise AreaError("an area needs three different corners")
        if len(self.corners) > MAX_CORNERS:
            raise AreaError(f"an area has at most {MAX_CORNERS} corners")
        if not all(in_range(p.lat, p.lon) for p in self.corners):
            raise AreaError("a corner lies outside the map")
        if _twice_area(self._xy()) == 0.0:
            raise AreaError("the corners lie on one line")

    @classmethod
    def rectangle(cls, a: LatLon, b: LatLon) -> SearchArea:
        """The north-up rectangle with opposite corners ``a`` and ``b``."""
        return cls(
            (
                LatLon(a.lat, a.lon),
                LatLon(a.lat, b.lon),
                LatLon(b.lat, b.lon),
                LatLon(b.lat, a.lon),
            )
        )

    def _xy(self) -> list[tuple[float, float]]:
        return [to_metres(p.lat, p.lon) for p in self.corners]

    def contains(self, point: LatLon) -> bool:
        """True when ``point`` is inside (a point on an edge may fall either way)."""
        if not in_range(point.lat, point.lon):
            return False
        x, y = to_metres(point.lat, point.lon)
        corners = self._xy()
        inside = False
        for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1], strict=True):
            if (y1 > y) != (y2 > y):  # the edge crosses the horizontal line through the point
                crossing = x1 + (y - y1) * (x2 - x1) / (y2 - y1)
                if crossing > x:
                    inside = not inside
        return inside

    def cameras_inside(self, placements: Iterable[Placement]) -> list[str]:
        """Ids of the placed cameras inside the area, by call-up number."""
        inside = [p for p in placements if self.contains(p.position)]
        return [p.camera_id for p in sorted(inside, key=lambda p: p.number)]

    def centre(self) -> LatLon:
        """The mean of the corners (where the map says how many cameras are inside)."""
        count = len(self.corners)
        return LatLon(
            sum(p.lat for p in self.corners) / count, sum(p.lon for p in self.corners) / count
        )


def _twice_area(corners: list[tuple[float, float]]) -> float:
    """Twice the signed area (shoelace); zero when every corner is on one line."""
    return abs(
        sum(
            x1 * y2 - x2 * y1
            for (x1, y1), (x2, y2) in zip(corners, corners[1:] + corners[:1], strict=True)
        )
    )


Point = tuple[float, float]


class AreaSketch:
    """An area being drawn with the mouse, in screen pixels.

    A drag (further than ``DRAG_PX``) from an empty sketch is a rectangle,
    finished on release. Clicks add a polygon's corners; ``close`` (a
    double-click, Enter) finishes it once it has three. The owner turns the
    finished corners into a ``SearchArea`` through its view.
    """

    DRAG_PX = 6.0

    def __init__(self) -> None:
        self.corners: list[Point] = []
        self.cursor: Point | None = None
        self._press: Point | None = None
        self._dragging = False

    def press(self, point: Point) -> None:
        """The button went down at ``point``."""
        self._press = point

    def move(self, point: Point) -> None:
        """The mouse moved (with or without the button)."""
        self.cursor = point
        start = self._press
        if start is not None and not self.corners and not self._dragging:
            self._dragging = math.dist(start, point) > self.DRAG_PX

    def release(self, point: Point) -> list[Point] | None:
        """The button came up: a finished rectangle's corners, or None (a corner was added)."""
        start, self._press = self._press, None
        if start is None:
            return None  # the release after a double-click
        if self._dragging:
            self._dragging = False
            (x1, y1), (x2, y2) = start, point
            return [(x1, y1), (x2, y1), (x2, y2), (x1, y2)]
        if not self.corners or math.dist(self.corners[-1], point) > self.DRAG_PX:
            self.corners.append(point)
        return None

    def close(self) -> list[Point] | None:
        """Finish the polygon: its corners (None while it has fewer than three)."""
        self._press = None
        if len(self.corners) < 3:
            return None
        corners, self.corners = self.corners, []
        return corners

    def outline(self) -> list[Point]:
        """What to draw now: the rectangle being dragged, or the corners so far."""
        if self._dragging and self._press is not None and self.cursor is not None:
            (x1, y1), (x2, y2) = self._press, self.cursor
            return [(x1, y1), (x2, y1), (x2, y2), (x1, y2)]
        return list(self.corners)

    @property
    def dragging(self) -> bool:
        """True while a rectangle is being dragged."""
        return self._dragging
