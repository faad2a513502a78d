"""Sliding-window rates and reconnect backoff."""

from __future__ import annotations

import pytest

from app.video.rates import RateMeter
from app.video.worker import Timings


def test_rate_of_steady_events() -> None:
    meter = RateMeter(window=2.0)
    for i in range(100):
        meter.add(1, now=i * 0.04)  # 25 per second for 4 s
    assert meter.rate(now=99 * 0.04) == pytest.approx(25.0, rel=0.05)


def test_rate_falls_to_zero_when_events_stop() -> None:
    meter = RateMeter(window=2.0)
    for i in range(50):
        meter.add(1000, now=i * 0.04)
    assert meter.rate(now=10.0) == 0.0


def test_young_meter_does_not_read_low() -> None:
    meter = RateMeter(window=2.0)
    for i in range(5):
        meter.add(1, now=i * 0.1)
    assert meter.rate(now=0.4) == pytest.approx(10.0, rel=0.01)


def test_backoff_grows_and_is_capped() -> None:
    timings = Timings()
    delays = [timings.delay(n) for n in range(8)]
    assert delays[:5] == [0.5, 1.0, 2.0, 4.0, 8.0]
    assert delays[5:] == [10.0, 10.0, 10.0]
    assert delays == sorted(delays)


def test_source_rate_reads_time_stamps_not_arrivals() -> None:
    from app.video.rates import SourceRate

    rate = SourceRate()
    for n in range(25):  # a burst: all arrive at once, stamped 12.5 fps apart
        rate.add(n * 0.08)
    assert abs(rate.rate() - 12.5) < 0.01
    rate.add(0.0)  # stamps jump back (reconnect): start over
    assert rate.rate() == 0.0
    rate.add(None)
    assert rate.rate() == 0.0


def test_fps_shown_never_exceeds_the_source() -> None:
    from app.core.streams import StreamStats

    assert StreamStats(fps_in=50.0, fps_source=12.5).fps_shown == 12.5
    assert StreamStats(fps_in=3.0, fps_source=12.5).fps_shown == 3.0
    assert StreamStats(fps_in=7.0).fps_shown == 7.0
