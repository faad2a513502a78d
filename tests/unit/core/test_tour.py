"""Tours: stepping, pause, pre-start of the next camera, and the wall model's part."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.tour import PRESTART_S, Tour, TourRun
from app.core.wall import ScreenLayout, WallModel

TOUR = Tour(("a", "b", "c"), dwell_s=10.0)


def test_steps_at_each_dwell_and_wraps():
    run = TourRun.start(TOUR, now=100.0)
    assert (run.camera, run.step(109.9).camera) == ("a", "a")
    run = run.step(110.0)
    assert run.camera == "b" and run.due == 120.0
    assert run.step(120.0).step(130.0).camera == "a"


def test_a_late_tick_skips_steps_but_stays_on_the_beat():
    run = TourRun.start(TOUR, now=0.0).step(35.0)  # 3 steps late
    assert (run.camera, run.due) == ("a", 40.0)


def test_next_camera_only_shortly_before_its_turn():
    run = TourRun.start(TOUR, now=0.0)
    assert run.next_camera(10.0 - PRESTART_S - 0.1) is None
    assert run.next_camera(10.0 - PRESTART_S) == "b"
    assert TourRun.start(Tour(("a",)), 0.0).next_camera(9.9) is None


def test_pause_keeps_the_time_left():
    run = TourRun.start(TOUR, now=0.0).toggle_pause(4.0)
    assert run.paused and run.step(100.0) is run and run.next_camera(100.0) is None
    assert run.label(50.0) == "SEQ 1/3 ||"
    resumed = run.toggle_pause(50.0)
    assert resumed.due == 56.0 and resumed.label(50.0) == "SEQ 1/3 · 6 s"


def test_a_loaded_tour_starts_with_a_full_dwell():
    run = TourRun.start(TOUR)
    run = run.step(5000.0)
    assert (run.camera, run.due) == ("a", 5010.0)


def test_bad_tours_are_refused():
    with pytest.raises(ValueError, match="at least one"):
        Tour(())
    with pytest.raises(ValueError, match="dwell"):
        Tour(("a",), dwell_s=0.5)
    with pytest.raises(ValueError, match="dwell"):
        Tour(("a",), dwell_s=float("nan"))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(0, 1e4), min_size=1, max_size=30))
def test_position_always_names_a_camera_of_the_tour(times):
    run = TourRun.start(TOUR, 0.0)
    for now in sorted(times):
        run = run.step(now)
        assert run.camera in TOUR.cameras
        assert run.due is None or run.due > now


def test_wall_model_runs_tours_and_the_operator_wins():
    model = WallModel(ScreenLayout("2x2", ("x",)))
    changed = []
    model.tiles_changed.connect(changed.append)
    model.start_tour(1, TOUR, now=0.0)
    assert model.camera_at(1) == "a"
    assert model.next_cameras(8.0) == {1: "b"}
    assert model.step_tours(10.0) == [1] and model.camera_at(1) == "b"
    model.swap(0, 1)  # the tour moves with its tile
    assert model.tour_at(0) is not None and model.tour_at(1) is None
    snapshot = model.snapshot()
    assert snapshot.tours == ((0, TOUR),)
    model.assign(0, "z")  # the operator's choice stops the tour
    assert model.tour_at(0) is None and model.camera_at(0) == "z"
    restored = WallModel(snapshot)
    assert restored.tour_at(0) is not None and restored.camera_at(0) == "a"


def test_screen_tour_shows_pages_and_follows_the_grid():
    model = WallModel(ScreenLayout("2x2"))
    cams = tuple(f"c{i}" for i in range(6))
    model.start_screen_tour(cams, 10.0, now=0.0)
    assert model.visible_cameras() == ["c0", "c1", "c2", "c3"]
    assert model.next_cameras(8.0) == {0: "c4", 1: "c5"}  # the next page warms up
    model.step_tours(10.0)
    assert model.visible_cameras() == ["c4", "c5", None, None]
    assert model.screen_tour.label(12.0) == "SEQ 2/2 · 8 s"
    snapshot = model.snapshot()
    assert snapshot.screen_tour is not None and snapshot.screen_tour.cameras == cams
    model.set_grid("1+5")  # six tiles: one page now
    assert model.visible_cameras() == list(cams)
    model.assign(0, "z")  # the operator's choice stops the screen's pages
    assert model.screen_tour is None
    restored = WallModel(snapshot)
    assert restored.screen_tour is not None and restored.visible_cameras()[:2] == ["c0", "c1"]
