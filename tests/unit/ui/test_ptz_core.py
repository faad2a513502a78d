"""PTZ intents without Qt: lock refusal, pacing, Stop, and the gesture maths."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.core.ptzlock import PtzLockTable
from app.core.ptzrate import MoveRateLimiter, Velocity
from app.devices.ptz_types import PtzLimits, Range
from app.ui.ptz_core import PtzSession
from app.ui.ptz_geometry import Geometry, centre_translation, dead_zone, drag_velocity, rect_zoom
from app.ui.ptz_worker import Done, Job


class Clock:
    """A settable clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class RecordingSender:
    """Keeps the jobs instead of running them (the device side is tested elsewhere)."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Job, Done | None]] = []

    def submit(self, job: Job, done: Done | None = None) -> bool:
        self.jobs.append((job, done))
        return True


def _session(
    operator: str, locks: PtzLockTable, clock: Clock
) -> tuple[PtzSession, RecordingSender]:
    sender = RecordingSender()
    limiter = MoveRateLimiter(10.0, clock=clock)
    return PtzSession("cam-1", operator, locks, sender, limiter), sender


def test_second_operator_is_refused_while_the_lock_is_held() -> None:
    clock = Clock()
    locks = PtzLockTable(15.0, clock=clock)
    rossi, rossi_jobs = _session("Rossi", locks, clock)
    bianchi, bianchi_jobs = _session("Bianchi", locks, clock)
    changes: list[str] = []
    bianchi.on_changed = lambda: changes.append("changed")
    assert rossi.move(Velocity(pan=0.5)) is None
    refusal = bianchi.move(Velocity(pan=-0.5))
    assert refusal is not None and refusal.holder == "Rossi"
    assert bianchi.refusal == refusal and changes == ["changed"]
    assert bianchi_jobs.jobs == [] and len(rossi_jobs.jobs) == 1
    assert bianchi.run(lambda _w: _never(), None) is not None  # presets too
    clock.now += 16.0  # Rossi's lock expired
    assert bianchi.move(Velocity(pan=-0.5)) is None
    assert bianchi.holder() == "Bianchi" and bianchi.refusal is None


async def _never() -> None:
    raise AssertionError("must not run")


def test_moves_are_paced_and_the_final_stop_is_never_dropped() -> None:
    clock = Clock()
    session, sender = _session("Rossi", PtzLockTable(15.0, clock=clock), clock)
    session.move(Velocity(pan=0.2))
    session.move(Velocity(pan=0.4))  # within 100 ms: waits, then replaced
    session.move(Velocity(pan=0.6))
    assert len(sender.jobs) == 1 and session.due() == pytest.approx(1000.1)
    session.stop()  # at once, dropping the pending 0.6
    assert len(sender.jobs) == 2 and not session.moving and session.due() is None
    session.stop()  # nothing moves any more: nothing to send
    assert len(sender.jobs) == 2


def test_pending_velocity_goes_out_when_due() -> None:
    clock = Clock()
    session, sender = _session("Rossi", PtzLockTable(15.0, clock=clock), clock)
    session.move(Velocity(tilt=0.2))
    session.move(Velocity(tilt=0.9))
    session.poll()
    assert len(sender.jobs) == 1
    clock.now += 0.1
    session.poll()
    assert len(sender.jobs) == 2 and session.moving


def test_drag_velocity_signs_and_dead_zone() -> None:
    right_up = drag_velocity(0.5, -0.5)
    assert right_up.pan > 0 and right_up.tilt > 0
    assert drag_velocity(0.03, -0.04).is_stop
    assert drag_velocity(1.0, 1.0) == Velocity(1.0, -1.0)


@given(st.floats(allow_nan=False), st.floats(min_value=0.0, max_value=0.9))
def test_dead_zone_stays_in_range(value: float, zone: float) -> None:
    out = dead_zone(value, zone)
    assert -1.0 <= out <= 1.0
    assert out == 0.0 or (out > 0) == (value > 0)


def test_click_translation_follows_the_assumed_field_of_view() -> None:
    geo = Geometry.from_limits(PtzLimits("c", pan=Range(-1, 1), tilt=Range(-1, 1)))
    pan, tilt = centre_translation(1.0, 0.0, 0.0, geo)
    assert pan == pytest.approx(30 / 360 * 2)  # half of a 60 degree view, 2 units a turn
    assert tilt == 0.0
    zoomed, _ = centre_translation(1.0, 0.0, 1.0, geo)
    assert zoomed == pytest.approx(pan / 10)  # 10x at the top of the zoom range
    _, up = centre_translation(0.0, -1.0, 0.0, geo)
    assert up > 0


def test_rectangle_zoom_zooms_in_by_its_size() -> None:
    geo = Geometry()
    pan, tilt, dz = rect_zoom(0.5, 0.5, 0.5, 0.0, geo)
    assert pan > 0 and tilt < 0
    assert dz == pytest.approx(1 / 9)  # 1x -> 2x on a 1..10x range of 0..1
    assert rect_zoom(0.0, 0.0, 0.01, 0.9, geo)[2] == pytest.approx(0.1)  # clamped at the top
