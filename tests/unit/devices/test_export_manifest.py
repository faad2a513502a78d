"""Gaps an export finds in the frames themselves."""

from __future__ import annotations

from app.core.recording import Span
from app.devices.export_manifest import frame_gaps


def test_pause_and_missing_start_are_gaps() -> None:
    times = [10 + k * 0.04 for k in range(50)] + [20 + k * 0.04 for k in range(50)]
    gaps = frame_gaps(Span(8, 22), times, complete=True)
    assert [(round(g.start, 2), round(g.end, 2)) for g in gaps] == [(8, 10), (12.0, 20)]


def test_an_interrupted_export_does_not_call_its_missing_end_a_gap() -> None:
    times = [k * 0.04 for k in range(25)]
    assert frame_gaps(Span(0, 10), times, complete=False) == []
    gaps = frame_gaps(Span(0, 10), times, complete=True)
    assert [(round(g.start, 2), round(g.end, 2)) for g in gaps] == [(1.0, 10)]


def test_no_frames() -> None:
    assert frame_gaps(Span(0, 5), [], complete=True) == [Span(0, 5)]
