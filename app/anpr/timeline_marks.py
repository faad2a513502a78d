"""Marks on a camera's playback timeline: its plate hits and its alarms.

The playback tile asks, from a worker thread, what happened on its camera
in the time it shows; the answer comes from the station's own stores, read
only: the plate hits of the transit store (``app.anpr.timeline_hits``) and
the alarms of the alarm store (``app.core.alarm_store``). The stores' paths
are given by the composition root.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.anpr.timeline_hits import camera_hits
from app.core.alarm_store import camera_alarms
from app.core.recording import Span
from app.core.timeline import MarkKind, TimelineMark


@dataclass(frozen=True)
class TimelineMarks:
    """Reads a camera's marks from the alarm and transit databases (either may be missing)."""

    alarms: Path | None = None
    transits: Path | None = None

    def __call__(self, camera_id: str, span: Span) -> list[TimelineMark]:
        """Alarms and plate hits of ``camera_id`` inside ``span``, in time order."""
        marks: list[TimelineMark] = []
        if self.alarms is not None:
            for alarm in camera_alarms(self.alarms, camera_id, span.start, span.end):
                marks.append(TimelineMark(alarm.at, MarkKind.ALARM, str(alarm.kind)))
        if self.transits is not None:
            for hit in camera_hits(self.transits, camera_id, span.start, span.end):
                label = f"{hit.plate} ({hit.list_name})"
                marks.append(TimelineMark(hit.at, MarkKind.PLATE_HIT, label))
        return sorted(marks, key=lambda m: m.t)
