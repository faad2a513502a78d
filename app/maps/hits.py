"""Plate hits on the map: which hits show at which camera, and whether they flash.

A hotlist hit shows at its camera's pin on every open map with the plate
and the list's colour. It flashes until the operator acknowledges it, for
at most ``FLASH_S``; then it stays, steady, until acknowledged or for
``KEEP_S``. The board keeps at most ``MAX_MARKS`` hits (a flood of hits
must not bury the map): the oldest go first. Qt-free and evented; the
clock is injected so the timing is tested without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from app.core.signal import Signal

FLASH_S = 300.0  # an unacknowledged hit flashes this long at most
KEEP_S = 3600.0  # and stays on the map this long at most
MAX_MARKS = 200


@dataclass(frozen=True)
class HitMark:
    """One hit as the map shows it.

    ``colour`` is the list's ``#rrggbb``; ``captured_at`` the read's time
    (UTC seconds); ``arrived`` the board's clock when it came in.
    """

    hit_id: int
    camera_id: str
    plate: str
    list_name: str
    colour: str
    captured_at: float
    arrived: float = 0.0


@dataclass(frozen=True)
class CameraHits:
    """What one camera's pin carries: its newest hit, how many in all, whether to flash."""

    camera_id: str
    newest: HitMark
    count: int
    flashing: bool


class HitBoard:
    """The hits shown on the maps (one board for the map window and the map tiles).

    Signals:
        changed(): a hit came, was acknowledged, stopped flashing or left.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        *,
        flash_s: float = FLASH_S,
        keep_s: float = KEEP_S,
        most: int = MAX_MARKS,
    ) -> None:
        self.changed = Signal()
        self._clock = clock
        self.flash_s, self.keep_s, self.most = flash_s, keep_s, most
        self._marks: dict[int, HitMark] = {}  # by hit id, oldest first
        self._flashing: set[int] = set()

    def add(self, mark: HitMark) -> HitMark | None:
        """Show a new hit (stamped with the clock); None when the hit is already shown."""
        if mark.hit_id in self._marks:
            return None
        stamped = HitMark(
            mark.hit_id,
            mark.camera_id,
            mark.plate,
            mark.list_name,
            mark.colour,
            mark.captured_at,
            self._clock(),
        )
        self._marks[mark.hit_id] = stamped
        self._flashing.add(mark.hit_id)
        while len(self._marks) > self.most:
            oldest = next(iter(self._marks))
            self._forget(oldest)
        self.changed.emit()
        return stamped

    def acknowledge(self, hit_id: int) -> bool:
        """The hit was acknowledged: it leaves the map. False when it was not shown."""
        if hit_id not in self._marks:
            return False
        self._forget(hit_id)
        self.changed.emit()
        return True

    def _forget(self, hit_id: int) -> None:
        self._marks.pop(hit_id, None)
        self._flashing.discard(hit_id)

    def tick(self) -> bool:
        """Stop flashing and drop hits whose time is up; True when the board changed."""
        now = self._clock()
        changed = False
        for hit_id, mark in list(self._marks.items()):
            age = now - mark.arrived
            if age >= self.keep_s:
                self._forget(hit_id)
                changed = True
            elif age >= self.flash_s and hit_id in self._flashing:
                self._flashing.discard(hit_id)
                changed = True
        if changed:
            self.changed.emit()
        return changed

    def mark(self, hit_id: int) -> HitMark | None:
        """The shown hit with this id."""
        return self._marks.get(hit_id)

    def open_ids(self) -> list[int]:
        """Ids of the hits shown (all unacknowledged), oldest first."""
        return list(self._marks)

    def flashing(self, hit_id: int) -> bool:
        """True while the hit flashes."""
        return hit_id in self._flashing

    def at_camera(self, camera_id: str) -> list[HitMark]:
        """The hits shown at one camera, newest first."""
        return [m for m in reversed(self._marks.values()) if m.camera_id == camera_id]

    def by_camera(self) -> list[CameraHits]:
        """One entry per camera with hits, the camera with the newest hit last (drawn on top)."""
        grouped: dict[str, list[HitMark]] = {}
        for mark in self._marks.values():
            grouped.setdefault(mark.camera_id, []).append(mark)
        entries = [
            CameraHits(
                camera_id,
                marks[-1],
                len(marks),
                any(m.hit_id in self._flashing for m in marks),
            )
            for camera_id, marks in grouped.items()
        ]
        return sorted(entries, key=lambda e: e.newest.arrived)

    def __len__(self) -> int:
        return len(self._marks)
