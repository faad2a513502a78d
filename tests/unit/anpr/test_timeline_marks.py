"""Marks on a camera's playback timeline: its plate hits and alarms, read from the stores."""

from __future__ import annotations

from pathlib import Path

from app.anpr.hotlists import Hotlists
from app.anpr.pipeline import PlatePipeline
from app.anpr.timeline_marks import TimelineMarks
from app.core.alarm_store import AlarmStore
from app.core.alarms import Alarm, AlarmKind
from app.core.recording import Span
from app.core.timeline import MarkKind, TimelineMark
from tests.plate_fixtures import plate_read

T0 = 1_700_000_000.0


def test_hits_and_alarms_of_the_camera_in_the_span_only(
    pipeline: PlatePipeline, plate_hotlists: Hotlists, tmp_path: Path
) -> None:
    plate_hotlists.add_manual("A1", "AB120CD", "rubata", None, "rossi")
    for plate, at, camera in (
        ("AB120CD", T0 + 10, "varco-1"),  # a hit, in the span
        ("ZZ999ZZ", T0 + 20, "varco-1"),  # a read, no hit
        ("AB120CD", T0 + 30, "varco-2"),  # a hit of another camera
        ("AB120CD", T0 + 900, "varco-1"),  # a hit after the span
    ):
        pipeline.submit(plate_read(plate, at, camera))
    assert pipeline.flush()
    alarms = AlarmStore(tmp_path / "allarmi.sqlite")
    try:
        alarms.add(Alarm(0, T0 + 5, "varco-1", AlarmKind.CAMERA_DOWN))
        alarms.add(Alarm(0, T0 + 15, "varco-2", AlarmKind.CAMERA_DOWN))
        alarms.add(Alarm(0, T0 + 40, "varco-1", AlarmKind.CAMERA_BACK))
        marks = TimelineMarks(tmp_path / "allarmi.sqlite", pipeline.store.path)
        found = marks("varco-1", Span(T0, T0 + 600))
    finally:
        alarms.close()
    assert found == [
        TimelineMark(T0 + 5, MarkKind.ALARM, "camera_down"),
        TimelineMark(T0 + 10, MarkKind.PLATE_HIT, "AB120CD (A1)"),
        TimelineMark(T0 + 40, MarkKind.ALARM, "camera_back"),
    ]


def test_missing_or_broken_stores_give_no_marks(tmp_path: Path) -> None:
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database at all" * 10)
    for path in (tmp_path / "missing.sqlite", broken):
        assert TimelineMarks(path, path)("varco-1", Span(T0, T0 + 60)) == []
    assert TimelineMarks()("varco-1", Span(T0, T0 + 60)) == []
