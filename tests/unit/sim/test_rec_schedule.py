"""The simulated archive's calendar: days back, a nightly outage, an offline hour."""

from __future__ import annotations

import itertools
import time

from hypothesis import given
from hypothesis import strategies as st

from app.sim.rec_schedule import RecordingPlan, local_midnight, offline_hour

NOW = 1_780_000_000.0  # a fixed device time, so the calendar is known


def test_archive_starts_at_midnight_days_back() -> None:
    plan = RecordingPlan("cam-a", days=3)
    first = plan.first(NOW)
    assert first == local_midnight(first)
    # Today, yesterday and the day before: between 2 and 3 days before now.
    assert 2 * 86400 < NOW - first <= 3 * 86400 + 3600


def test_nightly_outage_every_day_and_one_offline_hour_yesterday() -> None:
    plan = RecordingPlan("cam-a", days=3)
    gaps = plan.gaps(NOW)
    nightly = [(a, b) for a, b in gaps if time.localtime(a).tm_hour == 3]
    assert len(nightly) == 3
    assert all(b - a == 20 * 60 for a, b in nightly)
    offline = [(a, b) for a, b in gaps if (a, b) not in nightly]
    assert len(offline) == 1
    a, b = offline[0]
    assert b - a == 3600
    assert time.localtime(a).tm_hour == offline_hour("cam-a")
    assert local_midnight(a) == local_midnight(local_midnight(NOW) - 1)


def test_segments_avoid_the_gaps_and_end_now() -> None:
    plan = RecordingPlan("cam-b", days=2)
    segments = plan.segments(0, float("inf"), NOW)
    assert segments[0][0] == plan.first(NOW)
    assert segments[-1][1] == NOW
    for (_, b), (c, _) in itertools.pairwise(segments):
        assert (b, c) in plan.gaps(NOW)


@given(st.floats(0, 3 * 86400), st.floats(1, 86400))
def test_segments_are_clipped_sorted_and_disjoint(offset: float, length: float) -> None:
    plan = RecordingPlan("cam-c")
    start = plan.first(NOW) + offset
    segments = plan.segments(start, start + length, NOW)
    for a, b in segments:
        assert start <= a < b <= min(start + length, NOW)
        assert not any(g0 < (a + b) / 2 < g1 for g0, g1 in plan.gaps(NOW))
    assert all(b <= c for (_, b), (c, _) in itertools.pairwise(segments))


def test_a_clock_error_moves_the_device_now() -> None:
    plan = RecordingPlan("cam-d", clock_offset_s=600)
    assert 599 < plan.device_now() - time.time() < 601
