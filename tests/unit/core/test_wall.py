from __future__ import annotations

import pytest

from app.core.wall import ScreenLayout, WallModel


def test_assign_swap_clear_emit_changed_tiles() -> None:
    wall = WallModel(ScreenLayout("2x2", ("a", "b")))
    seen: list[list[int]] = []
    wall.tiles_changed.connect(seen.append)
    wall.swap(0, 1)
    wall.assign(3, "c")
    wall.clear(0)
    assert wall.visible_cameras() == [None, "a", None, "c"]
    assert seen == [[0, 1], [3], [0]]


def test_shrinking_the_grid_keeps_hidden_cameras() -> None:
    wall = WallModel(ScreenLayout("3x3", tuple(f"c{i}" for i in range(9))))
    wall.set_grid("2x2")
    assert wall.visible_cameras() == ["c0", "c1", "c2", "c3"]
    wall.set_grid("3x3")
    assert wall.visible_cameras()[8] == "c8"


def test_maximise_toggles_and_grid_change_restores() -> None:
    wall = WallModel()
    wall.toggle_maximise(4)
    assert wall.maximised == 4
    wall.toggle_maximise(4)
    assert wall.maximised is None
    wall.toggle_maximise(2)
    wall.set_grid("1+5")
    assert wall.maximised is None


def test_out_of_grid_index_is_refused() -> None:
    wall = WallModel(ScreenLayout("2x2"))
    with pytest.raises(IndexError, match="2x2"):
        wall.assign(4, "x")


def test_snapshot_trims_trailing_empty_tiles() -> None:
    wall = WallModel(ScreenLayout("3x3", ("a", None, "b", None)))
    assert wall.snapshot() == ScreenLayout("3x3", ("a", None, "b"))
