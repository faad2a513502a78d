"""The rules of what raises an alarm, as a site file states them.

Kept apart from the alarm engine so the site model can carry them without
importing the engine.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class QuietWindow:
    """Planned work: no alarms for these cameras between two times of day.

    ``start`` after ``end`` spans midnight (22:00-06:00).
    """

    cameras: tuple[str, ...]
    start: dt.time
    end: dt.time
    reason: str = ""

    def covers(self, camera_id: str, moment: dt.datetime) -> bool:
        """Whether ``camera_id`` is quiet at local time ``moment``."""
        if not matches(camera_id, self.cameras):
            return False
        now = moment.time()
        if self.start <= self.end:
            return self.start <= now < self.end
        return now >= self.start or now < self.end


@dataclass(frozen=True)
class AlarmRules:
    """What raises an alarm (the site file's ``[alarms]`` table).

    Attributes:
        down_after_s: seconds a camera must stay down before its alarm.
        cameras: patterns (``*`` wildcards) of the camera ids that raise alarms.
        ignore: patterns of camera ids that never do.
        quiet: planned-work windows.
        screen: video-loss alarms also put the camera on this wall screen
            (1-based; 0: no).
    """

    down_after_s: float = 5.0
    cameras: tuple[str, ...] = ("*",)
    ignore: tuple[str, ...] = ()
    quiet: tuple[QuietWindow, ...] = field(default=())
    screen: int = 0

    def watches(self, camera_id: str) -> bool:
        """Whether the camera raises alarms at all."""
        return matches(camera_id, self.cameras) and not matches(camera_id, self.ignore)

    def quiet_for(self, camera_id: str, moment: dt.datetime) -> QuietWindow | None:
        """The planned-work window covering the camera now, if any."""
        return next((w for w in self.quiet if w.covers(camera_id, moment)), None)


def matches(camera_id: str, patterns: Iterable[str]) -> bool:
    """Whether ``camera_id`` matches one of ``patterns`` (``*`` and ``?`` wildcards)."""
    return any(fnmatch.fnmatchcase(camera_id, p) for p in patterns)
