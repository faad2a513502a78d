"""Marks on a camera's tiles: the most urgent shown, the count of the others, changes said."""

from __future__ import annotations

from app.core.tile_marks import CameraMarks, TileMark

RED, YELLOW = "#d7263d", "#f6c445"


def test_a_mark_shows_until_removed_and_each_change_is_announced() -> None:
    marks = CameraMarks()
    changes: list[frozenset[str]] = []
    marks.changed.connect(changes.append)
    marks.add("cam-1", 7, TileMark(RED, "AB123CD", 1))
    assert marks.mark_of("cam-1") == TileMark(RED, "AB123CD", 1)
    assert marks.mark_of("cam-2") is None and marks.mark_of(None) is None
    marks.remove(7)
    assert marks.mark_of("cam-1") is None
    marks.remove(7)  # already gone: nothing to say
    assert changes == [frozenset({"cam-1"}), frozenset({"cam-1"})]


def test_the_most_urgent_mark_wins_and_the_others_are_counted() -> None:
    marks = CameraMarks()
    marks.add("cam-1", 1, TileMark(YELLOW, "ZT001AA", 5))
    marks.add("cam-1", 2, TileMark(RED, "AB123CD", 1))
    marks.add("cam-1", 3, TileMark(YELLOW, "ZT002BB", 5))
    assert marks.mark_of("cam-1") == TileMark(RED, "AB123CD +2", 1)
    assert marks.count("cam-1") == 3
    marks.remove(2)
    # Among equals the newest is shown.
    assert marks.mark_of("cam-1") == TileMark(YELLOW, "ZT002BB +1", 5)


def test_a_key_moved_to_another_camera_leaves_the_first() -> None:
    marks = CameraMarks()
    changes: list[frozenset[str]] = []
    marks.add("cam-1", 1, TileMark(RED, "AB123CD", 1))
    marks.changed.connect(changes.append)
    marks.add("cam-2", 1, TileMark(RED, "AB123CD", 1))
    assert marks.mark_of("cam-1") is None and marks.mark_of("cam-2") is not None
    assert changes == [frozenset({"cam-1", "cam-2"})]
    marks.clear()
    assert marks.mark_of("cam-2") is None and changes[-1] == frozenset({"cam-2"})
