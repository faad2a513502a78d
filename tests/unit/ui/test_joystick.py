"""Joystick mapping (no device needed) and the poller driving a PTZ session."""

from __future__ import annotations

import math

import pytest
from pytestqt.qtbot import QtBot

from app.core.ptzrate import Velocity
from app.ui.joystick import JoystickPoller, axes_to_velocity, pressed_buttons


def test_axes_inside_the_dead_zone_are_still() -> None:
    assert axes_to_velocity([0.1, -0.14, 0.05]).is_stop
    assert axes_to_velocity([]).is_stop
    assert axes_to_velocity([math.nan, 0.0]).is_stop


def test_axes_map_to_pan_tilt_zoom_with_forward_as_up() -> None:
    velocity = axes_to_velocity([1.0, -1.0, -1.0])
    assert velocity == Velocity(pan=1.0, tilt=1.0, zoom=1.0)
    half = axes_to_velocity([0.575, 0.0], zone=0.15)
    assert half.pan == pytest.approx(0.5)  # rescaled beyond the dead zone


def test_axes_beyond_range_are_clamped() -> None:
    velocity = axes_to_velocity([3.0, 7.5, -2.0])
    assert velocity == Velocity(pan=1.0, tilt=-1.0, zoom=1.0)


def test_buttons_count_only_when_they_go_down() -> None:
    assert pressed_buttons([], [False, True, True]) == [2, 3]
    assert pressed_buttons([False, True, True], [True, True, False]) == [1]
    assert pressed_buttons([True], [True]) == []


class FakeController:
    """Records what the poller asks of a camera."""

    def __init__(self) -> None:
        self.moves: list[Velocity] = []
        self.stops = 0
        self.jobs = 0

    def move(self, velocity: Velocity) -> bool:
        self.moves.append(velocity)
        return True

    def stop(self) -> None:
        self.stops += 1

    def run(self, _job: object, _done: object = None, moves: bool = True) -> bool:
        self.jobs += 1
        return True


def test_poller_moves_stops_and_calls_presets(qtbot: QtBot) -> None:
    camera = FakeController()
    poller = JoystickPoller(lambda: camera)  # type: ignore[arg-type,return-value]
    poller.apply([0.0, 0.0], [False])
    assert camera.moves == []  # a stick at rest says nothing
    poller.apply([0.8, 0.0], [False])
    poller.apply([0.0, 0.0], [True])
    assert [v.is_stop for v in camera.moves] == [False, True]
    assert camera.moves[0].pan > 0 and camera.jobs == 1
    poller.apply([0.0, 0.0], [True])  # held button: no second preset call
    assert camera.jobs == 1
