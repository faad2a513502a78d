"""The health of every configured camera, watched or not.

Two kinds of observation feed one ``HealthBook``: a camera on a wall is
judged by its stream (its tile's state), every other one by a light
background check (``app.devices.health_check``). The book keeps one
``HealthRecord`` per camera and says when a camera's health changes, so
the tree, the health panel and the alarms (``app.core.alarms``) all see
the same thing. Plain Python, touched from the GUI thread only.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, replace

from app.core.model import Camera, RecorderAddress, RecorderKind
from app.core.signal import Signal
from app.core.streams import Failure

logger = logging.getLogger("app.core")


class CameraHealth(enum.StrEnum):
    """One camera's health, as the health panel and the tree show it."""

    UNKNOWN = "unknown"  # not checked yet
    OK = "ok"
    DEGRADED = "degraded"  # pictures, but too few, too late, or reconnecting often
    DOWN = "down"  # refused, unreachable, silent, server error
    AUTH = "auth"  # the camera answers but refuses the credentials
    NEVER_REACHED = "never_reached"  # down, and never once reached since start

    @property
    def is_down(self) -> bool:
        """A health that raises a camera-down alarm."""
        return self in (CameraHealth.DOWN, CameraHealth.AUTH, CameraHealth.NEVER_REACHED)


class Source(enum.StrEnum):
    """Who observed a camera's health."""

    WALL = "wall"  # its stream on a wall
    CHECK = "check"  # the background check


@dataclass(frozen=True)
class Observation:
    """What one look at a camera found.

    Attributes:
        camera_id: the camera.
        ok: it answered (and, for a check, accepted the credentials).
        failure: why not, when not ok.
        detail: the device's or library's words (already sanitised), for the panel.
        at: wall-clock time of the observation.
        down_since: wall-clock time the camera was last seen working, when
            the observer knows it (a stream does); else the book decides.
        degraded: working, but poorly (a stream at well under its rate).
        source: who looked.
    """

    camera_id: str
    ok: bool
    failure: Failure = Failure.NONE
    detail: str = ""
    at: float = 0.0
    down_since: float | None = None
    degraded: bool = False
    source: Source = Source.CHECK


@dataclass(frozen=True)
class HealthRecord:
    """A camera's health and since when.

    Attributes:
        camera_id: the camera.
        health: its health now.
        since: wall-clock time this health began (for a down camera: "down since").
        failure: why it is down (``Failure.NONE`` when it is not).
        detail: the last words of the device or library about it.
        checked_at: wall-clock time of the last observation (None: never).
        source: who made the last observation.
        ever_ok: it has worked at least once since the program started.
    """

    camera_id: str
    health: CameraHealth = CameraHealth.UNKNOWN
    since: float = 0.0
    failure: Failure = Failure.NONE
    detail: str = ""
    checked_at: float | None = None
    source: Source = Source.CHECK
    ever_ok: bool = False


RECORDER_PREFIX = "recorder:"


def recorder_id(address: RecorderAddress) -> str:
    """The health book's id of a recorder (an NVR): ``recorder:<host>:<port>``."""
    return f"{RECORDER_PREFIX}{address.host}:{address.port}"


def is_recorder(record_id: str) -> bool:
    """Whether a health book id names a recorder rather than a camera."""
    return record_id.startswith(RECORDER_PREFIX)


def recorders_of(cameras: tuple[Camera, ...]) -> dict[str, RecorderAddress]:
    """The recorders (NVRs) the cameras' recordings are on, by health book id.

    A camera that records on its own card is checked as the camera it is.
    """
    found: dict[str, RecorderAddress] = {}
    for camera in cameras:
        recorder = camera.recorder
        if recorder is not None and recorder.kind is not RecorderKind.CAMERA and recorder.host:
            found.setdefault(recorder_id(recorder), recorder)
    return found


def book_ids(cameras: tuple[Camera, ...]) -> list[str]:
    """Everything the health book follows: the cameras, then their recorders."""
    return [c.id for c in cameras] + list(recorders_of(cameras))


def health_of(observation: Observation, ever_ok: bool) -> CameraHealth:
    """The health an observation shows, given whether the camera ever worked."""
    if observation.ok:
        return CameraHealth.DEGRADED if observation.degraded else CameraHealth.OK
    if observation.failure is Failure.AUTH:
        return CameraHealth.AUTH
    return CameraHealth.DOWN if ever_ok else CameraHealth.NEVER_REACHED


class HealthBook:
    """One record per configured camera; says when a health changes.

    Signals:
        changed(HealthRecord, HealthRecord): a camera's health changed (old, new).
    """

    def __init__(self, camera_ids: list[str], started_at: float = 0.0) -> None:
        self.changed = Signal()
        self._records = {cid: HealthRecord(cid, since=started_at) for cid in camera_ids}

    def record(self, camera_id: str) -> HealthRecord | None:
        """The camera's record (None for a camera not in the site)."""
        return self._records.get(camera_id)

    def records(self) -> list[HealthRecord]:
        """Every camera's record, in site order."""
        return list(self._records.values())

    def set_cameras(self, camera_ids: list[str], now: float) -> None:
        """Follow an edited site: new cameras start unknown, removed ones are forgotten."""
        old = self._records
        self._records = {cid: old.get(cid) or HealthRecord(cid, since=now) for cid in camera_ids}

    def observe(self, observation: Observation) -> HealthRecord | None:
        """Take one observation; the new record (None for an unknown camera)."""
        old = self._records.get(observation.camera_id)
        if old is None:
            return None
        ever_ok = old.ever_ok or observation.ok
        health = health_of(observation, old.ever_ok)
        if health is old.health:
            new = replace(
                old,
                failure=observation.failure,
                detail=observation.detail,
                checked_at=observation.at,
                source=observation.source,
                ever_ok=ever_ok,
            )
        else:
            since = observation.at
            if health.is_down and observation.down_since is not None:
                since = min(observation.down_since, observation.at)
            new = HealthRecord(
                observation.camera_id,
                health,
                since,
                observation.failure,
                observation.detail,
                observation.at,
                observation.source,
                ever_ok,
            )
        self._records[observation.camera_id] = new
        if new.health is not old.health:
            logger.info(
                "camera %s: %s -> %s (%s)", new.camera_id, old.health, new.health, new.failure
            )
            self.changed.emit(old, new)
        return new

    def counts(self) -> dict[CameraHealth, int]:
        """How many cameras are in each health."""
        out = dict.fromkeys(CameraHealth, 0)
        for record in self._records.values():
            out[record.health] += 1
        return out
