"""The timeline model: pixels and times, scrubbing over gaps, zoom and selection."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.recording import Span
from app.core.timeline import MIN_VIEW_S, MarkKind, TimelineMark, TimelineModel


def model() -> TimelineModel:
    return TimelineModel(Span(0, 1000), [Span(0, 400), Span(600, 1000)], cursor=100)


@given(st.floats(0, 1000), st.integers(100, 4000))
def test_pixels_and_times_round_trip(t: float, width: int) -> None:
    m = model()
    assert m.time_at(m.x_of(t, width), width) == pytest.approx(t, abs=1e-6)


def test_scrub_into_a_gap_lands_on_the_next_recording() -> None:
    m = model()
    assert m.gaps() == [Span(400, 600)]
    assert m.scrub_to(450) == 600 and m.cursor == 600
    assert m.scrub_to(300) == 300


def test_zoom_keeps_the_point_under_the_mouse() -> None:
    m = model()
    m.zoom(0.5, 250)
    assert m.view == Span(125, 625)
    m.zoom(1e-9, 250)
    assert m.view.seconds == MIN_VIEW_S


def test_selection_is_ordered() -> None:
    m = model()
    assert m.select(700, 650) == Span(650, 700) == m.selection


def test_a_press_near_a_mark_picks_the_nearest() -> None:
    m = model()
    m.marks = [
        TimelineMark(500, MarkKind.ALARM, "camera_down"),
        TimelineMark(510, MarkKind.PLATE_HIT, "AB123CD (A1)"),
    ]
    # 1000 px for 1000 s: one pixel a second.
    assert m.mark_at(503, 1000) == m.marks[0]
    assert m.mark_at(508, 1000) == m.marks[1]
    assert m.mark_at(530, 1000) is None
