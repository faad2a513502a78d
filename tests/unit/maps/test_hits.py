"""Plate hits on the map: shown per camera, flashing for a bounded time, acknowledged away."""

from __future__ import annotations

from app.maps.hits import HitBoard, HitMark


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _mark(hit_id: int, camera: str = "chiavari-05", plate: str = "AB123CD") -> HitMark:
    return HitMark(hit_id, camera, plate, "A1-Questura", "#e0262b", 1_780_000_000.0)


def test_a_hit_flashes_until_acknowledged_then_leaves() -> None:
    clock = Clock()
    board = HitBoard(clock, flash_s=60, keep_s=600)
    changes: list[int] = []
    board.changed.connect(lambda: changes.append(1))
    stamped = board.add(_mark(1))
    assert stamped is not None and stamped.arrived == 1000.0
    assert board.flashing(1)
    [entry] = board.by_camera()
    assert (entry.camera_id, entry.newest.plate, entry.count, entry.flashing) == (
        "chiavari-05",
        "AB123CD",
        1,
        True,
    )
    assert board.acknowledge(1)
    assert board.by_camera() == [] and not board.flashing(1)
    assert not board.acknowledge(1)
    assert changes == [1, 1]


def test_flashing_and_showing_are_bounded_in_time() -> None:
    clock = Clock()
    board = HitBoard(clock, flash_s=60, keep_s=600)
    board.add(_mark(1))
    clock.now += 59
    assert not board.tick() and board.flashing(1)
    clock.now += 1
    assert board.tick()
    assert not board.flashing(1) and board.mark(1) is not None  # steady, still shown
    assert not board.by_camera()[0].flashing
    clock.now += 540
    assert board.tick()
    assert board.mark(1) is None and len(board) == 0


def test_hits_at_one_camera_are_counted_newest_on_top() -> None:
    clock = Clock()
    board = HitBoard(clock)
    board.add(_mark(1, plate="AA111AA"))
    clock.now += 1
    board.add(_mark(2, camera="cogorno-02"))
    clock.now += 1
    board.add(_mark(3, plate="BB222BB"))
    assert board.add(_mark(3)) is None  # the same hit twice
    entries = board.by_camera()
    assert [e.camera_id for e in entries] == ["cogorno-02", "chiavari-05"]  # newest last
    assert entries[1].newest.plate == "BB222BB" and entries[1].count == 2
    assert [m.hit_id for m in board.at_camera("chiavari-05")] == [3, 1]
    assert board.open_ids() == [1, 2, 3]


def test_a_flood_keeps_the_newest_hits() -> None:
    board = HitBoard(Clock(), most=5)
    for hit_id in range(12):
        board.add(_mark(hit_id))
    assert board.open_ids() == [7, 8, 9, 10, 11]
    assert board.by_camera()[0].count == 5
