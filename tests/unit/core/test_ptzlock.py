"""PTZ locks: holding, refusing, taking over, expiring and travelling as data."""

from __future__ import annotations

import pytest

from app.core.ptzlock import PtzGrant, PtzLock, PtzLockTable, PtzRefusal


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def test_equal_priority_is_refused_with_the_holders_name() -> None:
    clock = FakeClock()
    table = PtzLockTable(15.0, clock)
    assert isinstance(table.acquire("cam1", "Rossi", 1), PtzGrant)
    clock.now += 5
    refusal = table.acquire("cam1", "Bianchi", 1)
    assert isinstance(refusal, PtzRefusal)
    assert (refusal.holder, refusal.reason) == ("Rossi", "ptz_in_use")
    assert refusal.remaining_s == pytest.approx(10.0)
    assert isinstance(table.acquire("cam1", "Verdi", 0), PtzRefusal)
    assert isinstance(table.acquire("cam2", "Bianchi", 0), PtzGrant)  # other camera is free


def test_moving_again_renews_the_lock() -> None:
    clock = FakeClock()
    table = PtzLockTable(15.0, clock)
    table.acquire("cam1", "Rossi")
    clock.now += 14
    table.acquire("cam1", "Rossi")
    clock.now += 14
    assert isinstance(table.acquire("cam1", "Bianchi"), PtzRefusal)


def test_lock_expires_by_itself() -> None:
    clock = FakeClock()
    table = PtzLockTable(15.0, clock)
    table.acquire("cam1", "Rossi", 5)
    clock.now += 15
    assert table.holder("cam1") is None
    grant = table.acquire("cam1", "Bianchi", 0)
    assert isinstance(grant, PtzGrant) and grant.taken_from == ""


def test_higher_priority_takes_over() -> None:
    clock = FakeClock()
    table = PtzLockTable(15.0, clock)
    table.acquire("cam1", "Rossi", 1)
    grant = table.acquire("cam1", "Comandante", 9)
    assert isinstance(grant, PtzGrant) and grant.taken_from == "Rossi"
    assert isinstance(table.acquire("cam1", "Rossi", 1), PtzRefusal)


def test_release_only_by_the_holder() -> None:
    table = PtzLockTable(15.0, FakeClock())
    table.acquire("cam1", "Rossi")
    assert not table.release("cam1", "Bianchi")
    assert table.release("cam1", "Rossi")
    assert table.locks() == []


def test_lock_travels_as_data_and_merges_by_the_same_rule() -> None:
    clock = FakeClock()
    here, there = PtzLockTable(15.0, clock), PtzLockTable(15.0, clock)
    grant = there.acquire("cam1", "Rossi", 1, station="sala-2")
    assert isinstance(grant, PtzGrant)
    lock = PtzLock.from_dict(grant.lock.as_dict())
    assert lock == grant.lock
    assert here.merge(lock)
    assert isinstance(here.acquire("cam1", "Bianchi", 1), PtzRefusal)
    assert not here.merge(PtzLock("cam1", "Verdi", 0, clock.now + 30))
    assert not here.merge(PtzLock("cam2", "Verdi", 0, clock.now - 1))  # already expired
    assert [x.operator for x in here.locks()] == ["Rossi"]


def test_malformed_lock_data_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="not a PTZ lock"):
        PtzLock.from_dict({"camera_id": "c", "operator": "x", "priority": "high"})
    with pytest.raises(ValueError):
        PtzLockTable(0)
