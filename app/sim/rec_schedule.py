"""When a simulated camera was recording: the last days, with realistic gaps.

A real recorder's archive has holes, and a client that exports evidence must
see them. Every simulated camera has recorded since local midnight
``days`` days ago, up to the device's "now", except:

- every night from 03:00 to 03:20 local time (the recorder's maintenance
  window: a nightly outage);
- one hour of the previous day, different per camera (08:00-18:00), when
  the camera was offline.

Everything is a pure function of the camera id, the time zone of this
process and the device clock, so tests can compute the same gaps. Times are
device seconds since the Unix epoch (UTC); a device whose clock is off
(:attr:`RecordingPlan.clock_offset_s`) stamps its archive with its own time.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass

Span = tuple[float, float]

#: Nightly outage, local time: (hour, minute) from, (hour, minute) to.
NIGHTLY_OUTAGE = ((3, 0), (3, 20))
OFFLINE_HOURS = range(8, 18)
DEFAULT_DAYS = 3


def local_midnight(t: float) -> float:
    """The local midnight that starts the day of ``t``."""
    tm = time.localtime(t)
    return time.mktime((tm.tm_year, tm.tm_mon, tm.tm_mday, 0, 0, 0, 0, 0, -1))


def _local(day: float, hour: int, minute: int = 0) -> float:
    """Local ``hour:minute`` on the day that starts at local midnight ``day``."""
    tm = time.localtime(day + 3600)  # inside the day, whatever the DST change
    return time.mktime((tm.tm_year, tm.tm_mon, tm.tm_mday, hour, minute, 0, 0, 0, -1))


def offline_hour(camera_id: str) -> int:
    """The hour of yesterday when this camera was offline."""
    return OFFLINE_HOURS[zlib.crc32(camera_id.encode()) % len(OFFLINE_HOURS)]


@dataclass
class RecordingPlan:
    """One camera's archive: what is recorded between two device times."""

    camera_id: str
    days: int = DEFAULT_DAYS
    clock_offset_s: float = 0.0

    def device_now(self) -> float:
        """The device's clock now (this machine's clock plus the configured error)."""
        return time.time() + self.clock_offset_s

    def first(self, now: float | None = None) -> float:
        """Where the archive starts: local midnight ``days`` days before today."""
        now = self.device_now() if now is None else now
        return local_midnight(local_midnight(now) - (self.days - 1) * 86400 + 43200)

    def gaps(self, now: float | None = None) -> list[Span]:
        """Every hole in the archive, oldest first."""
        now = self.device_now() if now is None else now
        out: list[Span] = []
        day = self.first(now)
        (h0, m0), (h1, m1) = NIGHTLY_OUTAGE
        while day <= now:
            out.append((_local(day, h0, m0), _local(day, h1, m1)))
            day = local_midnight(day + 86400 + 43200)
        yesterday = local_midnight(local_midnight(now) - 43200)
        hour = offline_hour(self.camera_id)
        out.append((_local(yesterday, hour), _local(yesterday, hour + 1)))
        return sorted(g for g in out if g[0] < now)

    def segments(self, start: float, end: float, now: float | None = None) -> list[Span]:
        """The recorded spans that overlap ``[start, end)``, clipped to it."""
        now = self.device_now() if now is None else now
        spans: list[Span] = []
        cursor = self.first(now)
        for a, b in [*self.gaps(now), (now, now)]:
            if a > cursor:
                spans.append((cursor, min(a, now)))
            cursor = max(cursor, b)
        clipped = [(max(a, start), min(b, end)) for a, b in spans]
        return [(a, b) for a, b in clipped if b > a]
