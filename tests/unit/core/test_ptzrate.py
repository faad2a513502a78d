"""The ContinuousMove rate limiter, driven by a fake clock."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.ptzrate import STOP, MoveRateLimiter, Velocity


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_first_move_goes_out_at_once_and_later_ones_wait_for_the_slot() -> None:
    clock = FakeClock()
    limiter = MoveRateLimiter(10, clock)
    assert limiter.offer(Velocity(0.5)) == Velocity(0.5)
    clock.now += 0.03
    assert limiter.offer(Velocity(0.6)) is None
    assert limiter.due() == pytest.approx(100.1)
    assert limiter.poll() is None  # too early
    clock.now = 100.1
    assert limiter.poll() == Velocity(0.6)
    assert limiter.poll() is None and limiter.due() is None


def test_latest_velocity_wins_while_waiting() -> None:
    clock = FakeClock()
    limiter = MoveRateLimiter(10, clock)
    limiter.offer(Velocity(0.1))
    for step in range(1, 6):
        clock.now += 0.01
        assert limiter.offer(Velocity(0.1 + step / 10)) is None
    clock.now += 0.1
    assert limiter.poll() == Velocity(0.6)
    assert limiter.coalesced == 4


def test_stop_is_never_delayed_or_dropped() -> None:
    clock = FakeClock()
    limiter = MoveRateLimiter(10, clock)
    limiter.offer(Velocity(0.5, 0.5))
    clock.now += 0.001
    limiter.offer(Velocity(-0.5))
    assert limiter.offer(Velocity(0, 0, 0)) == STOP  # zero velocity is a stop, sent now
    assert limiter.pending is None and limiter.poll() is None
    assert limiter.stop() == STOP  # a second stop is sent again, not deduplicated


def test_same_velocity_is_not_repeated() -> None:
    clock = FakeClock()
    limiter = MoveRateLimiter(10, clock)
    limiter.offer(Velocity(0.2))
    clock.now += 1
    assert limiter.offer(Velocity(0.2)) is None
    assert limiter.due() is None


def test_bad_values_are_refused() -> None:
    with pytest.raises(ValueError):
        Velocity(1.5)
    with pytest.raises(ValueError):
        Velocity(0, math.nan)
    with pytest.raises(ValueError):
        MoveRateLimiter(0)


_axis = st.floats(-1, 1)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 0.3), _axis, _axis, st.booleans()), max_size=60))
def test_never_more_than_the_rate_and_the_last_wish_is_what_the_camera_gets(
    steps: list[tuple[float, float, float, bool]],
) -> None:
    clock = FakeClock()
    limiter = MoveRateLimiter(10, clock)
    sent: list[tuple[float, Velocity]] = []
    last_wish = STOP
    for gap, pan, tilt, stop in steps:
        clock.now += gap
        released = limiter.poll()
        if released is not None:
            sent.append((clock.now, released))
        last_wish = STOP if stop else Velocity(pan, tilt)
        out = limiter.offer(last_wish)
        if out is not None:
            sent.append((clock.now, out))
    clock.now += 1
    released = limiter.poll()
    if released is not None:
        sent.append((clock.now, released))
    moves = [t for t, v in sent if not v.is_stop]
    assert all(b - a >= 0.1 - 1e-9 for a, b in itertools.pairwise(moves))
    final = sent[-1][1] if sent else STOP
    assert final == last_wish
