"""Who may move a PTZ camera right now.

Two operators steering one camera fight each other, so moving a camera
holds it for ``ptz.lock_seconds`` (renewed by every move). While held, a
move from another operator of equal or lower priority is refused with a
``PtzRefusal`` naming the holder (the UI shows "PTZ in uso da <operatore>");
a higher priority takes the camera over. Locks expire by themselves, so a
station that crashes never keeps a camera.

``PtzLock`` is plain data with ``as_dict``/``from_dict`` so that an event bus
can carry it between stations; ``PtzLockTable.merge`` applies a lock heard
from elsewhere. The clock is injectable; it must be comparable across
stations when locks travel (wall-clock time, kept by NTP).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

Clock = Callable[[], float]
DEFAULT_LOCK_SECONDS = 15.0


@dataclass(frozen=True)
class PtzLock:
    """One camera held by one operator until ``expires_at`` (clock seconds)."""

    camera_id: str
    operator: str
    priority: int
    expires_at: float
    station: str = ""

    def as_dict(self) -> dict[str, Any]:
        """The lock as JSON-ready data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PtzLock:
        """A lock from ``as_dict`` data; ValueError on anything malformed."""
        try:
            return cls(
                camera_id=str(data["camera_id"]),
                operator=str(data["operator"]),
                priority=int(data["priority"]),
                expires_at=float(data["expires_at"]),
                station=str(data.get("station", "")),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise ValueError(f"not a PTZ lock: {err}") from err


@dataclass(frozen=True)
class PtzGrant:
    """The move may go ahead; ``taken_from`` names a lower-priority holder displaced."""

    lock: PtzLock
    taken_from: str = ""


@dataclass(frozen=True)
class PtzRefusal:
    """The move is refused: ``holder`` has the camera for ``remaining_s`` more seconds.

    The UI's text is "PTZ in uso da <holder>"; ``reason`` is a stable code.
    """

    camera_id: str
    holder: str
    holder_priority: int
    remaining_s: float
    reason: str = "ptz_in_use"

    def __str__(self) -> str:
        return f"PTZ of {self.camera_id} in use by {self.holder} ({self.remaining_s:.0f} s left)"


class PtzLockTable:
    """The PTZ locks known to this station, one per camera."""

    def __init__(
        self, lock_seconds: float = DEFAULT_LOCK_SECONDS, clock: Clock = time.time
    ) -> None:
        if lock_seconds <= 0:
            raise ValueError("lock_seconds must be positive")
        self.lock_seconds = lock_seconds
        self._clock = clock
        self._locks: dict[str, PtzLock] = {}

    def holder(self, camera_id: str) -> PtzLock | None:
        """The live lock on ``camera_id``; expired locks are forgotten here."""
        lock = self._locks.get(camera_id)
        if lock is not None and lock.expires_at <= self._clock():
            del self._locks[camera_id]
            return None
        return lock

    def acquire(
        self, camera_id: str, operator: str, priority: int = 0, station: str = ""
    ) -> PtzGrant | PtzRefusal:
        """Take or renew the lock for a move by ``operator``."""
        current = self.holder(camera_id)
        taken_from = ""
        if current is not None and current.operator != operator:
            if priority <= current.priority:
                remaining = current.expires_at - self._clock()
                return PtzRefusal(camera_id, current.operator, current.priority, remaining)
            taken_from = current.operator
        lock = PtzLock(camera_id, operator, priority, self._clock() + self.lock_seconds, station)
        self._locks[camera_id] = lock
        return PtzGrant(lock, taken_from)

    def release(self, camera_id: str, operator: str) -> bool:
        """Give the camera back early; only its holder can. True if released."""
        current = self.holder(camera_id)
        if current is None or current.operator != operator:
            return False
        del self._locks[camera_id]
        return True

    def merge(self, lock: PtzLock) -> bool:
        """Apply a lock announced by another station; True if it now holds.

        The same rule as a local ``acquire``: it replaces the current lock if
        from the same operator or of higher priority; expired locks are ignored.
        """
        if lock.expires_at <= self._clock():
            return False
        current = self.holder(lock.camera_id)
        if (
            current is not None
            and current.operator != lock.operator
            and lock.priority <= current.priority
        ):
            return False
        self._locks[lock.camera_id] = lock
        return True

    def locks(self) -> list[PtzLock]:
        """Every live lock (for a status view or a newly joined station)."""
        return [lock for cam in list(self._locks) if (lock := self.holder(cam)) is not None]
