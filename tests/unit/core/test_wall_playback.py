"""Playback tiles in the wall model: start, stop, swap, tours, layouts, sync, hidden tiles."""

from __future__ import annotations

import pytest

from app.core.tour import Tour
from app.core.wall import ScreenLayout, WallModel


def wall() -> WallModel:
    return WallModel(ScreenLayout("2x2", ("a", "b", "c")))


def test_start_and_stop_announce_the_tile_and_keep_its_camera() -> None:
    model = wall()
    seen: list[list[int]] = []
    model.playback_changed.connect(seen.append)
    tile = model.start_playback(0, 1000.0, playing=True)
    assert (tile.camera_id, tile.at, tile.playing, tile.synced) == ("a", 1000.0, True, False)
    assert model.playback_at(0) is tile and model.camera_at(0) == "a"
    model.stop_playback(0)
    model.stop_playback(0)  # already live: nothing to announce
    assert model.playback_at(0) is None and seen == [[0], [0]]
    with pytest.raises(ValueError, match="no camera"):
        model.start_playback(3, 1000.0)


def test_a_layout_saves_playback_tiles_as_live_and_loading_one_ends_them() -> None:
    model = wall()
    model.start_playback(1, 1000.0)
    saved = model.snapshot()
    assert saved.tiles == ("a", "b", "c")
    model.load(saved)
    assert model.playback.indices() == []


def test_swap_moves_the_playback_and_another_camera_ends_it() -> None:
    model = wall()
    first = model.start_playback(0, 1000.0)
    model.swap(0, 1)
    assert model.playback_at(1) == first and model.playback_at(0) is None
    model.assign(1, "a")  # the same camera again: still its recording
    assert model.playback_at(1) == first
    model.assign(1, "c")
    assert model.playback_at(1) is None


def test_tours_and_playback_exclude_each_other() -> None:
    model = wall()
    model.start_tour(0, Tour(("a", "b"), 5.0), 0.0)
    model.start_playback(0, 1000.0)
    assert model.tour_at(0) is None
    model.start_tour(0, Tour(("a", "c"), 5.0), 0.0)  # the tour's first camera is the same
    assert model.playback_at(0) is None and model.tour_at(0) is not None


def test_sync_group_and_remembered_position() -> None:
    model = wall()
    model.start_playback(0, 1000.0)
    model.start_playback(2, 2000.0, playing=True)
    model.set_synced(0, True)
    model.set_synced(2, True)
    model.set_synced(1, True)  # live: cannot follow a timeline
    assert model.playback.synced() == [0, 2]
    again = model.start_playback(2, 3000.0)  # a new playback of the same camera stays synced
    assert again.synced and again.ident != model.playback_at(0).ident  # type: ignore[union-attr]
    model.playback.note_position(2, 3050.0)
    noted = model.playback_at(2)
    assert noted is not None and noted.at == 3050.0 and not noted.playing
    assert noted.ident == again.ident


def test_the_screens_pages_and_playback_exclude_each_other() -> None:
    model = wall()
    model.start_playback(0, 1000.0)
    model.start_screen_tour(("a", "b", "c", "d", "e", "f", "g", "h"), 5.0, 0.0)
    assert model.camera_at(0) == "a" and model.playback_at(0) is None
    model.start_playback(0, 1000.0)  # the operator's choice: the pages stop
    assert model.screen_tour is None and model.playback_at(0) is not None
    model.start_screen_tour(("e", "f", "g", "h"), 5.0, 0.0)  # a page with another camera
    assert model.camera_at(0) == "e" and model.playback_at(0) is None
