"""The wall's stall rule comes from ``wall.stall_seconds``; reconnects are spread."""

from __future__ import annotations

import random

from app.config.settings import Settings
from app.video.pyav_engine import wall_engine
from app.video.timings import RECONNECT_AFTER_STALL_S, Timings


def test_stall_setting_drives_the_worker() -> None:
    settings = Settings()
    settings.set("wall.stall_seconds", 7.0)
    settings.set("video.open_timeout_s", 3.0)
    timings = wall_engine(settings).timings
    assert timings.stall_after == 7.0
    assert timings.reconnect_after == 7.0 + RECONNECT_AFTER_STALL_S
    assert timings.open_timeout == 3.0


def test_waits_of_cameras_that_failed_together_are_spread() -> None:
    timings = Timings()
    rng = random.Random(11)
    for step in range(6):
        nominal = timings.delay(step)
        waits = [timings.spread(nominal, rng) for _ in range(50)]
        assert all(nominal <= w <= nominal * (1 + timings.jitter) for w in waits)
        # Fifty cameras do not come back in the same tenth of the spread.
        assert max(waits) - min(waits) > nominal * timings.jitter / 10
    assert timings.spread(30.0, rng) >= 30.0  # "at most once per 30 s" holds
