"""Alarms: a camera going down, coming back, refusing its credentials.

The ``AlarmEngine`` listens to the health book (``app.core.health``) and
turns changes into ``Alarm`` entries by the site's ``AlarmRules``: which
cameras raise alarms, how long a camera must stay down first (a blip is
not an alarm), quiet hours for planned work. Alarms are kept in an
``AlarmStore`` (SQLite) so they survive a restart, and each is
acknowledged by an operator with a note. Plain Python, GUI thread only.
"""

from __future__ import annotations

import datetime as dt
import enum
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from app.core.alarm_rules import AlarmRules
from app.core.health import CameraHealth, HealthRecord, is_recorder
from app.core.signal import Signal
from app.core.streams import Failure

logger = logging.getLogger("app.core")


class AlarmKind(enum.StrEnum):
    """What happened."""

    CAMERA_DOWN = "camera_down"
    WRONG_CREDENTIALS = "wrong_credentials"
    CAMERA_BACK = "camera_back"
    RECORDER_UNREACHABLE = "recorder_unreachable"


#: Higher sounds more insistently and sorts first.
PRIORITY = {
    AlarmKind.CAMERA_DOWN: 2,
    AlarmKind.WRONG_CREDENTIALS: 2,
    AlarmKind.RECORDER_UNREACHABLE: 2,
    AlarmKind.CAMERA_BACK: 1,
}


@dataclass(frozen=True)
class Alarm:
    """One alarm as the operator sees it in the list.

    Attributes:
        id: its number in the store (0 before it is stored).
        at: wall-clock time it was raised.
        camera_id: the camera it is about.
        kind: what happened.
        failure: why the camera is down (for down and credentials alarms).
        since: wall-clock time the camera went down (for down alarms).
        priority: ``PRIORITY[kind]``.
        acked_by: the operator who acknowledged it ("" while unacknowledged).
        acked_at: when (None while unacknowledged).
        note: the operator's note.
    """

    id: int
    at: float
    camera_id: str
    kind: AlarmKind
    failure: Failure = Failure.NONE
    since: float | None = None
    priority: int = 1
    acked_by: str = ""
    acked_at: float | None = None
    note: str = ""

    @property
    def acknowledged(self) -> bool:
        """Whether an operator has acknowledged it."""
        return self.acked_at is not None


class AlarmLog(Protocol):
    """Where alarms are kept (``app.core.alarm_store.AlarmStore``)."""

    def add(self, alarm: Alarm) -> Alarm:
        """Store a new alarm; returns it with its id."""
        ...

    def acknowledge(self, alarm_id: int, who: str, at: float, note: str) -> Alarm | None:
        """Record an acknowledgement; the updated alarm (None: no such alarm)."""
        ...

    def recent(self, limit: int = 500) -> list[Alarm]:
        """The newest alarms first."""
        ...

    def open_outages(self) -> set[str]:
        """Cameras whose last alarm says they are down (no "back" since)."""
        ...


class AlarmEngine:
    """Raises alarms from health changes, by the rules.

    Signals:
        raised(Alarm): a new alarm was stored.
        acknowledged(Alarm): an operator acknowledged one.
    """

    def __init__(
        self,
        rules: AlarmRules,
        log: AlarmLog,
        local_time: Callable[[float], dt.datetime] = dt.datetime.fromtimestamp,
    ) -> None:
        self.rules = rules
        self.raised = Signal()
        self.acknowledged = Signal()
        self._log = log
        self._local_time = local_time
        self._pending: dict[str, HealthRecord] = {}  # down, not long enough yet
        # Cameras whose down alarm is out (also from before a restart).
        self._down = log.open_outages()

    def on_health_changed(self, old: HealthRecord, new: HealthRecord) -> None:
        """Slot for ``HealthBook.changed``."""
        cam = new.camera_id
        if new.health.is_down:
            if not old.health.is_down or new.health is not old.health:
                self._pending[cam] = new
            return
        self._pending.pop(cam, None)  # a blip shorter than down_after_s: nothing to say
        if new.health is CameraHealth.UNKNOWN or cam not in self._down:
            return
        self._down.discard(cam)
        self._raise(Alarm(0, new.checked_at or new.since, cam, AlarmKind.CAMERA_BACK))

    def tick(self, now: float) -> list[Alarm]:
        """Raise the down alarms that have lasted long enough; returns them."""
        out = []
        for cam, record in list(self._pending.items()):
            if now - record.since < self.rules.down_after_s:
                continue
            del self._pending[cam]
            if not self.rules.watches(cam):
                continue
            window = self.rules.quiet_for(cam, self._local_time(now))
            if window is not None:
                logger.info("camera %s down during planned work (%s)", cam, window.reason)
                continue
            if cam in self._down and record.health is not CameraHealth.AUTH:
                continue  # its down alarm is already out
            self._down.add(cam)
            if is_recorder(cam):
                kind = AlarmKind.RECORDER_UNREACHABLE
            elif record.health is CameraHealth.AUTH:
                kind = AlarmKind.WRONG_CREDENTIALS
            else:
                kind = AlarmKind.CAMERA_DOWN
            out.append(self._raise(Alarm(0, now, cam, kind, record.failure, record.since)))
        return out

    def acknowledge(self, alarm_id: int, who: str, note: str, now: float) -> Alarm | None:
        """An operator acknowledges an alarm (with a note)."""
        alarm = self._log.acknowledge(alarm_id, who, now, note)
        if alarm is not None:
            logger.info("alarm %d acknowledged by %s", alarm_id, who)
            self.acknowledged.emit(alarm)
        return alarm

    def recent(self, limit: int = 500) -> list[Alarm]:
        """The newest alarms first (from the store)."""
        return self._log.recent(limit)

    def _raise(self, alarm: Alarm) -> Alarm:
        alarm = self._log.add(
            Alarm(
                alarm.id,
                alarm.at,
                alarm.camera_id,
                alarm.kind,
                alarm.failure,
                alarm.since,
                PRIORITY[alarm.kind],
            )
        )
        logger.warning("alarm %d: %s %s (%s)", alarm.id, alarm.kind, alarm.camera_id, alarm.failure)
        self.raised.emit(alarm)
        return alarm


def unacknowledged(alarms: Sequence[Alarm]) -> list[Alarm]:
    """The alarms still waiting for an operator, highest priority first."""
    waiting = [a for a in alarms if not a.acknowledged]
    return sorted(waiting, key=lambda a: (-a.priority, -a.at))
