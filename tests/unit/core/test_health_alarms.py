"""Camera health and the alarms it raises, without Qt or network."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.core.alarm_rules import AlarmRules, QuietWindow
from app.core.alarm_store import AlarmStore
from app.core.alarms import AlarmEngine, AlarmKind, unacknowledged
from app.core.health import CameraHealth, HealthBook, Observation, Source
from app.core.streams import Failure

T0 = 1_800_000_000.0  # a fixed wall-clock start


def book_and_engine(tmp_path: Path, rules: AlarmRules | None = None):
    book = HealthBook(["cam-1", "cam-2"], started_at=T0)
    store = AlarmStore(tmp_path / "alarms.sqlite")
    engine = AlarmEngine(rules or AlarmRules(down_after_s=5), store)
    book.changed.connect(engine.on_health_changed)
    return book, engine, store


def ok(cam: str, at: float, **kw) -> Observation:
    return Observation(cam, True, at=at, **kw)


def down(cam: str, at: float, failure: Failure = Failure.UNREACHABLE, **kw) -> Observation:
    return Observation(cam, False, failure, "refused", at=at, **kw)


def test_health_follows_observations_and_keeps_down_since():
    book = HealthBook(["cam-1"], started_at=T0)
    seen = []
    book.changed.connect(lambda old, new: seen.append((old.health, new.health)))
    book.observe(down("cam-1", T0 + 1))
    assert book.record("cam-1").health is CameraHealth.NEVER_REACHED
    book.observe(ok("cam-1", T0 + 2))
    book.observe(down("cam-1", T0 + 10, down_since=T0 + 8))  # the stream knew its last picture
    record = book.record("cam-1")
    assert (record.health, record.since, record.failure) == (
        CameraHealth.DOWN,
        T0 + 8,
        Failure.UNREACHABLE,
    )
    book.observe(down("cam-1", T0 + 20))  # still down: "since" does not move
    assert book.record("cam-1").since == T0 + 8
    book.observe(Observation("cam-1", False, Failure.AUTH, at=T0 + 30))
    assert book.record("cam-1").health is CameraHealth.AUTH
    book.observe(ok("cam-1", T0 + 40, degraded=True, source=Source.WALL))
    assert book.record("cam-1").health is CameraHealth.DEGRADED
    assert seen == [
        (CameraHealth.UNKNOWN, CameraHealth.NEVER_REACHED),
        (CameraHealth.NEVER_REACHED, CameraHealth.OK),
        (CameraHealth.OK, CameraHealth.DOWN),
        (CameraHealth.DOWN, CameraHealth.AUTH),
        (CameraHealth.AUTH, CameraHealth.DEGRADED),
    ]
    assert book.counts()[CameraHealth.DEGRADED] == 1


def test_down_alarm_after_the_rule_delay_then_back(tmp_path):
    book, engine, _ = book_and_engine(tmp_path)
    book.observe(ok("cam-1", T0))
    book.observe(down("cam-1", T0 + 10))
    assert engine.tick(T0 + 12) == []  # down 2 s of the 5 asked
    raised = engine.tick(T0 + 15)
    assert [(a.kind, a.camera_id, a.failure) for a in raised] == [
        (AlarmKind.CAMERA_DOWN, "cam-1", Failure.UNREACHABLE)
    ]
    assert raised[0].since == T0 + 10 and raised[0].id > 0
    assert engine.tick(T0 + 30) == []  # one alarm per outage
    book.observe(ok("cam-1", T0 + 40))
    kinds = [a.kind for a in engine.recent()]
    assert kinds == [AlarmKind.CAMERA_BACK, AlarmKind.CAMERA_DOWN]


def test_a_blip_shorter_than_the_delay_raises_nothing(tmp_path):
    book, engine, _ = book_and_engine(tmp_path)
    book.observe(ok("cam-1", T0))
    book.observe(down("cam-1", T0 + 10))
    book.observe(ok("cam-1", T0 + 12))
    assert engine.tick(T0 + 20) == [] and engine.recent() == []


def test_wrong_credentials_and_ignored_cameras(tmp_path):
    rules = AlarmRules(down_after_s=0, ignore=("cam-2",))
    book, engine, _ = book_and_engine(tmp_path, rules)
    book.observe(Observation("cam-1", False, Failure.AUTH, at=T0))
    book.observe(down("cam-2", T0))
    raised = engine.tick(T0 + 1)
    assert [(a.kind, a.camera_id) for a in raised] == [(AlarmKind.WRONG_CREDENTIALS, "cam-1")]


def test_quiet_hours_hold_alarms_of_planned_work(tmp_path):
    window = QuietWindow(("cam-*",), dt.time(22, 0), dt.time(6, 0), "manutenzione")
    rules = AlarmRules(down_after_s=0, quiet=(window,))
    book = HealthBook(["cam-1"], started_at=T0)
    engine = AlarmEngine(
        rules, AlarmStore(":memory:"), local_time=lambda _t: dt.datetime(2026, 12, 3, 23, 30)
    )
    book.changed.connect(engine.on_health_changed)
    book.observe(down("cam-1", T0))
    assert engine.tick(T0 + 1) == []
    assert window.covers("cam-1", dt.datetime(2026, 12, 4, 5, 59))
    assert not window.covers("cam-1", dt.datetime(2026, 12, 4, 6, 0))


def test_acknowledgement_and_alarms_survive_a_restart(tmp_path):
    book, engine, store = book_and_engine(tmp_path)
    book.observe(ok("cam-1", T0))
    book.observe(down("cam-1", T0 + 1))
    (alarm,) = engine.tick(T0 + 10)
    assert unacknowledged(engine.recent()) == [alarm]
    acked = engine.acknowledge(alarm.id, "agente 7", "squadra avvisata", T0 + 20)
    assert acked is not None and (acked.acked_by, acked.note) == ("agente 7", "squadra avvisata")
    assert unacknowledged(engine.recent()) == []
    store.close()
    # After a restart the camera is still down: no second down alarm, but "back" when it is.
    reopened = AlarmStore(tmp_path / "alarms.sqlite")
    assert reopened.open_outages() == {"cam-1"}
    book2 = HealthBook(["cam-1"], started_at=T0 + 100)
    engine2 = AlarmEngine(AlarmRules(down_after_s=5), reopened)
    book2.changed.connect(engine2.on_health_changed)
    book2.observe(down("cam-1", T0 + 101))
    assert engine2.tick(T0 + 200) == []
    book2.observe(ok("cam-1", T0 + 300))
    assert engine2.recent()[0].kind is AlarmKind.CAMERA_BACK
    assert engine2.recent()[1].acked_by == "agente 7"


def test_an_unreachable_recorder_is_its_own_alarm(tmp_path):
    from app.core.health import book_ids, is_recorder, recorders_of
    from app.core.model import Camera, RecorderAddress, RecorderKind

    nvr = RecorderAddress(RecorderKind.HIKVISION, "10.0.0.9", 80, channel=2)
    cams = (
        Camera("cam-1", 1, "Uno", "s", recorder=nvr),
        Camera("cam-2", 2, "Due", "s", recorder=nvr),
        Camera("cam-3", 3, "Tre", "s", recorder=RecorderAddress(RecorderKind.CAMERA)),
    )
    assert list(recorders_of(cams)) == ["recorder:10.0.0.9:80"]  # one NVR, not its card
    ids = book_ids(cams)
    assert ids[-1] == "recorder:10.0.0.9:80" and is_recorder(ids[-1]) and not is_recorder("cam-1")
    book = HealthBook(ids, started_at=T0)
    engine = AlarmEngine(AlarmRules(down_after_s=0), AlarmStore(tmp_path / "a.sqlite"))
    book.changed.connect(engine.on_health_changed)
    book.observe(ok(ids[-1], T0))
    book.observe(down(ids[-1], T0 + 1))
    (alarm,) = engine.tick(T0 + 2)
    assert alarm.kind is AlarmKind.RECORDER_UNREACHABLE and alarm.priority == 2
