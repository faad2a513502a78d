"""Overload control: small background streams degrade first, never the watched ones."""

from __future__ import annotations

from app.core.streams import DecodeMode
from app.video.overload import Demand, Load, OverloadController, degrade_order

HOT = Load(gui_lag=0.2, cpu_share=0.5)
CALM = Load(gui_lag=0.0, cpu_share=0.1)


def wall() -> list[Demand]:
    return [
        Demand("big", 640 * 360),
        Demand("small-a", 320 * 180),
        Demand("selected", 100 * 60, selected=True),
        Demand("small-b", 320 * 180),
        Demand("maxi", 1920 * 1080, maximised=True),
        Demand("tiny", 160 * 90),
    ]


def test_order_is_smallest_first_and_skips_protected():
    assert degrade_order(wall()) == ["tiny", "small-a", "small-b", "big"]


def test_shared_stream_takes_the_best_of_its_tiles():
    demands = [Demand("a", 100), Demand("b", 50), Demand("a", 10, selected=True)]
    assert degrade_order(demands) == ["b"]


def test_overload_degrades_one_step_at_a_time_smallest_first():
    ctl = OverloadController(step_every=1.0, calm_for=5.0)
    modes = ctl.update(HOT, wall(), now=0.0)
    assert [k for k, m in modes.items() if m is DecodeMode.KEYFRAMES] == ["tiny"]
    # Within the step interval nothing more changes.
    modes = ctl.update(HOT, wall(), now=0.5)
    assert sum(m is DecodeMode.KEYFRAMES for m in modes.values()) == 1
    for t in range(1, 10):
        modes = ctl.update(HOT, wall(), now=float(t))
    slow = {k for k, m in modes.items() if m is DecodeMode.KEYFRAMES}
    assert slow == {"tiny", "small-a", "small-b", "big"}
    assert modes["maxi"] is DecodeMode.FULL and modes["selected"] is DecodeMode.FULL


def test_calm_restores_after_a_while_largest_first():
    ctl = OverloadController(step_every=1.0, calm_for=3.0)
    for t in range(3):
        ctl.update(HOT, wall(), now=float(t))
    assert ctl.degraded == 3
    modes = ctl.update(CALM, wall(), now=3.0)
    assert ctl.degraded == 3  # calm just began
    modes = ctl.update(CALM, wall(), now=6.0)
    assert ctl.degraded == 2
    assert modes["small-b"] is DecodeMode.FULL and modes["tiny"] is DecodeMode.KEYFRAMES


def test_cpu_share_alone_counts_as_overload():
    ctl = OverloadController()
    modes = ctl.update(Load(gui_lag=0.0, cpu_share=0.95), wall(), now=0.0)
    assert modes["tiny"] is DecodeMode.KEYFRAMES


def test_nothing_to_degrade_when_only_protected_streams():
    ctl = OverloadController()
    demands = [Demand("maxi", 10, maximised=True)]
    for t in range(5):
        modes = ctl.update(HOT, demands, now=float(t))
    assert modes == {"maxi": DecodeMode.FULL}
    assert ctl.degraded == 0


def test_a_wall_that_keeps_up_is_never_degraded():
    # Measured by the benchmark on 2 cores: 16 tiles x 25 fps all painted.
    ctl = OverloadController()
    for t in range(30):
        modes = ctl.update(Load(gui_lag=0.085, cpu_share=0.66), wall(), now=float(t))
    assert set(modes.values()) == {DecodeMode.FULL}
    assert ctl.degraded == 0
