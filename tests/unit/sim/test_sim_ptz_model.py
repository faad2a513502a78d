"""The simulated PTZ head: motion integrated over a fake clock, limits, presets, home."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.sim.ptz import GLIDE_RATE, PAN_TILT_RATE, ZOOM_RATE, PtzError, PtzModel


class FakeClock:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def model(clock: FakeClock) -> PtzModel:
    return PtzModel(clock)


def test_continuous_move_integrates_velocity(model: PtzModel, clock: FakeClock) -> None:
    model.continuous_move((0.5, -0.5, 1.0))
    clock.now += 1.0
    pan, tilt, zoom = model.position()
    assert pan == pytest.approx(0.5 * PAN_TILT_RATE)
    assert tilt == pytest.approx(-0.5 * PAN_TILT_RATE)
    assert zoom == pytest.approx(ZOOM_RATE)
    assert model.moving() == (True, True)


def test_continuous_move_clamps_at_the_limits(model: PtzModel, clock: FakeClock) -> None:
    model.continuous_move((1.0, 1.0, -1.0))
    clock.now += 60.0
    assert model.position() == (1.0, 1.0, 0.0)


def test_continuous_move_ends_at_its_timeout(model: PtzModel, clock: FakeClock) -> None:
    model.continuous_move((1.0, 0.0, 0.0), timeout=0.5)
    clock.now += 3.0
    assert model.position()[0] == pytest.approx(0.5 * PAN_TILT_RATE)
    assert model.moving() == (False, False)


def test_stop_keeps_the_position_and_can_spare_zoom(model: PtzModel, clock: FakeClock) -> None:
    model.continuous_move((1.0, 0.0, 1.0))
    clock.now += 0.4
    model.stop(pan_tilt=True, zoom=False)
    pan_at_stop = model.position()[0]
    clock.now += 0.4
    pan, _, zoom = model.position()
    assert pan == pytest.approx(pan_at_stop) == pytest.approx(0.4 * PAN_TILT_RATE)
    assert zoom == pytest.approx(0.8 * ZOOM_RATE)
    assert model.moving() == (False, True)
    model.stop()
    assert model.moving() == (False, False)


def test_absolute_move_glides_then_is_idle(model: PtzModel, clock: FakeClock) -> None:
    model.absolute_move((0.8, -0.4, 0.5))
    clock.now += 0.1
    assert model.position()[0] == pytest.approx(0.1 * GLIDE_RATE)
    assert model.moving() == (True, True)
    clock.now += 5.0
    assert model.position() == (0.8, -0.4, 0.5)
    assert model.moving() == (False, False)


def test_absolute_move_is_clamped(model: PtzModel, clock: FakeClock) -> None:
    model.absolute_move((3.0, -7.0, 2.0))
    clock.now += 10.0
    assert model.position() == (1.0, -1.0, 1.0)


def test_relative_move_adds_to_the_position(model: PtzModel, clock: FakeClock) -> None:
    model.absolute_move((0.2, 0.2, 0.2))
    clock.now += 5.0
    model.relative_move((0.3, -0.5, 0.1))
    clock.now += 5.0
    assert model.position() == pytest.approx((0.5, -0.3, 0.3))


def test_non_finite_coordinates_are_refused(model: PtzModel) -> None:
    with pytest.raises(PtzError) as info:
        model.absolute_move((float("nan"), 0.0, 0.0))
    assert info.value.code == "ter:InvalidArgVal"


def test_demo_presets_and_goto(model: PtzModel, clock: FakeClock) -> None:
    names = {p.name: p for p in model.presets.values()}
    assert {"Ingresso", "Incrocio"} <= set(names)
    model.goto_preset(names["Incrocio"].token)
    clock.now += 5.0
    assert model.position() == names["Incrocio"].position


def test_set_overwrite_and_remove_preset(model: PtzModel, clock: FakeClock) -> None:
    model.absolute_move((0.1, 0.2, 0.3))
    clock.now += 5.0
    token = model.set_preset("Porta")
    assert model.presets[token].position == pytest.approx((0.1, 0.2, 0.3))
    model.absolute_move((-0.5, 0.0, 0.0))
    clock.now += 5.0
    assert model.set_preset("Porta bis", token) == token
    assert model.presets[token].name == "Porta bis"
    assert model.presets[token].position == pytest.approx((-0.5, 0.0, 0.0))
    model.remove_preset(token)
    assert token not in model.presets
    with pytest.raises(PtzError):
        model.remove_preset(token)
    with pytest.raises(PtzError):
        model.goto_preset(token)


def test_home_and_set_home(model: PtzModel, clock: FakeClock) -> None:
    model.absolute_move((0.6, 0.6, 0.6))
    clock.now += 5.0
    model.set_home()
    model.absolute_move((-1.0, -1.0, 0.0))
    clock.now += 5.0
    model.goto_home()
    clock.now += 5.0
    assert model.position() == pytest.approx((0.6, 0.6, 0.6))


@given(
    st.lists(
        st.tuples(
            st.floats(-5, 5), st.floats(-5, 5), st.floats(-5, 5), st.floats(0, 10), st.booleans()
        ),
        max_size=20,
    )
)
def test_position_never_leaves_the_limits(moves: list[tuple[float, ...]]) -> None:
    clock = FakeClock()
    model = PtzModel(clock)
    for pan, tilt, zoom, dt, absolute in moves:
        if absolute:
            model.absolute_move((pan, tilt, zoom))
        else:
            model.continuous_move((pan, tilt, zoom))
        clock.now += dt
        p, t, z = model.position()
        assert -1.0 <= p <= 1.0 and -1.0 <= t <= 1.0 and 0.0 <= z <= 1.0
