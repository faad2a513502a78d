"""Simulated plate cameras: misreads, pictures, and every dialect read back by Occhio."""

from __future__ import annotations

import json
import random

from hypothesis import given
from hypothesis import strategies as st

from app.anpr import parse_dahua, parse_hik, parse_onvif, parse_webhook
from app.anpr.multipart import MultipartReader
from app.core.plates import normalise_plate
from app.core.plates_format import canonical
from app.sim import plates_wire as wire
from app.sim.plates import PlateTraffic, SimRead, italian_car, misread, plate_picture
from app.sim.plates_onvif import duration_s
from tests.unit.core.plate_strategies import italian_plates


@given(italian_plates, st.integers(0, 2**32))
def test_a_misread_is_one_confusion_or_one_lost_character(plate: str, seed: int) -> None:
    wrong = misread(plate, random.Random(seed))
    if len(wrong) == len(plate):
        assert wrong != plate and canonical(wrong) == canonical(plate)
    else:
        assert len(wrong) == len(plate) - 1


def test_traffic_has_italian_foreign_and_forced_plates() -> None:
    traffic = PlateTraffic("varco", seed=4)
    traffic.misread_rate = 0.0
    traffic.pictures = False
    plates = [traffic.read().plate for _ in range(300)]
    assert sum(len(p) == 7 and p[2:5].isdigit() and p[5:].isalpha() for p in plates) > 150
    assert any(p[2:].isdigit() and len(p) == 7 for p in plates)  # motorcycles
    assert any(not (len(p) == 7 and p[:2].isalpha()) for p in plates)  # foreign
    forced = traffic.read("AB123CD", exact=True)
    assert forced.plate == "AB123CD" and forced.true_plate == "AB123CD"


def test_pictures_are_jpegs_and_stop_at_load_test_rates() -> None:
    assert plate_picture(italian_car(random.Random(1))).startswith(b"\xff\xd8")
    traffic = PlateTraffic("varco", seed=1)
    assert traffic.read().vehicle_jpeg.startswith(b"\xff\xd8")
    traffic.set_rate(1000)
    assert traffic.read().plate_jpeg == b""


def test_durations() -> None:
    assert duration_s("PT60S", 1) == 60 and duration_s("PT1M", 1) == 60
    assert duration_s("PT2.5S", 1) == 2.5 and duration_s("soon", 7) == 7


reads = st.builds(
    SimRead,
    camera_id=st.just("varco"),
    plate=italian_plates,
    true_plate=st.just(""),
    country=st.sampled_from(["IT", "D", "CH"]),
    at=st.floats(1.7e9, 1.8e9),
    confidence=st.floats(0.5, 0.99),
    direction=st.sampled_from(["approaching", "leaving"]),
    lane=st.integers(1, 4),
    speed_kmh=st.floats(1, 130).map(lambda v: round(v, 1)),
    vehicle=st.sampled_from(["car", "motorcycle"]),
)


@given(reads)
def test_every_dialect_reads_back_the_same_plate(read: SimRead) -> None:
    now = read.at + 1
    parts = MultipartReader("b").feed(wire.hik_parts(read, "b", named=True))
    hik = parse_hik.parse_push(parts, "varco", now)
    dahua = parse_dahua.parse_event(wire.dahua_event(read), "varco", now)
    note = (
        '<n xmlns:wsnt="http://docs.oasis-open.org/wsn/b-2" '
        'xmlns:tt="http://www.onvif.org/ver10/schema"><wsnt:NotificationMessage>'
        "<wsnt:Topic>tns1:RuleEngine/Recognition/LicensePlate</wsnt:Topic>"
        f"<wsnt:Message>{wire.onvif_message(read)}</wsnt:Message>"
        "</wsnt:NotificationMessage></n>"
    )
    [onvif] = parse_onvif.parse_notifications(note.encode(), "varco", now)
    mapping = parse_webhook.check_mapping(wire.WEBHOOK_FIELDS)
    hook = parse_webhook.parse_webhook(wire.webhook_body(read), mapping, "varco", now)
    for got in (hik, dahua, onvif, hook):
        assert got is not None and got.plate == normalise_plate(read.plate)
        assert abs(got.captured_at - read.at) < 1.0
        assert got.direction.value == read.direction
    assert json.loads(wire.webhook_body(read))["lane"] == read.lane
